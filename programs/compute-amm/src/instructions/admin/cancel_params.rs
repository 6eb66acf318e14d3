use anchor_lang::prelude::*;

use super::AdminOnly;
use crate::events::{emit_event, ParamsCancelled};
use crate::logic;

/// Withdraws a pending parameter change.
pub fn cancel_params(ctx: Context<AdminOnly>) -> Result<()> {
    let market = &mut ctx.accounts.market;
    let cancelled = logic::admin::cancel_params(market)?;
    emit_event(ParamsCancelled {
        market: market.key(),
        cancelled,
    });
    Ok(())
}
