use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::{emit_event, AdminTransferred};
use crate::logic;
use crate::state::Market;

#[derive(Accounts)]
pub struct AcceptAdmin<'info> {
    /// The proposed admin.
    pub new_admin: Signer<'info>,
    #[account(
        mut,
        constraint = market.pending_admin == new_admin.key()
            && market.pending_admin != Pubkey::default() @ ComputeAmmError::NotPendingAdmin,
    )]
    pub market: Box<Account<'info, Market>>,
}

/// Step two of the admin transfer: the proposed admin signs and takes over.
pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
    let new_admin = ctx.accounts.new_admin.key();
    let market = &mut ctx.accounts.market;
    let old_admin = logic::admin::accept_admin(market, new_admin);
    emit_event(AdminTransferred {
        market: market.key(),
        old_admin,
        new_admin,
    });
    Ok(())
}
