//! Burn-and-mint emissions: a decaying per-epoch schedule, paid pro rata to verified work.

use crate::{mul_div, MathError, MathResult, Rounding};

const BPS: u64 = 10_000;

/// The next epoch's emission: `floor(emission · (1 − decay))`.
pub fn decay(emission: u64, decay_bps: u16) -> MathResult<u64> {
    let keep = BPS
        .checked_sub(u64::from(decay_bps))
        .ok_or(MathError::Overflow)?;
    mul_div(emission, keep, BPS, Rounding::Down)
}

/// What an epoch may emit: its scheduled amount, 0 if nobody served (idle capacity earns nothing),
/// and never past the cap (`cap == 0`: uncapped).
pub fn epoch_emission(scheduled: u64, total_served: u64, scheduled_so_far: u64, cap: u64) -> u64 {
    if total_served == 0 {
        return 0;
    }
    if cap == 0 {
        return scheduled;
    }
    scheduled.min(cap.saturating_sub(scheduled_so_far))
}

/// A provider's share of an epoch's emission: `floor(emission · served / total_served)`.
pub fn reward(emission: u64, served: u64, total_served: u64) -> MathResult<u64> {
    if served > total_served {
        return Err(MathError::InsufficientLiquidity);
    }
    mul_div(emission, served, total_served, Rounding::Down)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_decays_and_respects_cap_and_idleness() {
        assert_eq!(decay(1_000_000, 500).unwrap(), 950_000);
        assert_eq!(
            epoch_emission(1_000, 0, 0, 0),
            0,
            "idle epoch emits nothing"
        );
        assert_eq!(epoch_emission(1_000, 5, 9_500, 10_000), 500);
        assert_eq!(reward(1_000, 1, 3).unwrap(), 333);
    }
}
