use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use compute_amm_math::twap::Q64;
use compute_amm_math::{mul_div, mul_div_u128, swap_exact_in, FeeSchedule, Rounding};

use crate::constants::*;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::ProtocolFeesBurned;
use crate::instructions::token_cpi::burn_signed;
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
    let params = ctx.accounts.market.params;
    let pool = &mut ctx.accounts.pool;
    pool.update_oracle(now)?;
    let fees_quote = pool.protocol_fees_quote;
    let fees_credit = pool.protocol_fees_credit;
    require!(
        fees_quote > 0 || fees_credit > 0,
        ComputeAmmError::NothingToDo
    );

    let mut bought = 0u64;
    if fees_credit > 0 {
        let (twap, _) = pool
            .twap(now, params.buyback_twap_window_secs)?
            .ok_or(ComputeAmmError::TwapUnavailable)?;
        // The buyback pays the LP fee like any trade (k grows) but no protocol cut on itself.
        let schedule = FeeSchedule {
            swap_fee_ppm: params.swap_fee_ppm,
            protocol_share_ppm: 0,
        };
        let r = swap_exact_in(
            pool.reserve_credit,
            pool.reserve_quote,
            fees_credit,
            schedule,
        )
        .or_program_err()?;
        let fair =
            mul_div_u128(twap, u128::from(fees_credit), Q64, Rounding::Down).or_program_err()?;
        let fair = u64::try_from(fair).map_err(|_| ComputeAmmError::MathOverflow)?;
        let keep = u64::from(BPS_DENOMINATOR.saturating_sub(params.buyback_max_deviation_bps));
        let min_out =
            mul_div(fair, keep, u64::from(BPS_DENOMINATOR), Rounding::Up).or_program_err()?;
        if r.amount_out >= min_out {
            // The credits are already in the vault as fees; they become reserve.
            pool.protocol_fees_credit = 0;
            pool.reserve_credit = r.new_reserve_in;
            pool.reserve_quote = r.new_reserve_out;
            pool.swap_count = pool.swap_count.saturating_add(1);
            bought = r.amount_out;
        } else {
            // The pool has been moved: keep the credit fees for a later burn. With nothing else to
            // burn, say why.
            require!(fees_quote > 0, ComputeAmmError::BuybackPriceDeviation);
        }
    }
    pool.protocol_fees_quote = 0;
    let burned = fees_quote
        .checked_add(bought)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let market = &mut ctx.accounts.market;
    market.total_burned = market
        .total_burned
        .checked_add(burned)
        .ok_or(ComputeAmmError::MathOverflow)?;

    let a = &ctx.accounts;
    burn_signed(
        &a.token_program.to_account_info(),
        &a.protocol_mint.to_account_info(),
        &a.quote_vault.to_account_info(),
        &a.pool.to_account_info(),
        &a.pool.signer_seeds(),
        burned,
    )?;
    emit!(ProtocolFeesBurned {
        pool: a.pool.key(),
        burned,
        credit_fees_sold: if bought > 0 { fees_credit } else { 0 },
        quote_fees_burned_directly: fees_quote,
        market_total_burned: a.market.total_burned,
    });
    Ok(())
}
