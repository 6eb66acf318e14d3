use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::events::{emit_event, JobCancelled};
use crate::instructions::jobs::Escrow;
use crate::logic::jobs;
use crate::state::{GpuClass, Job};

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
    let a = ctx.accounts;
    let by_user = a.caller.key() == a.job.user;
    let refunded = jobs::cancel_job(&mut a.gpu_class, &mut a.job, by_user, now)?;
    let token_program = a.token_program.to_account_info();
    let vault = a.escrow_vault.to_account_info();
    let class_info = a.gpu_class.to_account_info();
    let escrow = Escrow {
        token_program: &token_program,
        vault: &vault,
        class_info: &class_info,
    };
    escrow.pay(&a.gpu_class, &a.user_credit.to_account_info(), refunded)?;
    emit_event(JobCancelled {
        job: a.job.key(),
        refunded,
    });
    Ok(())
}
