use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, SettlementFeesMoved};
use crate::instructions::token_cpi::transfer_signed;
use crate::logic::burn;
use crate::state::{GpuClass, Market, Pool};

#[derive(Accounts)]
pub struct MoveSettlementFees<'info> {
    /// Anyone.
    pub cranker: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    /// The class whose escrow vault holds the accrued take; `settlement_fees` goes to zero.
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        has_one = escrow_vault,
    )]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    /// Pays the take out (signed by the class PDA).
    #[account(mut)]
    pub escrow_vault: Box<Account<'info, TokenAccount>>,
    /// The class's pool against the protocol token; the take becomes its credit fees.
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        constraint = buyback_pool.quote_mint == market.protocol_mint
            && buyback_pool.gpu_class == gpu_class.key()
            && buyback_pool.credit_vault == buyback_credit_vault.key() @ ComputeAmmError::WrongBuybackPool,
    )]
    pub buyback_pool: Box<Account<'info, Pool>>,
    /// Receives the take.
    #[account(mut)]
    pub buyback_credit_vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Moves a class's accrued settlement take from its escrow vault to its protocol-token pool as that
/// pool's credit fees, so the next `burn_protocol_fees` sells them and burns the proceeds. No price
/// is involved here.
pub fn move_settlement_fees(ctx: Context<MoveSettlementFees>) -> Result<()> {
    let a = ctx.accounts;
    let amount = burn::move_settlement_fees(&mut a.gpu_class, &mut a.buyback_pool)?;
    let class_info = a.gpu_class.to_account_info();
    a.gpu_class.with_signer(|seeds| {
        transfer_signed(
            &a.token_program.to_account_info(),
            &a.escrow_vault.to_account_info(),
            &a.buyback_credit_vault.to_account_info(),
            &class_info,
            seeds,
            amount,
        )
    })?;
    emit_event(SettlementFeesMoved {
        gpu_class: a.gpu_class.key(),
        buyback_pool: a.buyback_pool.key(),
        amount,
    });
    Ok(())
}
