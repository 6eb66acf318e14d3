use anchor_lang::prelude::*;
use compute_amm_math::stake::{free_stake, required_stake};

use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::JobAccepted;
use crate::state::{pause, Job, JobStatus, Market, Provider};

#[derive(Accounts)]
pub struct AcceptJob<'info> {
    pub authority: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = authority @ ComputeAmmError::NotProviderAuthority,
        has_one = market @ ComputeAmmError::WrongMarket,
    )]
    pub provider: Box<Account<'info, Provider>>,
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        constraint = job.gpu_class == provider.gpu_class @ ComputeAmmError::WrongGpuClass,
    )]
    pub job: Box<Account<'info, Job>>,
}

/// A provider of the job's class takes the job, locking a bond of free stake equal to the stake
/// that backs the job's credits (`ceil(total · stake_per_credit / 10⁶)`) until the job settles.
pub fn accept_job(ctx: Context<AcceptJob>) -> Result<()> {
    ctx.accounts.market.ensure_not_paused(pause::JOBS)?;
    let now = Clock::get()?.unix_timestamp;
    let spc = ctx.accounts.market.params.stake_per_credit;
    let job = &mut ctx.accounts.job;
    require!(
        job.status == JobStatus::Open,
        ComputeAmmError::InvalidJobState
    );
    require!(now <= job.accept_by, ComputeAmmError::JobDeadlinePassed);
    let bond = required_stake(job.total_credits, spc).or_program_err()?;
    let p = &mut ctx.accounts.provider;
    let free = free_stake(p.stake, p.obligations, p.locked_bond, spc).or_program_err()?;
    require!(bond <= free, ComputeAmmError::InsufficientFreeStake);
    p.locked_bond = p
        .locked_bond
        .checked_add(bond)
        .ok_or(ComputeAmmError::MathOverflow)?;
    p.open_jobs = p
        .open_jobs
        .checked_add(1)
        .ok_or(ComputeAmmError::MathOverflow)?;
    job.provider = p.key();
    job.bond = bond;
    job.accepted_at = now;
    job.status = JobStatus::Accepted;
    emit!(JobAccepted {
        job: job.key(),
        provider: job.provider,
        bond
    });
    Ok(())
}
