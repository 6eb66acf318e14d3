use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, CreditFeesMoved};
use crate::instructions::token_cpi::transfer_signed;
use crate::logic::burn;
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
    let a = ctx.accounts;
    let amount = burn::move_credit_fees(&mut a.source_pool, &mut a.buyback_pool)?;
    transfer_signed(
        &a.token_program.to_account_info(),
        &a.source_credit_vault.to_account_info(),
        &a.buyback_credit_vault.to_account_info(),
        &a.source_pool.to_account_info(),
        &a.source_pool.signer_seeds(),
        amount,
    )?;
    emit_event(CreditFeesMoved {
        source_pool: a.source_pool.key(),
        buyback_pool: a.buyback_pool.key(),
        amount,
        buyback_pool_credit_fees: a.buyback_pool.protocol_fees_credit,
    });
    Ok(())
}
