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
    /// A pool whose quote is not the protocol token (a stablecoin such as USDC).
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        constraint = source_pool.credit_vault == source_credit_vault.key()
            && source_pool.quote_mint != market.protocol_mint @ ComputeAmmError::WrongBuybackPool,
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

/// Moves a pool's accrued fees toward the burn. First its quote fees (USDC, say) buy credits in the
/// same pool at a limit price of the pool's TWAP, at most half a swap fee's worth of the reserve per
/// call (`logic::burn::convert_quote_fees`; no tokens move, the pool's own vaults hold both sides);
/// then all its credit fees move into the class's protocol-token pool as that pool's protocol fees,
/// where the next `burn_protocol_fees` sells them and burns the proceeds. The move itself involves
/// no price; the conversion is bounded like the buyback, so neither pays a sandwich.
pub fn move_credit_fees(ctx: Context<MoveCreditFees>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let m = burn::move_credit_fees(&a.market, &mut a.source_pool, &mut a.buyback_pool, now)?;
    transfer_signed(
        &a.token_program.to_account_info(),
        &a.source_credit_vault.to_account_info(),
        &a.buyback_credit_vault.to_account_info(),
        &a.source_pool.to_account_info(),
        &a.source_pool.signer_seeds(),
        m.moved,
    )?;
    emit_event(CreditFeesMoved {
        source_pool: a.source_pool.key(),
        buyback_pool: a.buyback_pool.key(),
        amount: m.moved,
        buyback_pool_credit_fees: a.buyback_pool.protocol_fees_credit,
        quote_fees_converted: m.converted,
        credits_bought: m.converted_credits,
        source_pool_quote_fees: a.source_pool.protocol_fees_quote,
    });
    Ok(())
}
