//! Burn-and-mint emissions: epochs are finalized in order, each with an emission scheduled from the
//! decaying schedule (`compute_amm_math::emission`) when verified work was recorded in it; providers
//! then claim their pro-rata share of it.

use anchor_lang::prelude::*;
use compute_amm_math::emission::{decay, epoch_emission, reward};
use compute_amm_math::twap::{spot_price_q64, Q64};
use compute_amm_math::{mul_div_u128, Rounding};

use crate::error::{ComputeAmmError, MathResultExt};
use crate::safe_math::SafeMath;
use crate::state::{EpochRecord, EpochServed, Market, Pool, Provider};

/// A finalized epoch, as its `EpochRecord` stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finalized {
    pub epoch: u64,
    pub emission: u64,
    pub total_served: u64,
}

/// `advance_epoch`: finalizes the oldest unfinalized epoch once it has ended.
pub fn advance_epoch(market: &mut Market, now: i64) -> Result<Finalized> {
    let epoch = market.next_epoch_to_finalize;
    require!(
        market.epoch_at(now) > epoch,
        ComputeAmmError::EpochNotFinished
    );
    let total_served = market.served_in(epoch);
    let emission = epoch_emission(
        market.next_emission,
        total_served,
        market.total_scheduled,
        market.params.emission_cap,
    );
    market.total_scheduled = market.total_scheduled.safe_add(emission)?;
    market.next_emission =
        decay(market.next_emission, market.params.emission_decay_bps).or_program_err()?;
    market.next_epoch_to_finalize = epoch.safe_add(1)?;
    Ok(Finalized {
        epoch,
        emission,
        total_served,
    })
}

/// Writes a finalized epoch into its record.
pub fn write_record(record: &mut EpochRecord, bump: u8, market: Pubkey, f: &Finalized) {
    record.bump = bump;
    record.market = market;
    record.epoch = f.epoch;
    record.emission = f.emission;
    record.total_served = f.total_served;
    record.claimed = 0;
}

/// A provider's claim: `amount` protocol tokens to mint to it for `served` verified work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reward {
    pub served: u64,
    /// Settlement take the work paid (credit base units).
    pub fees: u64,
    /// The pro-rata share of the epoch's emission.
    pub pro_rata: u64,
    /// What the take is worth in protocol tokens at the lower of spot and TWAP: the cap.
    pub cap: u64,
    /// `min(pro_rata, cap)`; the rest of the share is never minted.
    pub amount: u64,
}

/// Protocol tokens `fees` credits are worth in `pool` (quoted in the protocol token), at the lower
/// of its spot price and its TWAP over `window`: pushing the price up to raise one's own cap must
/// hold for the whole window and at the claim. No TWAP yet: `TwapUnavailable`.
pub fn fee_value(pool: &Pool, fees: u64, window: i64, now: i64) -> Result<u64> {
    let (twap, _) = pool
        .twap(now, window)?
        .ok_or(ComputeAmmError::TwapUnavailable)?;
    let spot = spot_price_q64(pool.reserve_quote, pool.reserve_credit).or_program_err()?;
    let price = twap.min(spot);
    let value = mul_div_u128(u128::from(fees), price, Q64, Rounding::Down).or_program_err()?;
    Ok(u64::try_from(value).unwrap_or(u64::MAX))
}

/// `claim_rewards`: the provider's pro-rata share of a finalized epoch's emission. `mint_enabled`:
/// the market PDA holds the protocol mint's authority.
#[allow(clippy::too_many_arguments)]
pub fn claim_rewards(
    market: &mut Market,
    provider: &mut Provider,
    record: &mut EpochRecord,
    pool: &Pool,
    epoch: u64,
    mint_enabled: bool,
    now: i64,
) -> Result<Reward> {
    require!(mint_enabled, ComputeAmmError::EmissionsDisabled);
    let slot = provider
        .served
        .iter()
        .position(|s| s.epoch == epoch && s.amount > 0)
        .ok_or(ComputeAmmError::NothingToDo)?;
    let EpochServed {
        amount: served,
        fees,
        ..
    } = provider.served[slot];
    let pro_rata = reward(record.emission, served, record.total_served).or_program_err()?;
    let cap = fee_value(pool, fees, market.params.buyback_twap_window_secs, now)?;
    let amount = pro_rata.min(cap);
    provider.served[slot] = EpochServed::default();
    record.claimed = record.claimed.safe_add(amount)?;
    require!(
        record.claimed <= record.emission,
        ComputeAmmError::EmissionExceeded
    );
    market.total_emitted = market.total_emitted.safe_add(amount)?;
    Ok(Reward {
        served,
        fees,
        pro_rata,
        cap,
        amount,
    })
}
