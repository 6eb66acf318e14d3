//! Time-weighted average price from cumulative observations (Uniswap v2 style).
//!
//! The pool keeps a running accumulator `sum(price_q64 * seconds)`, updated with the price that held
//! *before* each state change, and snapshots it into a fixed-size ring buffer. A TWAP over any two
//! snapshots is `(c2 - c1) / (t2 - t1)`. The accumulator deliberately wraps modulo 2^128: differences
//! stay exact as long as one window accumulates less than 2^128, which a Q64.64 price below 2^64 held
//! for under 2^64 seconds guarantees.

use crate::{MathError, MathResult};

/// Fixed-point scale of prices: Q64.64.
pub const Q64: u128 = 1u128 << 64;

/// One snapshot of the accumulator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Observation {
    /// Unix timestamp (Clock sysvar) of the snapshot.
    pub timestamp: i64,
    /// Accumulator value at that time, wrapping.
    pub cumulative_price_q64: u128,
}

/// Spot price of one credit base unit in quote base units, Q64.64, floored.
pub fn spot_price_q64(reserve_quote: u64, reserve_credit: u64) -> MathResult<u128> {
    if reserve_credit == 0 {
        return Err(MathError::DivisionByZero);
    }
    // reserve_quote < 2^64, so the shift is exact.
    let shifted = (reserve_quote as u128) << 64;
    shifted
        .checked_div(reserve_credit as u128)
        .ok_or(MathError::DivisionByZero)
}

/// Advances the accumulator from `last_ts` to `now` at `price_q64`. Time never runs backwards on
/// the Clock sysvar; if it appears to, nothing is added.
pub fn accumulate(cumulative: u128, last_ts: i64, now: i64, price_q64: u128) -> u128 {
    let dt = now.saturating_sub(last_ts).max(0) as u128;
    cumulative.wrapping_add(price_q64.wrapping_mul(dt))
}

/// TWAP between two snapshots, Q64.64. `None` when they are not strictly ordered in time.
pub fn twap_between(older: Observation, newer: Observation) -> Option<u128> {
    let dt = newer.timestamp.checked_sub(older.timestamp)?;
    if dt <= 0 {
        return None;
    }
    newer
        .cumulative_price_q64
        .wrapping_sub(older.cumulative_price_q64)
        .checked_div(dt as u128)
}

/// Whether a new snapshot is due: the ring records at most one snapshot per `min_interval` seconds,
/// so `capacity * min_interval` seconds of history always fit.
pub fn observation_due(last_observation_ts: i64, now: i64, min_interval: i64) -> bool {
    now.saturating_sub(last_observation_ts) >= min_interval
}

/// The index the next snapshot goes to in a ring of `capacity` slots.
pub fn next_index(head: usize, capacity: usize) -> usize {
    if capacity == 0 {
        return 0;
    }
    head.wrapping_add(1).checked_rem(capacity).unwrap_or(0)
}

/// TWAP over (at least) the last `window` seconds ending at `now`.
///
/// `ring` holds `len` valid snapshots, the newest at `head`. `current` is the accumulator brought up
/// to `now` (see [`accumulate`]). The older end is the newest snapshot at or before `now - window`;
/// the actual window is returned alongside the price so a caller can judge its age. `None` when the
/// ring does not reach back that far.
pub fn twap_over_window(
    ring: &[Observation],
    head: usize,
    len: usize,
    current: Observation,
    window: i64,
) -> Option<(u128, i64)> {
    let capacity = ring.len();
    if len == 0 || len > capacity || head >= capacity {
        return None;
    }
    let target = current.timestamp.checked_sub(window)?;
    // Walk from newest to oldest.
    let mut idx = head;
    for _ in 0..len {
        let obs = *ring.get(idx)?;
        if obs.timestamp <= target {
            let price = twap_between(obs, current)?;
            return Some((price, current.timestamp.checked_sub(obs.timestamp)?));
        }
        idx = idx.checked_sub(1).unwrap_or(capacity.saturating_sub(1));
    }
    None
}

/// Converts a Q64.64 price to a rational (numerator, denominator) pair for display/off-chain use.
pub fn q64_to_parts(price_q64: u128) -> (u128, u128) {
    (price_q64, Q64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_price_twap_is_that_price() {
        let p = spot_price_q64(2_000_000, 1_000_000).unwrap();
        assert_eq!(p, 2 * Q64);
        let c1 = accumulate(0, 100, 160, p);
        let c2 = accumulate(c1, 160, 400, p);
        let twap = twap_between(
            Observation {
                timestamp: 160,
                cumulative_price_q64: c1,
            },
            Observation {
                timestamp: 400,
                cumulative_price_q64: c2,
            },
        );
        assert_eq!(twap, Some(2 * Q64));
    }

    #[test]
    fn wrapping_accumulator_still_gives_exact_differences() {
        let p = 3 * Q64;
        let start = u128::MAX - 10;
        let end = accumulate(start, 0, 100, p);
        assert!(end < start, "wrapped");
        let twap = twap_between(
            Observation {
                timestamp: 0,
                cumulative_price_q64: start,
            },
            Observation {
                timestamp: 100,
                cumulative_price_q64: end,
            },
        );
        assert_eq!(twap, Some(p));
    }

    #[test]
    fn window_uses_newest_old_enough_snapshot() {
        let p1 = Q64; // price 1 for t in [0, 100)
        let p2 = 3 * Q64; // price 3 afterwards
        let mut ring = [Observation::default(); 4];
        ring[0] = Observation {
            timestamp: 0,
            cumulative_price_q64: 0,
        };
        ring[1] = Observation {
            timestamp: 100,
            cumulative_price_q64: accumulate(0, 0, 100, p1),
        };
        let now = 200;
        let current = Observation {
            timestamp: now,
            cumulative_price_q64: accumulate(ring[1].cumulative_price_q64, 100, now, p2),
        };
        // window 100 -> from t=100: price 3
        assert_eq!(twap_over_window(&ring, 1, 2, current, 100), Some((p2, 100)));
        // window 150 -> from t=0: (1*100 + 3*100)/200 = 2
        assert_eq!(
            twap_over_window(&ring, 1, 2, current, 150),
            Some((2 * Q64, 200))
        );
        // window 250 -> not enough history
        assert_eq!(twap_over_window(&ring, 1, 2, current, 250), None);
    }
}
