use anchor_lang::prelude::*;
use anchor_spl::token::TokenAccount;

use crate::error::ComputeAmmError;
use crate::events::{emit_event, RolesProposed};
use crate::logic;
use crate::state::Market;

#[derive(Accounts)]
pub struct ProposeRoles<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ ComputeAmmError::Unauthorized)]
    pub market: Box<Account<'info, Market>>,
    /// The next treasury: must hold the protocol token (slash shares are paid into it).
    #[account(token::mint = market.protocol_mint)]
    pub new_treasury: Box<Account<'info, TokenAccount>>,
}

/// Proposes a new arbiter and treasury. Like parameters they bind only after the current timelock,
/// so a provider who distrusts the new arbiter can unstake before it can rule on its jobs; an absent
/// or compromised arbiter can thus be replaced. A new proposal replaces a pending one.
pub fn propose_roles(ctx: Context<ProposeRoles>, arbiter: Pubkey) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let treasury = ctx.accounts.new_treasury.key();
    let market = &mut ctx.accounts.market;
    let effective_at = logic::admin::propose_roles(market, arbiter, treasury, now)?;
    emit_event(RolesProposed {
        market: market.key(),
        arbiter,
        treasury,
        effective_at,
    });
    Ok(())
}
