use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, JobOpened};
use crate::instructions::token_cpi::transfer_from_user;
use crate::logic::jobs::{self, JobKeys, OpenJobArgs};
use crate::state::{GpuClass, Job, Market};

#[derive(Accounts)]
#[instruction(job_id: u64)]
pub struct OpenJob<'info> {
    /// Pays the escrow and the job account's rent.
    #[account(mut)]
    pub user: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket, has_one = escrow_vault)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(
        init,
        payer = user,
        space = 8 + Job::INIT_SPACE,
        seeds = [JOB_SEED, gpu_class.key().as_ref(), user.key().as_ref(), job_id.to_le_bytes().as_ref()],
        bump,
    )]
    pub job: Box<Account<'info, Job>>,
    #[account(mut)]
    pub escrow_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = gpu_class.credit_mint, token::authority = user)]
    pub user_credit: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Opens a job: escrows the milestones' credits from the user.
///
/// # Arguments
/// * `job_id` — any number unique among the user's jobs of this class (part of the PDA).
/// * `gpu_count` — GPUs wanted.
/// * `milestone_amounts` — credits (base units) per milestone, 1 to `MAX_MILESTONES`, paid in order.
/// * `accept_by` — a provider must accept before this time; `complete_by` — all work before this.
pub fn open_job(
    ctx: Context<OpenJob>,
    job_id: u64,
    gpu_count: u16,
    milestone_amounts: Vec<u64>,
    accept_by: i64,
    complete_by: i64,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let args = OpenJobArgs {
        job_id,
        gpu_count,
        milestone_amounts,
        accept_by,
        complete_by,
    };
    let a = ctx.accounts;
    let keys = JobKeys {
        bump: ctx.bumps.job,
        market: a.market.key(),
        gpu_class: a.gpu_class.key(),
        user: a.user.key(),
    };
    let total = jobs::open_job(
        &a.market,
        &mut a.gpu_class,
        &mut a.job,
        keys,
        &args,
        a.user_credit.amount,
        now,
    )?;
    transfer_from_user(
        &a.token_program.to_account_info(),
        &a.user_credit.to_account_info(),
        &a.escrow_vault.to_account_info(),
        &a.user.to_account_info(),
        total,
    )?;
    emit_job_opened(&a.job, a.job.key(), total);
    Ok(())
}

/// `JobOpened` for a job just written.
pub fn emit_job_opened(job: &Job, key: Pubkey, total: u64) {
    emit_event(JobOpened {
        job: key,
        user: job.user,
        gpu_class: job.gpu_class,
        job_id: job.job_id,
        gpu_count: job.gpu_count,
        total_credits: total,
        milestone_count: job.milestone_count,
        accept_by: job.accept_by,
        complete_by: job.complete_by,
    });
}
