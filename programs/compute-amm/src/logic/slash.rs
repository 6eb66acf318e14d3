//! The slash: capped per provider per epoch, taken from active stake first and then from stake in
//! cooldown, routed crank → harmed party → burn → treasury (the split itself is
//! `compute_amm_math::stake::slash_split`).

use anchor_lang::prelude::*;
use compute_amm_math::stake::{slash_cap_remaining, slash_split, SlashSplit};

use crate::error::{ComputeAmmError, MathResultExt};
use crate::safe_math::SafeMath;
use crate::state::{Market, Provider};

/// How a slash request meets the cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapPolicy {
    /// Refuse a request above the remaining cap (`SlashAboveCap`): the arbiter asks for an exact amount.
    Strict,
    /// Clamp to the remaining cap: cranks must never fail because a provider was already slashed.
    Clamp,
}

/// What a slash took and where it goes. Token movements, all out of the stake vault: `to_crank` to
/// the cranker, `to_harmed` to the harmed party, `to_burn` burned, `to_treasury` to the treasury.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slash {
    pub requested: u64,
    pub split: SlashSplit,
    pub epoch: u64,
    /// The provider's slashed total this epoch, after this slash.
    pub slashed_this_epoch: u64,
}

/// Slashes `provider` by `requested` (within the epoch cap under `policy`), paying `harmed_claim`
/// first to the harmed party (after the crank reward when `cranked`).
pub fn slash(
    market: &mut Market,
    provider: &mut Provider,
    requested: u64,
    harmed_claim: u64,
    cranked: bool,
    policy: CapPolicy,
    now: i64,
) -> Result<Slash> {
    let epoch = market.epoch_at(now);
    if provider.slash_epoch != epoch {
        provider.slash_epoch = epoch;
        provider.slashed_this_epoch = 0;
    }
    let room = slash_cap_remaining(
        provider.stake,
        provider.pending_tokens,
        provider.slashed_this_epoch,
        market.params.slash_cap_bps,
    )
    .or_program_err()?;
    let amount = match policy {
        CapPolicy::Strict => {
            require!(requested <= room, ComputeAmmError::SlashAboveCap);
            requested
        }
        CapPolicy::Clamp => requested.min(room),
    };
    let crank_bps = if cranked {
        market.params.crank_reward_bps
    } else {
        0
    };
    let s = slash_split(
        amount,
        provider.stake,
        provider.pending_tokens,
        harmed_claim,
        crank_bps,
        market.params.slash_burn_bps,
    )
    .or_program_err()?;
    provider.stake = provider.stake.safe_sub(s.from_active)?;
    provider.pending_tokens = provider.pending_tokens.safe_sub(s.from_pending)?;
    provider.slashed_this_epoch = provider.slashed_this_epoch.safe_add(s.total)?;
    provider.slashed_total = provider.slashed_total.saturating_add(s.total);
    market.total_stake = market.total_stake.safe_sub(s.total)?;
    market.total_slashed = market.total_slashed.saturating_add(s.total);
    market.total_burned = market.total_burned.safe_add(s.to_burn)?;
    Ok(Slash {
        requested,
        split: s,
        epoch,
        slashed_this_epoch: provider.slashed_this_epoch,
    })
}
