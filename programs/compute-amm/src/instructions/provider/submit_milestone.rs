use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::MilestoneSubmitted;
use crate::instructions::jobs::milestone_index;
use crate::state::{Job, JobStatus, MilestoneStatus, Provider};

#[derive(Accounts)]
pub struct SubmitMilestone<'info> {
    pub authority: Signer<'info>,
    #[account(has_one = authority @ ComputeAmmError::NotProviderAuthority)]
    pub provider: Box<Account<'info, Provider>>,
    #[account(mut, constraint = job.provider == provider.key() @ ComputeAmmError::NotJobProvider)]
    pub job: Box<Account<'info, Job>>,
}

/// The provider commits the result of the next milestone; the challenge window starts now.
pub fn submit_milestone(
    ctx: Context<SubmitMilestone>,
    index: u8,
    result_hash: [u8; 32],
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let job = &mut ctx.accounts.job;
    require!(
        job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let idx = milestone_index(job, index)?;
    require!(
        index == job.next_milestone && job.milestones[idx].status == MilestoneStatus::Pending,
        ComputeAmmError::InvalidMilestoneState
    );
    require!(now <= job.complete_by, ComputeAmmError::JobDeadlinePassed);
    job.milestones[idx].status = MilestoneStatus::Submitted;
    job.milestones[idx].result_hash = result_hash;
    job.milestones[idx].submitted_at = now;
    job.next_milestone = job.next_milestone.saturating_add(1);
    emit!(MilestoneSubmitted {
        job: job.key(),
        index,
        result_hash
    });
    Ok(())
}
