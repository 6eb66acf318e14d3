use anchor_lang::prelude::*;

use super::AdminOnly;
use crate::error::ComputeAmmError;
use crate::events::ParamsCancelled;
use crate::state::MarketParams;

/// Withdraws a pending parameter change.
pub fn cancel_params(ctx: Context<AdminOnly>) -> Result<()> {
    let market = &mut ctx.accounts.market;
    require!(
        market.pending_params_effective_at != 0,
        ComputeAmmError::NoPendingChange
    );
    let cancelled = market.pending_params;
    market.pending_params = MarketParams::default();
    market.pending_params_effective_at = 0;
    emit!(ParamsCancelled {
        market: market.key(),
        cancelled,
    });
    Ok(())
}
