use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::{emit_event, MilestoneSubmitted};
use crate::logic::jobs;
use crate::state::{Job, Provider};

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
    jobs::submit_milestone(&mut ctx.accounts.job, index, result_hash, now)?;
    emit_event(MilestoneSubmitted {
        job: ctx.accounts.job.key(),
        index,
        result_hash,
    });
    Ok(())
}
