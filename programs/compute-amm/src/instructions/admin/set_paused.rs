use anchor_lang::prelude::*;

use super::AdminOnly;
use crate::events::{emit_event, PauseChanged};
use crate::logic;

/// Sets the per-action pause bits (`pause::SWAP | pause::DEPOSIT | ...`). Pausing stops actions; it
/// never moves funds.
pub fn set_paused(ctx: Context<AdminOnly>, flags: u16) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let market = &mut ctx.accounts.market;
    let old_flags = logic::admin::set_paused(market, flags, now)?;
    emit_event(PauseChanged {
        market: market.key(),
        old_flags,
        new_flags: flags,
    });
    Ok(())
}
