use anchor_lang::prelude::*;

use super::JobUserAction;
use crate::error::ComputeAmmError;
use crate::instructions::jobs::{
    complete_if_done, milestone_index, release_milestone, Escrow, RELEASED_BY_USER,
};
use crate::state::{JobStatus, MilestoneStatus};

/// The user accepts a submitted milestone: its credits go to the provider.
pub fn approve_milestone(ctx: Context<JobUserAction>, index: u8) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    require!(
        a.job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let idx = milestone_index(&a.job, index)?;
    require!(
        a.job.milestones[idx].status == MilestoneStatus::Submitted,
        ComputeAmmError::InvalidMilestoneState
    );
    let token_program = a.token_program.to_account_info();
    let vault = a.escrow_vault.to_account_info();
    let class_info = a.gpu_class.to_account_info();
    let provider_credit = a.provider_credit.to_account_info();
    let escrow = Escrow {
        token_program: &token_program,
        vault: &vault,
        class_info: &class_info,
    };
    let job_key = a.job.key();
    release_milestone(
        &mut a.job,
        job_key,
        idx,
        &mut a.provider,
        &mut a.gpu_class,
        &mut a.market,
        &escrow,
        &provider_credit,
        RELEASED_BY_USER,
        now,
    )?;
    complete_if_done(&mut a.job, job_key, &mut a.provider);
    Ok(())
}
