//! LP share conversion. LP shares are a claim on a fixed fraction of both reserves.

use crate::{mul_div, MathError, MathResult, Rounding};

/// LP units locked forever by the first deposit. They make the first-depositor inflation attack
/// (mint 1 unit, donate, round later depositors down to zero) cost at least this many units of value
/// per unit of distortion; 1,000 is the figure Uniswap v2 and Raydium use.
pub const MINIMUM_LIQUIDITY: u64 = 1_000;

/// Result of the first deposit into an empty pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InitialLp {
    /// Total LP supply after the deposit (`floor(sqrt(a * b))`), locked part included.
    pub total: u64,
    /// LP units minted to the depositor: `total - MINIMUM_LIQUIDITY`.
    pub to_depositor: u64,
}

/// First deposit: LP supply is `floor(sqrt(a * b))`, of which `MINIMUM_LIQUIDITY` is locked.
pub fn initial_lp(amount_a: u64, amount_b: u64) -> MathResult<InitialLp> {
    if amount_a == 0 || amount_b == 0 {
        return Err(MathError::ZeroAmount);
    }
    let product = (amount_a as u128)
        .checked_mul(amount_b as u128)
        .ok_or(MathError::Overflow)?;
    // floor(sqrt(x)) of a u128 always fits a u64.
    let total = u64::try_from(product.isqrt()).map_err(|_| MathError::Overflow)?;
    if total <= MINIMUM_LIQUIDITY {
        return Err(MathError::InitialLiquidityTooSmall);
    }
    let to_depositor = total
        .checked_sub(MINIMUM_LIQUIDITY)
        .ok_or(MathError::InitialLiquidityTooSmall)?;
    Ok(InitialLp {
        total,
        to_depositor,
    })
}

/// Tokens a depositor pays for exactly `lp` new shares: `ceil(lp * reserve / supply)` each
/// (rounded against the depositor).
pub fn deposit_for_lp(
    lp: u64,
    reserve_a: u64,
    reserve_b: u64,
    supply: u64,
) -> MathResult<(u64, u64)> {
    if lp == 0 {
        return Err(MathError::ZeroAmount);
    }
    if supply == 0 {
        return Err(MathError::DivisionByZero);
    }
    let a = mul_div(lp, reserve_a, supply, Rounding::Up)?;
    let b = mul_div(lp, reserve_b, supply, Rounding::Up)?;
    Ok((a, b))
}

/// The most LP shares that `max_a` and `max_b` can buy: `min(floor(max_a * supply / reserve_a),
/// floor(max_b * supply / reserve_b))`. A client-side quote; `deposit_for_lp` of the result never
/// exceeds either maximum.
pub fn lp_for_deposit(
    max_a: u64,
    max_b: u64,
    reserve_a: u64,
    reserve_b: u64,
    supply: u64,
) -> MathResult<u64> {
    let by_a = mul_div(max_a, supply, reserve_a, Rounding::Down)?;
    let by_b = mul_div(max_b, supply, reserve_b, Rounding::Down)?;
    Ok(by_a.min(by_b))
}

/// Tokens paid out for burning `lp` shares: `floor(lp * reserve / supply)` each.
/// Burning the whole supply is refused: the locked minimum can never be withdrawn.
pub fn withdraw_for_lp(
    lp: u64,
    reserve_a: u64,
    reserve_b: u64,
    supply: u64,
) -> MathResult<(u64, u64)> {
    if lp == 0 {
        return Err(MathError::ZeroAmount);
    }
    if lp >= supply {
        return Err(MathError::InsufficientLiquidity);
    }
    let a = mul_div(lp, reserve_a, supply, Rounding::Down)?;
    let b = mul_div(lp, reserve_b, supply, Rounding::Down)?;
    if a == 0 && b == 0 {
        return Err(MathError::ZeroOutput);
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_lp_locks_minimum() {
        let lp = initial_lp(4_000_000, 1_000_000).unwrap();
        assert_eq!(lp.total, 2_000_000);
        assert_eq!(lp.to_depositor, 2_000_000 - MINIMUM_LIQUIDITY);
        assert_eq!(
            initial_lp(1_000, 1_000),
            Err(MathError::InitialLiquidityTooSmall)
        );
    }

    #[test]
    fn deposit_rounds_against_depositor() {
        // 1 share of a 3-share pool holding 10 and 10: pays ceil(10/3) = 4 of each.
        assert_eq!(deposit_for_lp(1, 10, 10, 3).unwrap(), (4, 4));
        // withdrawing it pays floor(10/3) = 3 of each.
        assert_eq!(withdraw_for_lp(1, 10, 10, 3).unwrap(), (3, 3));
    }
}
