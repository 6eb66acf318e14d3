use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::JobCancelled;
use crate::instructions::jobs::{refund_unreleased, Escrow};
use crate::state::{GpuClass, Job, JobStatus};

#[derive(Accounts)]
pub struct CancelJob<'info> {
    /// The job's user at any time before acceptance; anyone once accept-by has passed.
    pub caller: Signer<'info>,
    #[account(mut, has_one = escrow_vault)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(mut, has_one = gpu_class)]
    pub job: Box<Account<'info, Job>>,
    #[account(mut)]
    pub escrow_vault: Box<Account<'info, TokenAccount>>,
    /// The refund goes to the job's user.
    #[account(mut, token::mint = gpu_class.credit_mint, token::authority = job.user)]
    pub user_credit: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Cancels a job nobody accepted and refunds the whole escrow to the user.
pub fn cancel_job(ctx: Context<CancelJob>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let job = &ctx.accounts.job;
    require!(
        job.status == JobStatus::Open,
        ComputeAmmError::InvalidJobState
    );
    let by_user = ctx.accounts.caller.key() == job.user;
    require!(by_user || now > job.accept_by, ComputeAmmError::NotJobUser);
    let a = ctx.accounts;
    let token_program = a.token_program.to_account_info();
    let vault = a.escrow_vault.to_account_info();
    let class_info = a.gpu_class.to_account_info();
    let user_credit = a.user_credit.to_account_info();
    let escrow = Escrow {
        token_program: &token_program,
        vault: &vault,
        class_info: &class_info,
    };
    let refunded = refund_unreleased(&mut a.job, &mut a.gpu_class, &escrow, &user_credit)?;
    a.job.status = if by_user {
        JobStatus::Cancelled
    } else {
        JobStatus::Expired
    };
    emit!(JobCancelled {
        job: a.job.key(),
        refunded
    });
    Ok(())
}
