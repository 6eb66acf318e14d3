use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::AdminTransferred;
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
    let market = &mut ctx.accounts.market;
    let old_admin = market.admin;
    market.admin = ctx.accounts.new_admin.key();
    market.pending_admin = Pubkey::default();
    emit!(AdminTransferred {
        market: market.key(),
        old_admin,
        new_admin: market.admin,
    });
    Ok(())
}
