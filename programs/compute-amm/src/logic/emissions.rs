//! Burn-and-mint emissions: epochs are finalized in order, each with an emission scheduled from the
//! decaying schedule (`compute_amm_math::emission`) when verified work was recorded in it; providers
//! then claim their pro-rata share of it.

use anchor_lang::prelude::*;
use compute_amm_math::emission::{decay, epoch_emission, reward};

use crate::error::{ComputeAmmError, MathResultExt};
use crate::safe_math::SafeMath;
use crate::state::{EpochRecord, EpochServed, Market, Provider};

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
    pub amount: u64,
}

/// `claim_rewards`: the provider's pro-rata share of a finalized epoch's emission. `mint_enabled`:
/// the market PDA holds the protocol mint's authority.
pub fn claim_rewards(
    market: &mut Market,
    provider: &mut Provider,
    record: &mut EpochRecord,
    epoch: u64,
    mint_enabled: bool,
) -> Result<Reward> {
    require!(mint_enabled, ComputeAmmError::EmissionsDisabled);
    let slot = provider
        .served
        .iter()
        .position(|s| s.epoch == epoch && s.amount > 0)
        .ok_or(ComputeAmmError::NothingToDo)?;
    let served = provider.served[slot].amount;
    let amount = reward(record.emission, served, record.total_served).or_program_err()?;
    provider.served[slot] = EpochServed::default();
    record.claimed = record.claimed.safe_add(amount)?;
    market.total_emitted = market.total_emitted.safe_add(amount)?;
    Ok(Reward { served, amount })
}
