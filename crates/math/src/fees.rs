//! Swap fees: a total fee charged on the input, split between LPs (stays in the pool) and the
//! protocol (accrued separately, feeding the burn path).

use crate::{mul_div, MathError, MathResult, Rounding};

/// Fee rates are parts per million: 1 ppm = 0.01 bp, fine enough for any fee a pool would charge.
pub const FEE_DENOMINATOR: u64 = 1_000_000;

/// The fee parameters a swap needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeeSchedule {
    /// Total swap fee, ppm of the input amount.
    pub swap_fee_ppm: u32,
    /// The protocol's share of the total fee, ppm of the fee.
    pub protocol_share_ppm: u32,
}

/// How one fee is split.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeeSplit {
    pub total: u64,
    pub protocol: u64,
    pub lp: u64,
}

impl FeeSchedule {
    /// A schedule is valid when the fee is below 100% and the protocol share at most 100% of it.
    pub fn validate(&self) -> MathResult<()> {
        if u64::from(self.swap_fee_ppm) >= FEE_DENOMINATOR
            || u64::from(self.protocol_share_ppm) > FEE_DENOMINATOR
        {
            return Err(MathError::InvalidFee);
        }
        Ok(())
    }

    /// Splits an already-computed total fee: the protocol cut rounds down, LPs keep the remainder.
    pub fn split(&self, total: u64) -> MathResult<FeeSplit> {
        let protocol = mul_div(
            total,
            u64::from(self.protocol_share_ppm),
            FEE_DENOMINATOR,
            Rounding::Down,
        )?;
        let lp = total.checked_sub(protocol).ok_or(MathError::Overflow)?;
        Ok(FeeSplit {
            total,
            protocol,
            lp,
        })
    }
}

/// Fee charged on an input amount: `ceil(amount * fee / 1e6)`, then split.
pub fn fee_on_input(amount_in: u64, schedule: FeeSchedule) -> MathResult<FeeSplit> {
    schedule.validate()?;
    let total = mul_div(
        amount_in,
        u64::from(schedule.swap_fee_ppm),
        FEE_DENOMINATOR,
        Rounding::Up,
    )?;
    schedule.split(total)
}
