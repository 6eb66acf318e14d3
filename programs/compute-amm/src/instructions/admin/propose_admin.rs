use anchor_lang::prelude::*;

use super::AdminOnly;
use crate::events::{emit_event, AdminTransferProposed};
use crate::logic;

/// Step one of the two-step admin transfer: name the successor. Nothing changes until the successor
/// accepts, so a typo cannot hand the market to a key nobody holds. Proposing `Pubkey::default()`
/// withdraws a pending proposal.
pub fn propose_admin(ctx: Context<AdminOnly>, new_admin: Pubkey) -> Result<()> {
    let market = &mut ctx.accounts.market;
    logic::admin::propose_admin(market, new_admin);
    emit_event(AdminTransferProposed {
        market: market.key(),
        admin: market.admin,
        pending_admin: new_admin,
    });
    Ok(())
}
