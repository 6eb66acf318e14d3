use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::instructions::jobs::{
    complete_if_done, milestone_index, release_milestone, Escrow, RELEASED_BY_CLAIM,
};
use crate::state::{GpuClass, Job, JobStatus, Market, MilestoneStatus, Provider};

#[derive(Accounts)]
pub struct ClaimMilestone<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket, has_one = escrow_vault)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(mut, has_one = authority @ ComputeAmmError::NotProviderAuthority)]
    pub provider: Box<Account<'info, Provider>>,
    #[account(
        mut,
        has_one = gpu_class,
        constraint = job.provider == provider.key() @ ComputeAmmError::NotJobProvider,
    )]
    pub job: Box<Account<'info, Job>>,
    #[account(mut)]
    pub escrow_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = gpu_class.credit_mint, token::authority = authority)]
    pub provider_credit: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Optimistic release: the user stayed silent through the challenge window, so the provider takes
/// the milestone's credits.
pub fn claim_milestone(ctx: Context<ClaimMilestone>, index: u8) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    require!(
        a.job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let idx = milestone_index(&a.job, index)?;
    let m = a.job.milestones[idx];
    require!(
        m.status == MilestoneStatus::Submitted,
        ComputeAmmError::InvalidMilestoneState
    );
    let opens = m
        .submitted_at
        .checked_add(a.market.params.challenge_window_secs)
        .ok_or(ComputeAmmError::MathOverflow)?;
    require!(now >= opens, ComputeAmmError::ChallengeWindowOpen);
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
        RELEASED_BY_CLAIM,
        now,
    )?;
    complete_if_done(&mut a.job, job_key, &mut a.provider);
    Ok(())
}
