use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, ProtocolFeesBurned};
use crate::instructions::token_cpi::burn_signed;
use crate::logic::burn;
use crate::state::{Market, Pool};

#[derive(Accounts)]
pub struct BurnProtocolFees<'info> {
    pub cranker: Signer<'info>,
    #[account(mut, has_one = protocol_mint)]
    pub market: Box<Account<'info, Market>>,
    /// A pool of credits against the protocol token itself.
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        has_one = credit_vault,
        has_one = quote_vault,
        constraint = pool.quote_mint == market.protocol_mint @ ComputeAmmError::WrongBuybackPool,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(mut)]
    pub credit_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub quote_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub protocol_mint: Box<Account<'info, Mint>>,
    pub token_program: Program<'info, Token>,
}

/// Burns a protocol-token pool's accrued protocol fees: its protocol-token fees directly, and its
/// credit fees after selling them into the same pool — a buyback whose execution price must be
/// within `buyback_max_deviation_bps` of the pool's TWAP over `buyback_twap_window_secs`, so moving
/// the spot price first (a sandwich) makes the buyback fail instead of paying the attacker: the credit
/// fees stay accrued for a later burn (the protocol-token fees are still burned), and with no
/// protocol-token fees to burn the instruction fails with `BuybackPriceDeviation`.
pub fn burn_protocol_fees(ctx: Context<BurnProtocolFees>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let plan = burn::burn_protocol_fees(&mut a.market, &mut a.pool, now)?;
    burn_signed(
        &a.token_program.to_account_info(),
        &a.protocol_mint.to_account_info(),
        &a.quote_vault.to_account_info(),
        &a.pool.to_account_info(),
        &a.pool.signer_seeds(),
        plan.burned,
    )?;
    emit_event(ProtocolFeesBurned {
        pool: a.pool.key(),
        burned: plan.burned,
        credit_fees_sold: plan.credit_fees_sold,
        quote_fees_burned_directly: plan.quote_fees_burned_directly,
        market_total_burned: a.market.total_burned,
    });
    Ok(())
}
