//! The constant-product curve `x * y = k`, with the fee charged on the input.
//!
//! The LP part of the fee stays in the input reserve (so `k` grows on every swap); the protocol part
//! leaves the reserve and is accrued separately by the caller.

use crate::{div_round, FEE_DENOMINATOR};
use crate::{fee_on_input, invariant_k, mul_div, FeeSchedule, MathError, MathResult, Rounding};

/// The full outcome of a swap, everything the program needs to move tokens and update state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SwapResult {
    /// Tokens the trader pays in (fee included).
    pub amount_in: u64,
    /// Tokens the trader receives.
    pub amount_out: u64,
    /// Total fee charged on the input.
    pub fee_total: u64,
    /// The protocol's part of the fee (leaves the reserve, accrued separately).
    pub fee_protocol: u64,
    /// The LPs' part of the fee (stays in the reserve).
    pub fee_lp: u64,
    /// Input reserve after the swap: `reserve_in + amount_in - fee_protocol`.
    pub new_reserve_in: u64,
    /// Output reserve after the swap: `reserve_out - amount_out`.
    pub new_reserve_out: u64,
}

fn check_reserves(reserve_in: u64, reserve_out: u64) -> MathResult<()> {
    if reserve_in == 0 || reserve_out == 0 {
        return Err(MathError::InsufficientLiquidity);
    }
    Ok(())
}

fn finish(
    reserve_in: u64,
    reserve_out: u64,
    amount_in: u64,
    amount_out: u64,
    fee_total: u64,
    schedule: FeeSchedule,
) -> MathResult<SwapResult> {
    let split = schedule.split(fee_total)?;
    let new_reserve_in = reserve_in
        .checked_add(amount_in)
        .and_then(|v| v.checked_sub(split.protocol))
        .ok_or(MathError::Overflow)?;
    let new_reserve_out = reserve_out
        .checked_sub(amount_out)
        .ok_or(MathError::InsufficientLiquidity)?;
    if new_reserve_out == 0 {
        return Err(MathError::InsufficientLiquidity);
    }
    // Belt and braces: the curve must never lose value. The program checks this again on-chain.
    if invariant_k(new_reserve_in, new_reserve_out) < invariant_k(reserve_in, reserve_out) {
        return Err(MathError::Overflow);
    }
    Ok(SwapResult {
        amount_in,
        amount_out,
        fee_total: split.total,
        fee_protocol: split.protocol,
        fee_lp: split.lp,
        new_reserve_in,
        new_reserve_out,
    })
}

/// Swap an exact input. Output = `floor(reserve_out * net_in / (reserve_in + net_in))` where
/// `net_in = amount_in - ceil(fee)`.
pub fn swap_exact_in(
    reserve_in: u64,
    reserve_out: u64,
    amount_in: u64,
    schedule: FeeSchedule,
) -> MathResult<SwapResult> {
    if amount_in == 0 {
        return Err(MathError::ZeroAmount);
    }
    check_reserves(reserve_in, reserve_out)?;
    let fee = fee_on_input(amount_in, schedule)?;
    let net_in = amount_in
        .checked_sub(fee.total)
        .ok_or(MathError::Overflow)?;
    let denominator = (reserve_in as u128)
        .checked_add(net_in as u128)
        .ok_or(MathError::Overflow)?;
    let out = crate::mul_div_u128(
        reserve_out as u128,
        net_in as u128,
        denominator,
        Rounding::Down,
    )?;
    // out < reserve_out always (net_in / (reserve_in + net_in) < 1), so it fits u64.
    let amount_out = u64::try_from(out).map_err(|_| MathError::Overflow)?;
    if amount_out == 0 {
        return Err(MathError::ZeroOutput);
    }
    finish(
        reserve_in,
        reserve_out,
        amount_in,
        amount_out,
        fee.total,
        schedule,
    )
}

/// Swap for an exact output. Net input = `ceil(reserve_in * out / (reserve_out - out))`, grossed up
/// for the fee with `ceil(net * 1e6 / (1e6 - fee))`; the fee is the difference (never less than the
/// exact-in fee on the same gross amount).
pub fn swap_exact_out(
    reserve_in: u64,
    reserve_out: u64,
    amount_out: u64,
    schedule: FeeSchedule,
) -> MathResult<SwapResult> {
    if amount_out == 0 {
        return Err(MathError::ZeroAmount);
    }
    check_reserves(reserve_in, reserve_out)?;
    schedule.validate()?;
    if amount_out >= reserve_out {
        return Err(MathError::InsufficientLiquidity);
    }
    let remaining_out = reserve_out
        .checked_sub(amount_out)
        .ok_or(MathError::InsufficientLiquidity)?;
    let net_in = mul_div(reserve_in, amount_out, remaining_out, Rounding::Up)?;
    let fee_complement = FEE_DENOMINATOR
        .checked_sub(u64::from(schedule.swap_fee_ppm))
        .ok_or(MathError::InvalidFee)?;
    let gross = div_round(
        (net_in as u128)
            .checked_mul(FEE_DENOMINATOR as u128)
            .ok_or(MathError::Overflow)?,
        fee_complement as u128,
        Rounding::Up,
    )?;
    let amount_in = u64::try_from(gross).map_err(|_| MathError::Overflow)?;
    let fee_total = amount_in.checked_sub(net_in).ok_or(MathError::Overflow)?;
    finish(
        reserve_in,
        reserve_out,
        amount_in,
        amount_out,
        fee_total,
        schedule,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEES: FeeSchedule = FeeSchedule {
        swap_fee_ppm: 3_000,
        protocol_share_ppm: 200_000,
    };

    #[test]
    fn exact_in_matches_hand_computation() {
        // 1,000,000 in at 0.3%: fee = 3,000; net = 997,000;
        // out = floor(50e9 * 997,000 / (100e9 + 997,000)) = 498,495 (hand-computed: 4.98495e14 / 1.00000997e11 = 4984.9503...e3)
        let r = swap_exact_in(100_000_000_000, 50_000_000_000, 1_000_000, FEES).unwrap();
        assert_eq!(r.fee_total, 3_000);
        assert_eq!(r.fee_protocol, 600);
        assert_eq!(r.fee_lp, 2_400);
        assert_eq!(r.amount_out, 498_495);
        assert_eq!(r.new_reserve_in, 100_000_000_000 + 1_000_000 - 600);
    }

    #[test]
    fn fee_rounds_up_on_tiny_amounts() {
        // 1 unit in at 0.3%: the fee rounds up to the whole unit, nothing is left to trade.
        assert_eq!(
            swap_exact_in(1_000_000, 1_000_000, 1, FEES),
            Err(MathError::ZeroOutput)
        );
    }

    #[test]
    fn exact_out_rejects_whole_reserve() {
        assert_eq!(
            swap_exact_out(1_000, 1_000, 1_000, FEES),
            Err(MathError::InsufficientLiquidity)
        );
    }

    #[test]
    fn exact_out_input_buys_at_least_the_output() {
        let r = swap_exact_out(7_777_777, 3_333_333, 12_345, FEES).unwrap();
        let back = swap_exact_in(7_777_777, 3_333_333, r.amount_in, FEES).unwrap();
        assert!(back.amount_out >= 12_345);
        // and one unit less would not be enough
        let less = swap_exact_in(7_777_777, 3_333_333, r.amount_in - 1, FEES).map(|s| s.amount_out);
        assert!(less.map(|o| o <= 12_345).unwrap_or(true));
    }
}
