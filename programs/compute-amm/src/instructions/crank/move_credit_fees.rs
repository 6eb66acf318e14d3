use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::instructions::token_cpi::transfer_signed;
use crate::state::{Market, Pool};

#[derive(Accounts)]
pub struct MoveCreditFees<'info> {
    pub cranker: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    /// A pool whose quote is not the protocol token.
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        constraint = source_pool.credit_vault == source_credit_vault.key() @ ComputeAmmError::WrongBuybackPool,
    )]
    pub source_pool: Box<Account<'info, Pool>>,
    #[account(mut)]
    pub source_credit_vault: Box<Account<'info, TokenAccount>>,
    /// The same class's pool against the protocol token, where `burn_protocol_fees` sells them.
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        constraint = buyback_pool.quote_mint == market.protocol_mint
            && buyback_pool.gpu_class == source_pool.gpu_class
            && buyback_pool.credit_vault == buyback_credit_vault.key() @ ComputeAmmError::WrongBuybackPool,
    )]
    pub buyback_pool: Box<Account<'info, Pool>>,
    #[account(mut)]
    pub buyback_credit_vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Moves a pool's accrued credit fees into the class's protocol-token pool as that pool's protocol
/// fees, so the next `burn_protocol_fees` sells them (TWAP-guarded) and burns the proceeds. No price
/// is involved here, so there is nothing to sandwich.
pub fn move_credit_fees(ctx: Context<MoveCreditFees>) -> Result<()> {
    let amount = ctx.accounts.source_pool.protocol_fees_credit;
    require!(amount > 0, ComputeAmmError::NothingToDo);
    ctx.accounts.source_pool.protocol_fees_credit = 0;
    let dest = &mut ctx.accounts.buyback_pool;
    dest.protocol_fees_credit = dest
        .protocol_fees_credit
        .checked_add(amount)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let a = &ctx.accounts;
    transfer_signed(
        &a.token_program.to_account_info(),
        &a.source_credit_vault.to_account_info(),
        &a.buyback_credit_vault.to_account_info(),
        &a.source_pool.to_account_info(),
        &a.source_pool.signer_seeds(),
        amount,
    )?;
    Ok(())
}
