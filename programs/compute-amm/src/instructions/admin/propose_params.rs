use anchor_lang::prelude::*;

use super::AdminOnly;
use crate::error::ComputeAmmError;
use crate::events::ParamsProposed;
use crate::state::MarketParams;

/// Proposes new market parameters. They can be applied only after the *current* timelock, which
/// exceeds the unstake cooldown: anyone who dislikes the change can leave before it binds them.
/// A new proposal replaces a pending one and restarts the clock.
pub fn propose_params(ctx: Context<AdminOnly>, params: MarketParams) -> Result<()> {
    params.validate()?;
    let now = Clock::get()?.unix_timestamp;
    let market = &mut ctx.accounts.market;
    let effective_at = now
        .checked_add(market.params.param_timelock_secs)
        .ok_or(ComputeAmmError::MathOverflow)?;
    market.pending_params = params;
    market.pending_params_effective_at = effective_at;
    emit!(ParamsProposed {
        market: market.key(),
        params,
        effective_at,
    });
    Ok(())
}
