//! The program-internal slash: capped per provider per epoch, taken from active stake first and
//! then from stake in cooldown, routed crank → harmed party → burn → treasury.

use anchor_lang::prelude::*;
use compute_amm_math::stake::{slash_cap_remaining, slash_split, SlashSplit};

use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::ProviderSlashed;
use crate::instructions::token_cpi::{burn_signed, transfer_signed};
use crate::state::{Market, Provider, SlashReason};

/// Token accounts a slash pays out of and into.
pub struct SlashTargets<'a, 'info> {
    pub token_program: &'a AccountInfo<'info>,
    /// The market PDA: authority of the stake vault.
    pub market_authority: &'a AccountInfo<'info>,
    pub stake_vault: &'a AccountInfo<'info>,
    pub protocol_mint: &'a AccountInfo<'info>,
    pub harmed: &'a AccountInfo<'info>,
    pub treasury: &'a AccountInfo<'info>,
    /// Receives the crank reward, if the slash was cranked.
    pub crank: Option<&'a AccountInfo<'info>>,
}

/// How a slash request meets the cap.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CapPolicy {
    /// Refuse a request above the remaining cap (`SlashAboveCap`): the arbiter asks for an exact amount.
    Strict,
    /// Clamp to the remaining cap: cranks must never fail because a provider was already slashed.
    Clamp,
}

#[allow(clippy::too_many_arguments)]
pub fn slash<'info>(
    market: &mut Market,
    provider: &mut Provider,
    provider_key: Pubkey,
    targets: SlashTargets<'_, 'info>,
    requested: u64,
    harmed_claim: u64,
    reason: SlashReason,
    policy: CapPolicy,
    now: i64,
) -> Result<SlashSplit> {
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
    let crank_bps = if targets.crank.is_some() {
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

    provider.stake = provider
        .stake
        .checked_sub(s.from_active)
        .ok_or(ComputeAmmError::MathOverflow)?;
    provider.pending_tokens = provider
        .pending_tokens
        .checked_sub(s.from_pending)
        .ok_or(ComputeAmmError::MathOverflow)?;
    provider.slashed_this_epoch = provider
        .slashed_this_epoch
        .checked_add(s.total)
        .ok_or(ComputeAmmError::MathOverflow)?;
    provider.slashed_total = provider.slashed_total.saturating_add(s.total);
    market.total_stake = market
        .total_stake
        .checked_sub(s.total)
        .ok_or(ComputeAmmError::MathOverflow)?;
    market.total_slashed = market.total_slashed.saturating_add(s.total);
    market.total_burned = market
        .total_burned
        .checked_add(s.to_burn)
        .ok_or(ComputeAmmError::MathOverflow)?;

    let seeds = market.signer_seeds();
    let pay = |to: &AccountInfo<'info>, amount: u64| -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        transfer_signed(
            targets.token_program,
            targets.stake_vault,
            to,
            targets.market_authority,
            &seeds,
            amount,
        )
    };
    if let Some(crank) = targets.crank {
        pay(crank, s.to_crank)?;
    }
    pay(targets.harmed, s.to_harmed)?;
    if s.to_burn > 0 {
        burn_signed(
            targets.token_program,
            targets.protocol_mint,
            targets.stake_vault,
            targets.market_authority,
            &seeds,
            s.to_burn,
        )?;
    }
    pay(targets.treasury, s.to_treasury)?;

    emit!(ProviderSlashed {
        provider: provider_key,
        reason,
        requested,
        slashed: s.total,
        from_active: s.from_active,
        from_pending: s.from_pending,
        to_crank: s.to_crank,
        to_harmed: s.to_harmed,
        burned: s.to_burn,
        to_treasury: s.to_treasury,
        epoch,
        slashed_this_epoch: provider.slashed_this_epoch,
    });
    Ok(s)
}
