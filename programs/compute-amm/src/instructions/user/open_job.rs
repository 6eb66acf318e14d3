use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::JobOpened;
use crate::instructions::token_cpi::transfer_from_user;
use crate::state::{pause, GpuClass, Job, Market, Milestone};

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

/// Validates the terms and fills a new job; returns the credits to escrow.
#[allow(clippy::too_many_arguments)]
pub fn init_job(
    job: &mut Job,
    bump: u8,
    market: Pubkey,
    gpu_class: Pubkey,
    user: Pubkey,
    job_id: u64,
    gpu_count: u16,
    milestone_amounts: &[u64],
    accept_by: i64,
    complete_by: i64,
    now: i64,
) -> Result<u64> {
    require!(
        !milestone_amounts.is_empty()
            && milestone_amounts.len() <= MAX_MILESTONES
            && milestone_amounts.iter().all(|a| *a > 0)
            && gpu_count > 0
            && now < accept_by
            && accept_by <= complete_by,
        ComputeAmmError::InvalidJobTerms
    );
    let total = milestone_amounts
        .iter()
        .try_fold(0u64, |acc, a| acc.checked_add(*a))
        .ok_or(ComputeAmmError::MathOverflow)?;
    job.bump = bump;
    job.market = market;
    job.gpu_class = gpu_class;
    job.user = user;
    job.job_id = job_id;
    job.provider = Pubkey::default();
    job.gpu_count = gpu_count;
    job.total_credits = total;
    job.milestone_count =
        u8::try_from(milestone_amounts.len()).map_err(|_| ComputeAmmError::InvalidJobTerms)?;
    job.next_milestone = 0;
    for (slot, amount) in job.milestones.iter_mut().zip(milestone_amounts) {
        *slot = Milestone {
            amount: *amount,
            ..Milestone::default()
        };
    }
    job.accept_by = accept_by;
    job.complete_by = complete_by;
    job.opened_at = now;
    Ok(total)
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
    ctx.accounts.market.ensure_not_paused(pause::JOBS)?;
    let now = Clock::get()?.unix_timestamp;
    let total = init_job(
        &mut ctx.accounts.job,
        ctx.bumps.job,
        ctx.accounts.market.key(),
        ctx.accounts.gpu_class.key(),
        ctx.accounts.user.key(),
        job_id,
        gpu_count,
        &milestone_amounts,
        accept_by,
        complete_by,
        now,
    )?;
    require!(
        ctx.accounts.user_credit.amount >= total,
        ComputeAmmError::InsufficientFunds
    );
    let class = &mut ctx.accounts.gpu_class;
    class.total_escrowed = class
        .total_escrowed
        .checked_add(total)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let a = &ctx.accounts;
    transfer_from_user(
        &a.token_program.to_account_info(),
        &a.user_credit.to_account_info(),
        &a.escrow_vault.to_account_info(),
        &a.user.to_account_info(),
        total,
    )?;
    emit!(JobOpened {
        job: a.job.key(),
        user: a.user.key(),
        gpu_class: a.gpu_class.key(),
        job_id,
        gpu_count,
        total_credits: total,
        milestone_count: a.job.milestone_count,
        accept_by,
        complete_by,
    });
    Ok(())
}
