//! The token side of job settlement (`logic::jobs` computes it): paying out of a class's escrow
//! vault, and the settlement events.

use anchor_lang::prelude::*;

use crate::events::{emit_event, JobSettled, MilestoneReleased};
use crate::instructions::token_cpi::transfer_signed;
use crate::logic::jobs::{Release, Settled};
use crate::state::GpuClass;

/// The escrow side of a job's token movements.
pub struct Escrow<'a, 'info> {
    pub token_program: &'a AccountInfo<'info>,
    pub vault: &'a AccountInfo<'info>,
    /// The class PDA, owner of the vault.
    pub class_info: &'a AccountInfo<'info>,
}

impl<'info> Escrow<'_, 'info> {
    /// Pays `amount` out of the escrow vault, signed by the class PDA (the core already booked it).
    pub fn pay(&self, class: &GpuClass, to: &AccountInfo<'info>, amount: u64) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        class.with_signer(|seeds| {
            transfer_signed(
                self.token_program,
                self.vault,
                to,
                self.class_info,
                seeds,
                amount,
            )
        })
    }
}

/// `MilestoneReleased` for a release `how` (see `logic::jobs::RELEASED_*`).
pub fn emit_release(job: Pubkey, provider: Pubkey, r: &Release, how: u8) {
    emit_event(MilestoneReleased {
        job,
        provider,
        index: r.index,
        amount: r.amount,
        take: r.take,
        how,
        epoch: r.epoch,
        expired_epoch: r.expired.epoch,
        expired_served: r.expired.served,
    });
}

/// `CompensationHeld` for a failed job whose slash proceeds now vest on it.
pub fn emit_held(job_key: Pubkey, job: &crate::state::Job, market: &crate::state::Market) {
    if job.compensation_held() == 0 {
        return;
    }
    emit_event(crate::events::CompensationHeld {
        job: job_key,
        user: job.user,
        compensation: job.compensation,
        cranker: job.cranker,
        crank_reward: job.crank_reward,
        vests_at: job.compensation_vests_at,
        market_compensation_owed: market.compensation_owed,
    });
}

/// `JobSettled` for a job that reached a final status.
pub fn emit_settled(job: Pubkey, s: &Settled) {
    emit_event(JobSettled {
        job,
        status: s.status,
        released: s.released,
        refunded: s.refunded,
        bond_unlocked: s.bond_unlocked,
    });
}

/// Pays a released milestone to the provider and emits its events (and `JobSettled` when it
/// completed the job).
pub fn pay_milestone<'info>(
    escrow: &Escrow<'_, 'info>,
    class: &GpuClass,
    provider_credit: &AccountInfo<'info>,
    job: Pubkey,
    provider: Pubkey,
    outcome: &crate::logic::jobs::MilestoneOutcome,
    how: u8,
) -> Result<()> {
    escrow.pay(class, provider_credit, outcome.release.pay)?;
    emit_release(job, provider, &outcome.release, how);
    if let Some(s) = &outcome.settled {
        emit_settled(job, s);
    }
    Ok(())
}
