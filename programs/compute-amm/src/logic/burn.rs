//! The fee-burn path: a pool's accrued protocol fees become protocol tokens and are burned.

use anchor_lang::prelude::*;
use compute_amm_math::twap::Q64;
use compute_amm_math::{
    mul_div, mul_div_u128, swap_exact_in, FeeSchedule, Rounding, SwapResult, FEE_DENOMINATOR,
};

use crate::constants::{BPS_DENOMINATOR, BUYBACK_CHUNK_FEE_DIVISOR, BUYBACK_INTERVAL_SECS};
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

/// Of `available` input, the largest `x ≤ available` and `≤ reserve_in · swap_fee / 2` whose swap
/// into the pool (fee to the LPs) returns an output `accept(x, out)` admits; `None` when no positive
/// amount is admitted. `accept` is a limit price, so the average price of the trade falls as `x`
/// grows and a binary search finds the boundary (at most 64 steps); the chosen `x` is re-checked.
fn limit_trade(
    reserve_in: u64,
    reserve_out: u64,
    available: u64,
    swap_fee_ppm: u32,
    accept: impl Fn(u64, u64) -> Result<bool>,
) -> Result<Option<SwapResult>> {
    let cap = mul_div(
        reserve_in,
        u64::from(swap_fee_ppm),
        FEE_DENOMINATOR.safe_mul(BUYBACK_CHUNK_FEE_DIVISOR)?,
        Rounding::Down,
    )
    .or_program_err()?;
    let schedule = FeeSchedule {
        swap_fee_ppm,
        protocol_share_ppm: 0,
    };
    let admitted = |x: u64| -> Result<Option<SwapResult>> {
        if x == 0 {
            return Ok(None);
        }
        match swap_exact_in(reserve_in, reserve_out, x, schedule) {
            Ok(r) if accept(x, r.amount_out)? => Ok(Some(r)),
            _ => Ok(None),
        }
    };
    let hi = available.min(cap);
    if let Some(r) = admitted(hi)? {
        return Ok(Some(r));
    }
    // Invariant: `lo` admitted (or 0), `hi` not.
    let (mut lo, mut hi) = (0u64, hi);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if admitted(mid)?.is_some() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    admitted(lo)
}

/// Whether the pool may trade its own fees at `now`: once per `BUYBACK_INTERVAL_SECS`.
fn fee_trade_due(pool: &Pool, now: i64) -> Result<bool> {
    Ok(pool.last_fee_trade_ts == 0
        || now >= pool.last_fee_trade_ts.safe_add(BUYBACK_INTERVAL_SECS)?)
}

/// `twap · (1 ± bps)` in Q64.64 quote per credit, rounded toward the pool (the lower bound down for
/// a sale's floor is rounded up, the upper bound for a purchase's ceiling down).
fn band(twap: u128, bps: u16, above: bool) -> Result<u128> {
    let d = u128::from(BPS_DENOMINATOR);
    let b = u128::from(bps);
    if above {
        mul_div_u128(twap, d.safe_add(b)?, d, Rounding::Down).or_program_err()
    } else {
        mul_div_u128(twap, d.safe_sub(b)?, d, Rounding::Up).or_program_err()
    }
}

/// `burn_protocol_fees` on a pool quoted in the protocol token. The accrued quote fees burn
/// directly, always (no price is involved). The accrued credit fees are sold into the pool in
/// **chunks**: at most `reserve_credit · swap_fee / 2` per call and one call per
/// `BUYBACK_INTERVAL_SECS`, each at an average price no lower than the TWAP over
/// `buyback_twap_window_secs` less `buyback_max_deviation_bps`; what is not sold stays accrued for
/// later calls. A chunk moves the price by at most about one swap fee, so a sandwich around it
/// gains at most one fee on its size and pays two; the floor stops sales into a crashed spot.
pub fn burn_protocol_fees(market: &mut Market, pool: &mut Pool, now: i64) -> Result<BurnPlan> {
    let params = market.params;
    let due = fee_trade_due(pool, now)?;
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
        let twap = pool.twap(now, params.buyback_twap_window_secs)?;
        match (due, twap) {
            (false, _) => require!(fees_quote > 0, ComputeAmmError::FeeTradeTooSoon),
            (true, None) => require!(fees_quote > 0, ComputeAmmError::TwapUnavailable),
            (true, Some((twap, _))) => {
                let floor = band(twap, params.buyback_max_deviation_bps, false)?;
                // proceeds ≥ x · floor
                let sale = limit_trade(
                    pool.reserve_credit,
                    pool.reserve_quote,
                    fees_credit,
                    params.swap_fee_ppm,
                    |x, out| {
                        let min = mul_div_u128(floor, u128::from(x), Q64, Rounding::Up)
                            .or_program_err()?;
                        Ok(u128::from(out) >= min)
                    },
                )?;
                if let Some(r) = sale {
                    pool.protocol_fees_credit = fees_credit.safe_sub(r.amount_in)?;
                    pool.reserve_credit = r.new_reserve_in;
                    pool.reserve_quote = r.new_reserve_out;
                    pool.swap_count = pool.swap_count.saturating_add(1);
                    pool.last_fee_trade_ts = now;
                    bought = r.amount_out;
                    sold = r.amount_in;
                }
                require!(
                    fees_quote > 0 || sold > 0,
                    ComputeAmmError::BuybackPriceDeviation
                );
            }
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

/// What `move_credit_fees` did: `converted` quote fees of the source pool (a stablecoin such as
/// USDC) bought `converted_credits` credits in that same pool, which joined its credit fees, and
/// `moved` credit fees left for the buyback pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeeMove {
    pub converted: u64,
    pub converted_credits: u64,
    pub moved: u64,
}

/// The route from a pool quoted in another token (a stablecoin) to the burn: its accrued quote fees
/// buy credits in the same pool, in chunks bounded like the buyback's (at most `reserve_quote ·
/// swap_fee / 2` per call, one call per `BUYBACK_INTERVAL_SECS`, average price paid no higher than
/// the TWAP plus `buyback_max_deviation_bps`); the credits bought become the pool's credit fees.
/// No token moves: the quote fees join the reserve and the credits leave it, both inside the pool's
/// own vaults. Returns `(quote spent, credits bought)`, `(0, 0)` when nothing could be converted
/// (no quote fees, too soon, no TWAP history, or no admissible amount).
pub fn convert_quote_fees(market: &Market, pool: &mut Pool, now: i64) -> Result<(u64, u64)> {
    let params = market.params;
    let due = fee_trade_due(pool, now)?;
    pool.update_oracle(now)?;
    let fees_quote = pool.protocol_fees_quote;
    if !due || fees_quote == 0 || pool.reserve_credit == 0 {
        return Ok((0, 0));
    }
    let Some((twap, _)) = pool.twap(now, params.buyback_twap_window_secs)? else {
        return Ok((0, 0));
    };
    let ceiling = band(twap, params.buyback_max_deviation_bps, true)?;
    // paid x ≤ credits · ceiling
    let buy = limit_trade(
        pool.reserve_quote,
        pool.reserve_credit,
        fees_quote,
        params.swap_fee_ppm,
        |x, out| {
            let worth =
                mul_div_u128(ceiling, u128::from(out), Q64, Rounding::Down).or_program_err()?;
            Ok(u128::from(x) <= worth)
        },
    )?;
    let Some(r) = buy else {
        return Ok((0, 0));
    };
    pool.protocol_fees_quote = fees_quote.safe_sub(r.amount_in)?;
    pool.protocol_fees_credit = pool.protocol_fees_credit.safe_add(r.amount_out)?;
    pool.reserve_quote = r.new_reserve_in;
    pool.reserve_credit = r.new_reserve_out;
    pool.swap_count = pool.swap_count.saturating_add(1);
    pool.last_fee_trade_ts = now;
    Ok((r.amount_in, r.amount_out))
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
/// Before the move, the source pool's quote fees are converted to credits (`convert_quote_fees`), so
/// a market whose users pay in a stablecoin burns in proportion to its usage.
pub fn move_credit_fees(
    market: &Market,
    source: &mut Pool,
    buyback: &mut Pool,
    now: i64,
) -> Result<FeeMove> {
    let (converted, converted_credits) = convert_quote_fees(market, source, now)?;
    let amount = source.protocol_fees_credit;
    require!(amount > 0, ComputeAmmError::NothingToDo);
    source.protocol_fees_credit = 0;
    buyback.protocol_fees_credit = buyback.protocol_fees_credit.safe_add(amount)?;
    Ok(FeeMove {
        converted,
        converted_credits,
        moved: amount,
    })
}
