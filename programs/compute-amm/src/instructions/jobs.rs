//! Program-internal job settlement steps shared by the user, provider, arbiter and crank
//! instructions: paying out of escrow, releasing a milestone, refunding, unlocking the bond.

use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::{JobSettled, MilestoneReleased};
use crate::instructions::token_cpi::transfer_signed;
use crate::state::{GpuClass, Job, JobStatus, Market, MilestoneStatus, Provider};

/// The escrow side of a job's token movements.
pub struct Escrow<'a, 'info> {
    pub token_program: &'a AccountInfo<'info>,
    pub vault: &'a AccountInfo<'info>,
    /// The class PDA, owner of the vault.
    pub class_info: &'a AccountInfo<'info>,
}

impl<'info> Escrow<'_, 'info> {
    /// Pays `amount` out of the escrow vault (signed by the class PDA) and books it.
    pub fn pay(&self, class: &mut GpuClass, to: &AccountInfo<'info>, amount: u64) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        class.total_escrowed = class
            .total_escrowed
            .checked_sub(amount)
            .ok_or(ComputeAmmError::MathOverflow)?;
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

/// How a milestone came to be released (recorded in the event).
pub const RELEASED_BY_USER: u8 = 0;
pub const RELEASED_BY_CLAIM: u8 = 1;
pub const RELEASED_BY_ARBITER: u8 = 2;
pub const RELEASED_AT_EXPIRY: u8 = 3;

/// Pays milestone `idx` (and any dispute bond on it) to the provider and records the verified work
/// for reputation and emissions.
#[allow(clippy::too_many_arguments)]
pub fn release_milestone<'info>(
    job: &mut Job,
    job_key: Pubkey,
    idx: usize,
    provider: &mut Provider,
    class: &mut GpuClass,
    market: &mut Market,
    escrow: &Escrow<'_, 'info>,
    provider_credit: &AccountInfo<'info>,
    how: u8,
    now: i64,
) -> Result<()> {
    let m = job.milestones[idx];
    let pay = m
        .amount
        .checked_add(if m.status == MilestoneStatus::Disputed {
            m.dispute_bond
        } else {
            0
        })
        .ok_or(ComputeAmmError::MathOverflow)?;
    job.milestones[idx].status = MilestoneStatus::Released;
    job.released = job
        .released
        .checked_add(m.amount)
        .ok_or(ComputeAmmError::MathOverflow)?;
    provider.gpu_hours_delivered = provider.gpu_hours_delivered.saturating_add(m.amount);
    let epoch = market.epoch_at(now);
    provider
        .record_served(epoch, m.amount)
        .ok_or(ComputeAmmError::MathOverflow)?;
    market.record_served(epoch, m.amount)?;
    escrow.pay(class, provider_credit, pay)?;
    emit!(MilestoneReleased {
        job: job_key,
        provider: job.provider,
        index: u8::try_from(idx).unwrap_or(u8::MAX),
        amount: m.amount,
        how,
        epoch,
    });
    Ok(())
}

/// Returns every unreleased milestone's credits, and any posted dispute bond, to the user.
pub fn refund_unreleased<'info>(
    job: &mut Job,
    class: &mut GpuClass,
    escrow: &Escrow<'_, 'info>,
    user_credit: &AccountInfo<'info>,
) -> Result<u64> {
    let mut refund = 0u64;
    let mut bonds = 0u64;
    let count = usize::from(job.milestone_count);
    for m in job.milestones.iter_mut().take(count) {
        match m.status {
            MilestoneStatus::Pending | MilestoneStatus::Submitted | MilestoneStatus::Disputed => {
                refund = refund
                    .checked_add(m.amount)
                    .ok_or(ComputeAmmError::MathOverflow)?;
                if m.status == MilestoneStatus::Disputed {
                    bonds = bonds
                        .checked_add(m.dispute_bond)
                        .ok_or(ComputeAmmError::MathOverflow)?;
                }
                m.status = MilestoneStatus::Refunded;
            }
            MilestoneStatus::Released | MilestoneStatus::Refunded => {}
        }
    }
    job.refunded = job
        .refunded
        .checked_add(refund)
        .ok_or(ComputeAmmError::MathOverflow)?;
    escrow.pay(
        class,
        user_credit,
        refund
            .checked_add(bonds)
            .ok_or(ComputeAmmError::MathOverflow)?,
    )?;
    Ok(refund)
}

/// Frees the job's bond from the provider's stake and closes the provider's side of the job.
pub fn unlock_bond(job: &mut Job, provider: &mut Provider) -> u64 {
    let bond = job.bond;
    provider.locked_bond = provider.locked_bond.saturating_sub(bond);
    provider.open_jobs = provider.open_jobs.saturating_sub(1);
    job.bond = 0;
    bond
}

/// Marks the job completed if every milestone is released, unlocking the bond.
pub fn complete_if_done(job: &mut Job, job_key: Pubkey, provider: &mut Provider) {
    let done = job
        .active_milestones()
        .iter()
        .all(|m| m.status == MilestoneStatus::Released);
    if done && job.status == JobStatus::Accepted {
        job.status = JobStatus::Completed;
        let bond = unlock_bond(job, provider);
        provider.jobs_served = provider.jobs_served.saturating_add(1);
        emit!(JobSettled {
            job: job_key,
            status: job.status,
            released: job.released,
            refunded: job.refunded,
            bond_unlocked: bond,
        });
    }
}

/// Checks a milestone index against the job.
pub fn milestone_index(job: &Job, index: u8) -> Result<usize> {
    require!(
        index < job.milestone_count,
        ComputeAmmError::InvalidMilestoneState
    );
    Ok(usize::from(index))
}
