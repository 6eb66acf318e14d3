//! Swaps: the pool's reserves by direction, the curve (`compute_amm_math`), the limit checks and the
//! state update, in the order the program applies them.

use anchor_lang::prelude::*;
use compute_amm_math::{invariant_k, SwapResult};

use crate::error::{ComputeAmmError, MathResultExt};
use crate::safe_math::SafeMath;
use crate::state::{pause, Market, Pool, SwapDirection};

/// A swap request: what is fixed and the caller's limit on the other side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwapKind {
    /// Pay exactly `amount_in`, receive at least `min_amount_out`.
    ExactIn { amount_in: u64, min_amount_out: u64 },
    /// Receive exactly `amount_out`, pay at most `max_amount_in`.
    ExactOut { amount_out: u64, max_amount_in: u64 },
}

/// `(reserve in, reserve out)` of a swap in `direction`.
pub fn reserves(pool: &Pool, direction: SwapDirection) -> (u64, u64) {
    match direction {
        SwapDirection::BuyCredits => (pool.reserve_quote, pool.reserve_credit),
        SwapDirection::SellCredits => (pool.reserve_credit, pool.reserve_quote),
    }
}

/// The curve's result for `kind` on the pool as it stands (no state change).
pub fn quote(
    market: &Market,
    pool: &Pool,
    direction: SwapDirection,
    kind: SwapKind,
) -> Result<SwapResult> {
    let (reserve_in, reserve_out) = reserves(pool, direction);
    let fees = market.params.fee_schedule();
    match kind {
        SwapKind::ExactIn {
            amount_in,
            min_amount_out,
        } => {
            let r = compute_amm_math::swap_exact_in(reserve_in, reserve_out, amount_in, fees)
                .or_program_err()?;
            require!(
                r.amount_out >= min_amount_out,
                ComputeAmmError::SlippageExceeded
            );
            Ok(r)
        }
        SwapKind::ExactOut {
            amount_out,
            max_amount_in,
        } => {
            let r = compute_amm_math::swap_exact_out(reserve_in, reserve_out, amount_out, fees)
                .or_program_err()?;
            require!(
                r.amount_in <= max_amount_in,
                ComputeAmmError::MaxInputExceeded
            );
            Ok(r)
        }
    }
}

/// Applies a swap result to the pool: new reserves, the protocol fee set aside on the input side,
/// and the guard that `k` never decreases.
pub fn apply_swap_state(pool: &mut Pool, direction: SwapDirection, r: &SwapResult) -> Result<()> {
    let k_before = invariant_k(pool.reserve_credit, pool.reserve_quote);
    match direction {
        SwapDirection::BuyCredits => {
            pool.reserve_quote = r.new_reserve_in;
            pool.reserve_credit = r.new_reserve_out;
            pool.protocol_fees_quote = pool.protocol_fees_quote.safe_add(r.fee_protocol)?;
        }
        SwapDirection::SellCredits => {
            pool.reserve_credit = r.new_reserve_in;
            pool.reserve_quote = r.new_reserve_out;
            pool.protocol_fees_credit = pool.protocol_fees_credit.safe_add(r.fee_protocol)?;
        }
    }
    // Each vault holds reserve + accrued fees; both must stay representable.
    pool.reserve_credit.safe_add(pool.protocol_fees_credit)?;
    pool.reserve_quote.safe_add(pool.protocol_fees_quote)?;
    require!(
        invariant_k(pool.reserve_credit, pool.reserve_quote) >= k_before,
        ComputeAmmError::InvariantViolated
    );
    pool.swap_count = pool.swap_count.saturating_add(1);
    Ok(())
}

/// `swap_exact_in` / `swap_exact_out`: the trader, holding `available` of the input token, swaps on
/// the pool. Token movements: `amount_in` trader → input vault, `amount_out` output vault → trader.
pub fn swap(
    market: &Market,
    pool: &mut Pool,
    direction: SwapDirection,
    kind: SwapKind,
    available: u64,
    deadline: i64,
    now: i64,
) -> Result<SwapResult> {
    market.ensure_not_paused(pause::SWAP)?;
    check_deadline(now, deadline)?;
    pool.update_oracle(now)?;
    let r = quote(market, pool, direction, kind)?;
    apply_swap_state(pool, direction, &r)?;
    require!(available >= r.amount_in, ComputeAmmError::InsufficientFunds);
    Ok(r)
}

/// Rejects a transaction that lands after the caller's deadline (unix seconds, Clock sysvar).
pub fn check_deadline(now: i64, deadline: i64) -> Result<()> {
    require!(now <= deadline, ComputeAmmError::DeadlineExceeded);
    Ok(())
}
