use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::{emit_event, JobClosed};
use crate::logic::jobs;
use crate::state::Job;

#[derive(Accounts)]
pub struct CloseJob<'info> {
    #[account(mut)]
    pub user: Signer<'info>,
    #[account(mut, close = user, has_one = user @ ComputeAmmError::NotJobUser)]
    pub job: Box<Account<'info, Job>>,
}

/// Closes a settled job; its rent returns to the user who paid it.
pub fn close_job(ctx: Context<CloseJob>) -> Result<()> {
    let job = &ctx.accounts.job;
    jobs::close_job(job)?;
    emit_event(JobClosed {
        job: job.key(),
        user: job.user,
        status: job.status,
        rent_returned: job.to_account_info().lamports(),
    });
    Ok(())
}
