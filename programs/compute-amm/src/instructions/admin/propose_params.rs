use anchor_lang::prelude::*;

use super::AdminOnly;
use crate::events::{emit_event, ParamsProposed};
use crate::logic;
use crate::state::MarketParams;

/// Proposes new market parameters. They can be applied only after the *current* timelock, which
/// exceeds the unstake cooldown: anyone who dislikes the change can leave before it binds them.
/// A new proposal replaces a pending one and restarts the clock.
pub fn propose_params(ctx: Context<AdminOnly>, params: MarketParams) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let market = &mut ctx.accounts.market;
    let effective_at = logic::admin::propose_params(market, params, now)?;
    emit_event(ParamsProposed {
        market: market.key(),
        params,
        effective_at,
    });
    Ok(())
}
