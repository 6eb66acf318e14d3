use anchor_lang::prelude::*;

use crate::events::{emit_event, ParamsApplied};
use crate::logic;
use crate::state::Market;

#[derive(Accounts)]
pub struct ApplyParams<'info> {
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
}

/// Applies a pending parameter change once its timelock has passed. Permissionless: the change was
/// public and fixed when proposed, so who presses the button does not matter.
pub fn apply_params(ctx: Context<ApplyParams>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let market = &mut ctx.accounts.market;
    let old_params = logic::admin::apply_params(market, now)?;
    emit_event(ParamsApplied {
        market: market.key(),
        old_params,
        new_params: market.params,
    });
    Ok(())
}
