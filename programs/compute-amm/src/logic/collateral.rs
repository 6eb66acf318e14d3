//! Collateral in value, not just in tokens (issue 12, finding 8). `stake_per_credit` fixes how many
//! tokens back a credit; after a token crash those tokens are worth less than the GPU-hours the
//! credits promise, and a token count cannot see it. The collateral ratio prices both sides in the
//! protocol token at the class pool's TWAP: the stake a provider has beyond its job bonds, ÷ the
//! value of the credits it has minted and not retired. A TWAP (not spot) so that one swap cannot
//! push a competitor under a threshold, or lift oneself over it.

use anchor_lang::prelude::*;
use compute_amm_math::twap::Q64;
use compute_amm_math::{mul_div_u128, Rounding};

use crate::constants::{
    BPS_DENOMINATOR, COLLATERAL_HALT_BPS, COLLATERAL_SEVERE_BPS, COLLATERAL_WARN_BPS,
};
use crate::error::{ComputeAmmError, MathResultExt};
use crate::state::{Market, Pool, Provider};

/// Where a ratio stands against the named thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Healthy,
    /// Below `COLLATERAL_WARN_BPS`: the checking instruction logs `CollateralLow`.
    Low,
    /// Below `COLLATERAL_HALT_BPS`: no new credits, no new jobs.
    Halted,
    /// Below `COLLATERAL_SEVERE_BPS`: no stake leaves either.
    Severe,
}

impl Level {
    pub fn of(ratio_bps: u64) -> Self {
        if ratio_bps < COLLATERAL_SEVERE_BPS {
            Level::Severe
        } else if ratio_bps < COLLATERAL_HALT_BPS {
            Level::Halted
        } else if ratio_bps < COLLATERAL_WARN_BPS {
            Level::Low
        } else {
            Level::Healthy
        }
    }
}

/// `backing ÷ value(obligations)` in basis points, the credits valued at `pool`'s TWAP over the
/// market's TWAP window (rounded up: the doubt goes against the provider), the ratio rounded down.
/// `None` when there is nothing to value (no credits outstanding), no collateral pool or no TWAP
/// yet: then only the token-count rule (`stake_per_credit`) applies.
pub fn ratio_bps(
    market: &Market,
    backing: u64,
    obligations: u64,
    pool: Option<&Pool>,
    now: i64,
) -> Result<Option<u64>> {
    let Some(pool) = pool else { return Ok(None) };
    if obligations == 0 {
        return Ok(None);
    }
    let Some((twap, _)) = pool.twap(now, market.params.buyback_twap_window_secs)? else {
        return Ok(None);
    };
    let value = mul_div_u128(u128::from(obligations), twap, Q64, Rounding::Up).or_program_err()?;
    if value == 0 {
        return Ok(None);
    }
    let ratio = mul_div_u128(
        u128::from(backing),
        u128::from(BPS_DENOMINATOR),
        value,
        Rounding::Down,
    )
    .or_program_err()?;
    Ok(Some(u64::try_from(ratio).unwrap_or(u64::MAX)))
}

/// What a collateral check found: the ratio (if measurable) and its level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Check {
    pub ratio_bps: Option<u64>,
    pub level: Level,
}

impl Check {
    /// The ratio, when it is below the warning threshold (for `CollateralLow`).
    pub fn low(&self) -> Option<u64> {
        self.ratio_bps.filter(|_| self.level != Level::Healthy)
    }
}

/// The provider's collateral as it stands (call after the instruction's state change).
pub fn check(market: &Market, provider: &Provider, pool: Option<&Pool>, now: i64) -> Result<Check> {
    let ratio = ratio_bps(
        market,
        provider.free_of_bonds(),
        provider.obligations,
        pool,
        now,
    )?;
    Ok(Check {
        ratio_bps: ratio,
        level: ratio.map_or(Level::Healthy, Level::of),
    })
}

/// `mint_credits` and `accept_job`: refused below the halt threshold.
pub fn require_not_halted(c: &Check) -> Result<()> {
    require!(
        !matches!(c.level, Level::Halted | Level::Severe),
        ComputeAmmError::CollateralBelowHalt
    );
    Ok(())
}

/// `request_unstake`: refused below the severe threshold.
pub fn require_not_severe(c: &Check) -> Result<()> {
    require!(c.level != Level::Severe, ComputeAmmError::CollateralSevere);
    Ok(())
}
