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
    /// A failed job's own bond: taken whole from active stake, outside the cap and not counted in it.
    /// The bond was locked for this job when it was accepted, and discretionary slashes never touch
    /// locked bonds, so it is always there: no other slash can use up the compensation a harmed user
    /// is owed, and no failure uses up the arbiter's room.
    Bond,
}

/// What a slash took and where it goes. Token movements, all out of the stake vault: `to_crank` to
/// the cranker, `to_harmed` to the harmed party (both held on the job until `vests_at` when it is
/// set), `to_burn` burned, `to_treasury` to the treasury.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slash {
    pub requested: u64,
    pub split: SlashSplit,
    pub epoch: u64,
    /// The provider's slashed total this epoch (discretionary slashes, the cap's count), after this
    /// slash.
    pub slashed_this_epoch: u64,
    /// When `to_crank` and `to_harmed` vest (`None`: paid at once).
    pub vests_at: Option<i64>,
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
    // What each kind of slash may take from: a bond comes out of active stake, which holds it, and
    // ignores the cap; any other slash is capped, spares the locked bonds (they back open jobs) and
    // may reach stake in cooldown.
    let room = || {
        slash_cap_remaining(
            provider.stake,
            provider.pending_tokens,
            provider.slashed_this_epoch,
            market.params.slash_cap_bps,
        )
        .or_program_err()
    };
    let (amount, active, pending) = match policy {
        CapPolicy::Strict => {
            require!(requested <= room()?, ComputeAmmError::SlashAboveCap);
            (requested, provider.free_of_bonds(), provider.pending_tokens)
        }
        CapPolicy::Clamp => (
            requested.min(room()?),
            provider.free_of_bonds(),
            provider.pending_tokens,
        ),
        CapPolicy::Bond => (requested, provider.stake, 0),
    };
    let crank_bps = if cranked {
        market.params.crank_reward_bps
    } else {
        0
    };
    let s = slash_split(
        amount,
        active,
        pending,
        harmed_claim,
        crank_bps,
        market.params.slash_burn_bps,
    )
    .or_program_err()?;
    provider.stake = provider.stake.safe_sub(s.from_active)?;
    provider.pending_tokens = provider.pending_tokens.safe_sub(s.from_pending)?;
    if policy != CapPolicy::Bond {
        provider.slashed_this_epoch = provider.slashed_this_epoch.safe_add(s.total)?;
    }
    if s.from_pending > 0 && provider.pending_tokens == 0 {
        // The cooldown pool is empty but its shares remain: start a new share generation (the old
        // tickets redeem nothing), or the next ticket's share price would be tokens / 0.
        provider.pending_shares = 0;
        provider.share_generation = provider.share_generation.safe_add(1)?;
    }
    provider.slashed_total = provider.slashed_total.saturating_add(s.total);
    market.total_stake = market.total_stake.safe_sub(s.total)?;
    market.total_slashed = market.total_slashed.saturating_add(s.total);
    market.total_burned = market.total_burned.safe_add(s.to_burn)?;
    Ok(Slash {
        requested,
        split: s,
        epoch,
        slashed_this_epoch: provider.slashed_this_epoch,
        vests_at: None,
    })
}
