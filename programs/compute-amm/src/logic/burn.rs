//! The fee-burn path: a pool's accrued protocol fees become protocol tokens and are burned.

use anchor_lang::prelude::*;
use compute_amm_math::twap::Q64;
use compute_amm_math::{mul_div, mul_div_u128, swap_exact_in, FeeSchedule, Rounding};

use crate::constants::BPS_DENOMINATOR;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::safe_math::SafeMath;
use crate::state::{GpuClass, Market, Pool};

/// What `burn_protocol_fees` burns: `burned` protocol tokens out of the pool's quote vault, made of
/// the accrued quote fees and the proceeds of selling `credit_fees_sold` credits into the pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BurnPlan {
    pub burned: u64,
    pub credit_fees_sold: u64,
    pub quote_fees_burned_directly: u64,
    /// Protocol tokens the credit-fee sale bought (part of `burned`).
    pub bought: u64,
}

/// `burn_protocol_fees` on a pool quoted in the protocol token: the accrued quote fees burn
/// directly; accrued credit fees are sold into the pool first, only if the sale's price stays within
/// `buyback_max_deviation_bps` of the TWAP (otherwise they wait, and the direct burn still happens).
pub fn burn_protocol_fees(market: &mut Market, pool: &mut Pool, now: i64) -> Result<BurnPlan> {
    let params = market.params;
    pool.update_oracle(now)?;
    let fees_quote = pool.protocol_fees_quote;
    let fees_credit = pool.protocol_fees_credit;
    require!(
        fees_quote > 0 || fees_credit > 0,
        ComputeAmmError::NothingToDo
    );
    let mut bought = 0u64;
    let mut sold = 0u64;
    if fees_credit > 0 {
        let (twap, _) = pool
            .twap(now, params.buyback_twap_window_secs)?
            .ok_or(ComputeAmmError::TwapUnavailable)?;
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
            pool.protocol_fees_credit = 0;
            pool.reserve_credit = r.new_reserve_in;
            pool.reserve_quote = r.new_reserve_out;
            pool.swap_count = pool.swap_count.saturating_add(1);
            bought = r.amount_out;
            sold = fees_credit;
        } else {
            require!(fees_quote > 0, ComputeAmmError::BuybackPriceDeviation);
        }
    }
    pool.protocol_fees_quote = 0;
    let burned = fees_quote.safe_add(bought)?;
    market.total_burned = market.total_burned.safe_add(burned)?;
    Ok(BurnPlan {
        burned,
        credit_fees_sold: sold,
        quote_fees_burned_directly: fees_quote,
        bought,
    })
}

/// `move_settlement_fees`: the settlement take accrued in a class's escrow vault moves to the class's
/// protocol-token pool as credit fees, where the next burn sells them. Token movement: the returned
/// amount, escrow vault → pool credit vault.
pub fn move_settlement_fees(class: &mut GpuClass, buyback: &mut Pool) -> Result<u64> {
    let amount = class.settlement_fees;
    require!(amount > 0, ComputeAmmError::NothingToDo);
    class.settlement_fees = 0;
    buyback.protocol_fees_credit = buyback.protocol_fees_credit.safe_add(amount)?;
    Ok(amount)
}

/// `move_credit_fees`: a pool's accrued credit fees move to the class's protocol-token pool, where
/// the next burn sells them. Token movement: the returned amount, source credit vault → buyback
/// credit vault.
pub fn move_credit_fees(source: &mut Pool, buyback: &mut Pool) -> Result<u64> {
    let amount = source.protocol_fees_credit;
    require!(amount > 0, ComputeAmmError::NothingToDo);
    source.protocol_fees_credit = 0;
    buyback.protocol_fees_credit = buyback.protocol_fees_credit.safe_add(amount)?;
    Ok(amount)
}
