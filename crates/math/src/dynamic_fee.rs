//! The dynamic swap fee rule (issue 15, item 2): a fee that rises with short-term volatility and
//! with scarcity of a perishable good, between a base and a named cap.
//!
//! Pure integer functions, like the rest of this crate: the program will keep a [`FeeState`] on the
//! pool and update it on every swap; the simulator and the client quote with the same functions.
//!
//! - **Volatility**: an accumulator of recent price moves in basis points. Each swap first decays it
//!   (halved per full `volatility_half_life_secs` since the last update), then adds the swap's price
//!   move, capped at `max_volatility_bps` ([`record_move`]).
//! - **Scarcity**: how far the credit reserve has fallen below its recent level (an exponential-like
//!   moving average of the reserve, [`track_reserve`]), in basis points of that level
//!   ([`depletion_bps`]). A pool whose GPU-hours are being drained charges more for the last ones.
//! - **Fee** = base + volatility × `volatility_ppm_per_bps` + depletion × `scarcity_ppm_at_full_depletion`,
//!   never above `max_fee_ppm` ([`fee_ppm`]). Every rounding goes up (toward the pool).

use crate::MathError;

/// Basis points in one.
pub const BPS: u64 = 10_000;
/// The highest cap a market may set: the program's swap fee cap (10%, `MAX_SWAP_FEE_PPM`), so a
/// dynamic fee can never charge more than a fixed one could.
pub const MAX_DYNAMIC_FEE_PPM: u32 = 100_000;
/// Halvings after which the accumulator is 0 whatever it held (a u32 shifted 32 times).
const FULL_DECAY_HALVINGS: i64 = 32;

/// The rule's parameters; fee rates in parts per million of the trade's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DynamicFeeParams {
    /// The fee of a calm, well-stocked pool.
    pub base_fee_ppm: u32,
    /// The fee never exceeds this; at most [`MAX_DYNAMIC_FEE_PPM`].
    pub max_fee_ppm: u32,
    /// Fee added per basis point of the volatility accumulator.
    pub volatility_ppm_per_bps: u32,
    /// Fee added when the credit reserve is fully depleted against its recent level (linear in the
    /// depletion).
    pub scarcity_ppm_at_full_depletion: u32,
    /// Seconds for the volatility accumulator to halve (> 0).
    pub volatility_half_life_secs: u32,
    /// Largest value of the volatility accumulator, bps.
    pub max_volatility_bps: u32,
    /// Seconds over which the recent reserve level closes half its gap to the reserve (> 0).
    pub reserve_window_secs: u32,
}

/// What the pool remembers between swaps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeeState {
    /// Recent price moves, bps (decays).
    pub volatility_bps: u32,
    /// The credit reserve's recent level.
    pub recent_reserve: u64,
    /// When the state was last updated (unix seconds).
    pub updated_at: i64,
}

/// Checks the parameters: base ≤ cap ≤ [`MAX_DYNAMIC_FEE_PPM`], positive half-life and window.
pub fn validate(p: &DynamicFeeParams) -> Result<(), MathError> {
    if p.base_fee_ppm > p.max_fee_ppm
        || p.max_fee_ppm > MAX_DYNAMIC_FEE_PPM
        || p.volatility_half_life_secs == 0
        || p.reserve_window_secs == 0
    {
        return Err(MathError::InvalidFee);
    }
    Ok(())
}

/// How far `reserve` is below `recent`, in bps of `recent` (0 when at or above it, or when there is
/// no recent level); rounded up.
pub fn depletion_bps(reserve: u64, recent: u64) -> u32 {
    if recent == 0 || reserve >= recent {
        return 0;
    }
    let gap = u128::from(recent.saturating_sub(reserve));
    let recent = u128::from(recent);
    // gap < recent, so the quotient is < BPS and fits a u32
    let bps = gap.saturating_mul(u128::from(BPS)).div_ceil(recent);
    u32::try_from(bps).unwrap_or(BPS as u32)
}

/// The fee, ppm, for a pool whose volatility accumulator holds `volatility_bps` and whose credit
/// reserve is `reserve` against a recent level `recent`: in `[base_fee_ppm, max_fee_ppm]`.
pub fn fee_ppm(
    p: &DynamicFeeParams,
    volatility_bps: u32,
    reserve: u64,
    recent: u64,
) -> Result<u32, MathError> {
    validate(p)?;
    let vol = u128::from(volatility_bps.min(p.max_volatility_bps))
        .saturating_mul(u128::from(p.volatility_ppm_per_bps));
    let scarcity = u128::from(depletion_bps(reserve, recent))
        .saturating_mul(u128::from(p.scarcity_ppm_at_full_depletion))
        .div_ceil(u128::from(BPS));
    let fee = u128::from(p.base_fee_ppm)
        .saturating_add(vol)
        .saturating_add(scarcity)
        .min(u128::from(p.max_fee_ppm));
    u32::try_from(fee).map_err(|_| MathError::Overflow)
}

/// The accumulator `volatility_bps` after `elapsed_secs`: halved once per full half-life (0 for a
/// negative or zero elapsed time is not a decay: it is kept).
pub fn decay(volatility_bps: u32, elapsed_secs: i64, half_life_secs: u32) -> u32 {
    if elapsed_secs <= 0 || half_life_secs == 0 {
        return volatility_bps;
    }
    let halvings = elapsed_secs
        .checked_div(i64::from(half_life_secs))
        .unwrap_or(FULL_DECAY_HALVINGS);
    if halvings >= FULL_DECAY_HALVINGS {
        return 0;
    }
    // 0 <= halvings < 32
    volatility_bps >> u32::try_from(halvings).unwrap_or(31)
}

/// |after − before| in bps of `before` (rounded up; `BPS` per doubling and more, capped at u32).
pub fn move_bps(before: u128, after: u128) -> u32 {
    if before == 0 {
        return if after == 0 { 0 } else { u32::MAX };
    }
    let diff = before.abs_diff(after);
    let bps = diff
        .checked_mul(u128::from(BPS))
        .map_or(u128::MAX, |x| x.div_ceil(before));
    u32::try_from(bps).unwrap_or(u32::MAX)
}

/// The state after a swap at `now` that moved the price from `price_before` to `price_after` (any
/// common fixed-point unit) and left `reserve` credits: the accumulator decays then takes the move
/// (capped), and the recent reserve level follows.
pub fn record_move(
    p: &DynamicFeeParams,
    state: FeeState,
    now: i64,
    price_before: u128,
    price_after: u128,
    reserve: u64,
) -> FeeState {
    let elapsed = now.saturating_sub(state.updated_at);
    let decayed = decay(state.volatility_bps, elapsed, p.volatility_half_life_secs);
    let volatility_bps = decayed
        .saturating_add(move_bps(price_before, price_after))
        .min(p.max_volatility_bps);
    FeeState {
        volatility_bps,
        recent_reserve: track_reserve(
            state.recent_reserve,
            reserve,
            elapsed,
            p.reserve_window_secs,
        ),
        updated_at: now.max(state.updated_at),
    }
}

/// The recent reserve level after `elapsed_secs`: it closes `elapsed / (elapsed + window)` of its
/// gap to `reserve` (none for no time, almost all after many windows); a first level (0) starts at
/// the reserve. Always between `recent` and `reserve`.
pub fn track_reserve(recent: u64, reserve: u64, elapsed_secs: i64, window_secs: u32) -> u64 {
    if recent == 0 {
        return reserve;
    }
    if elapsed_secs <= 0 {
        return recent;
    }
    let elapsed = u128::try_from(elapsed_secs).unwrap_or(0);
    let denom = elapsed.saturating_add(u128::from(window_secs)).max(1);
    let gap = u128::from(recent.abs_diff(reserve));
    // moved <= gap since elapsed <= denom
    let moved = gap
        .saturating_mul(elapsed)
        .checked_div(denom)
        .map_or(u64::MAX, |m| u64::try_from(m).unwrap_or(u64::MAX));
    if reserve > recent {
        recent.saturating_add(moved).min(reserve)
    } else {
        recent.saturating_sub(moved).max(reserve)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: DynamicFeeParams = DynamicFeeParams {
        base_fee_ppm: 3_000,
        max_fee_ppm: 30_000,
        volatility_ppm_per_bps: 10,
        scarcity_ppm_at_full_depletion: 20_000,
        volatility_half_life_secs: 600,
        max_volatility_bps: 5_000,
        reserve_window_secs: 3_600,
    };

    #[test]
    fn a_calm_stocked_pool_pays_the_base_fee() {
        assert_eq!(fee_ppm(&P, 0, 1_000, 1_000), Ok(3_000));
        // more credits than usual is not scarcity
        assert_eq!(fee_ppm(&P, 0, 2_000, 1_000), Ok(3_000));
    }

    #[test]
    fn volatility_and_scarcity_add_up_to_the_cap() {
        // 100 bps of volatility: 3,000 + 100 x 10 = 4,000
        assert_eq!(fee_ppm(&P, 100, 1_000, 1_000), Ok(4_000));
        // reserve 750 of 1,000: 2,500 bps depleted: 20,000 x 0.25 = 5,000 -> 8,000
        assert_eq!(depletion_bps(750, 1_000), 2_500);
        assert_eq!(fee_ppm(&P, 0, 750, 1_000), Ok(8_000));
        assert_eq!(fee_ppm(&P, 100, 750, 1_000), Ok(9_000));
        // 5,000 bps (capped) x 10 = 50,000: the 30,000 cap holds
        assert_eq!(fee_ppm(&P, 9_999, 0, 1_000), Ok(30_000));
    }

    #[test]
    fn depletion_rounds_up_toward_the_pool() {
        // 1 of 3 missing: 3,333.3 bps -> 3,334
        assert_eq!(depletion_bps(2, 3), 3_334);
        assert_eq!(depletion_bps(0, u64::MAX), 10_000);
        assert_eq!(depletion_bps(5, 0), 0);
    }

    #[test]
    fn bad_parameters_are_refused() {
        let mut p = P;
        p.base_fee_ppm = 40_000;
        assert_eq!(fee_ppm(&p, 0, 1, 1), Err(MathError::InvalidFee));
        let mut p = P;
        p.max_fee_ppm = MAX_DYNAMIC_FEE_PPM + 1;
        assert_eq!(validate(&p), Err(MathError::InvalidFee));
        let mut p = P;
        p.volatility_half_life_secs = 0;
        assert_eq!(validate(&p), Err(MathError::InvalidFee));
    }

    #[test]
    fn the_accumulator_halves_per_half_life_and_takes_each_move() {
        assert_eq!(decay(1_000, 599, 600), 1_000);
        assert_eq!(decay(1_000, 600, 600), 500);
        assert_eq!(decay(1_000, 1_800, 600), 125);
        assert_eq!(decay(u32::MAX, 600 * 40, 600), 0);
        assert_eq!(decay(1_000, -5, 600), 1_000);
        // price 100 -> 103: 300 bps; 100 -> 97: 300 bps
        assert_eq!(move_bps(100, 103), 300);
        assert_eq!(move_bps(100, 97), 300);
        let s = FeeState {
            volatility_bps: 400,
            recent_reserve: 1_000,
            updated_at: 0,
        };
        // 600 s later: 400 -> 200, + 300 = 500; reserve 900: closes 600/4,200 of 100 -> 986
        let t = record_move(&P, s, 600, 100, 103, 900);
        assert_eq!(t.volatility_bps, 500);
        assert_eq!(t.recent_reserve, 1_000 - 100 * 600 / 4_200);
        assert_eq!(t.updated_at, 600);
        // a huge move is capped
        assert_eq!(record_move(&P, s, 0, 1, 1_000, 900).volatility_bps, 5_000);
    }

    #[test]
    fn the_recent_reserve_follows_and_stays_between() {
        assert_eq!(track_reserve(0, 700, 10, 3_600), 700);
        assert_eq!(track_reserve(1_000, 700, 0, 3_600), 1_000);
        // 3,600 s of a 3,600 s window: half the gap
        assert_eq!(track_reserve(1_000, 600, 3_600, 3_600), 800);
        assert_eq!(track_reserve(600, 1_000, 3_600, 3_600), 800);
        assert_eq!(track_reserve(1_000, 600, i64::MAX, 1), 601);
    }
}
