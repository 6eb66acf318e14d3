use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::ParamsApplied;
use crate::state::{Market, MarketParams};

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
    require!(
        market.pending_params_effective_at != 0,
        ComputeAmmError::NoPendingChange
    );
    require!(
        now >= market.pending_params_effective_at,
        ComputeAmmError::TimelockNotElapsed
    );
    let old_params = market.params;
    market.params = market.pending_params;
    // A new initial emission restarts the live schedule from it (how governance steps emissions,
    // e.g. a halving); otherwise the schedule keeps decaying from where it is.
    if market.params.emission_initial != old_params.emission_initial {
        market.next_emission = market.params.emission_initial;
    }
    market.pending_params = MarketParams::default();
    market.pending_params_effective_at = 0;
    emit!(ParamsApplied {
        market: market.key(),
        old_params,
        new_params: market.params,
    });
    Ok(())
}
