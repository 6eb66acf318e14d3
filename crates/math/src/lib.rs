//! The one source of truth for Compute AMM arithmetic.
//!
//! The on-chain program, the Rust client (quotes) and the simulator all call these functions, so the
//! model and the chain cannot drift. Everything here is integer-only (no floats: the program must stay
//! SBF-clean), uses `u128` intermediates wherever a product of two `u64` can overflow, and returns an
//! error instead of panicking on any input.
//!
//! # Rounding policy
//! Every division states its direction, and the direction always favours the pool / vault:
//! - swap fees round **up** (`fee_on_input`), the protocol's cut of a fee rounds **down**;
//! - swap output rounds **down**; the input required for an exact output rounds **up**;
//! - LP tokens minted round **down**; tokens a depositor must pay round **up**;
//! - tokens paid out on withdrawal round **down**.

#![forbid(unsafe_code)]
#![deny(clippy::arithmetic_side_effects)]

pub mod curve;
pub mod dynamic_fee;
pub mod emission;
pub mod fees;
pub mod liquidity;
pub mod stake;
pub mod twap;

pub use curve::{swap_exact_in, swap_exact_out, SwapResult};
pub use fees::{fee_on_input, FeeSchedule, FeeSplit, FEE_DENOMINATOR};
pub use liquidity::{
    deposit_for_lp, initial_lp, lp_for_deposit, withdraw_for_lp, InitialLp, MINIMUM_LIQUIDITY,
};

/// Everything that can go wrong in the arithmetic. The program maps each variant to a named error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathError {
    /// An intermediate or result does not fit its type.
    Overflow,
    /// A divisor was zero (an empty reserve or an empty LP supply).
    DivisionByZero,
    /// A zero amount where a positive one is required.
    ZeroAmount,
    /// The trade would produce nothing (the amount is too small for the curve after fees).
    ZeroOutput,
    /// The trade asks for at least the whole reserve.
    InsufficientLiquidity,
    /// A fee rate at or above 100%.
    InvalidFee,
    /// The first deposit is too small to lock the minimum liquidity.
    InitialLiquidityTooSmall,
}

impl core::fmt::Display for MathError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let s = match self {
            MathError::Overflow => "arithmetic overflow",
            MathError::DivisionByZero => "division by zero",
            MathError::ZeroAmount => "amount must be greater than zero",
            MathError::ZeroOutput => "trade too small: output rounds to zero",
            MathError::InsufficientLiquidity => "not enough liquidity in the pool",
            MathError::InvalidFee => "fee rate must be below 100%",
            MathError::InitialLiquidityTooSmall => {
                "initial deposit too small to lock minimum liquidity"
            }
        };
        f.write_str(s)
    }
}

impl std::error::Error for MathError {}

pub type MathResult<T> = Result<T, MathError>;

/// Direction of an integer division.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Towards zero (floor for non-negative values).
    Down,
    /// Away from zero (ceiling for non-negative values).
    Up,
}

/// `a * b / c` with a `u128` intermediate and an explicit rounding direction.
pub fn mul_div(a: u64, b: u64, c: u64, rounding: Rounding) -> MathResult<u64> {
    let q = mul_div_u128(a as u128, b as u128, c as u128, rounding)?;
    u64::try_from(q).map_err(|_| MathError::Overflow)
}

/// `a * b / c` on `u128` with checked multiplication and an explicit rounding direction.
pub fn mul_div_u128(a: u128, b: u128, c: u128, rounding: Rounding) -> MathResult<u128> {
    if c == 0 {
        return Err(MathError::DivisionByZero);
    }
    let product = a.checked_mul(b).ok_or(MathError::Overflow)?;
    div_round(product, c, rounding)
}

/// `n / d` rounded in the given direction.
pub fn div_round(n: u128, d: u128, rounding: Rounding) -> MathResult<u128> {
    let q = n.checked_div(d).ok_or(MathError::DivisionByZero)?;
    let r = n.checked_rem(d).ok_or(MathError::DivisionByZero)?;
    match rounding {
        Rounding::Up if r != 0 => q.checked_add(1).ok_or(MathError::Overflow),
        _ => Ok(q),
    }
}

/// Constant-product invariant `x * y` as `u128` (exact: two `u64` always fit).
pub fn invariant_k(reserve_a: u64, reserve_b: u64) -> u128 {
    // u64::MAX * u64::MAX < u128::MAX, so this cannot overflow.
    (reserve_a as u128).wrapping_mul(reserve_b as u128)
}
