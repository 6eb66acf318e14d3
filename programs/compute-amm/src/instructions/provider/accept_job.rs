use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::{emit_event, JobAccepted};
use crate::instructions::collateral;
use crate::logic::jobs;
use crate::state::{GpuClass, Job, Market, Provider};

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
    #[account(constraint = gpu_class.key() == provider.gpu_class @ ComputeAmmError::WrongGpuClass)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    /// CHECK: the class's protocol-token pool (`GpuClass::protocol_pool`); checked by address in
    /// `collateral::load`.
    pub collateral_pool: UncheckedAccount<'info>,
}

/// A provider of the job's class takes the job, locking a bond of free stake equal to the stake
/// that backs the job's credits (`ceil(total · stake_per_credit / 10⁶)`) until the job settles.
pub fn accept_job(ctx: Context<AcceptJob>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let provider_key = a.provider.key();
    let pool = collateral::load(&a.gpu_class, &a.collateral_pool)?;
    let (bond, c) = jobs::accept_job(
        &a.market,
        &mut a.job,
        &mut a.provider,
        provider_key,
        pool.as_ref(),
        now,
    )?;
    collateral::warn(provider_key, &c);
    emit_event(JobAccepted {
        job: a.job.key(),
        provider: provider_key,
        bond,
    });
    Ok(())
}
