use anchor_lang::prelude::*;

use crate::events::{emit_event, RolesApplied};
use crate::logic;

use super::ApplyParams;

/// Applies a pending arbiter and treasury once the timelock has passed. Permissionless, as
/// `apply_params`: the change was public and fixed when proposed.
pub fn apply_roles(ctx: Context<ApplyParams>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let market = &mut ctx.accounts.market;
    let (old_arbiter, old_treasury) = logic::admin::apply_roles(market, now)?;
    emit_event(RolesApplied {
        market: market.key(),
        old_arbiter,
        old_treasury,
        arbiter: market.arbiter,
        treasury: market.treasury,
    });
    Ok(())
}
