use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
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
    require!(
        ctx.accounts.job.is_final(),
        ComputeAmmError::InvalidJobState
    );
    Ok(())
}
