use anchor_lang::prelude::*;

use super::AdminOnly;
use crate::error::ComputeAmmError;
use crate::events::PauseChanged;
use crate::state::pause;

/// Sets the per-action pause bits (`pause::SWAP | pause::DEPOSIT | ...`). Pausing stops actions; it
/// never moves funds.
pub fn set_paused(ctx: Context<AdminOnly>, flags: u16) -> Result<()> {
    require!(flags & !pause::ALL == 0, ComputeAmmError::InvalidPauseFlags);
    let market = &mut ctx.accounts.market;
    let old_flags = market.paused;
    market.paused = flags;
    emit!(PauseChanged {
        market: market.key(),
        old_flags,
        new_flags: flags,
    });
    Ok(())
}
