use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use compute_amm_math::stake::required_stake;

use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::JobSettled;
use crate::instructions::jobs::{
    refund_unreleased, release_milestone, unlock_bond, Escrow, RELEASED_AT_EXPIRY,
};
use crate::instructions::slashing::{slash, CapPolicy, SlashTargets};
use crate::state::{GpuClass, Job, JobStatus, Market, MilestoneStatus, Provider, SlashReason};

#[derive(Accounts)]
pub struct ExpireJob<'info> {
    pub cranker: Signer<'info>,
    #[account(mut, has_one = stake_vault, has_one = protocol_mint, has_one = treasury)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket, has_one = escrow_vault)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(mut, has_one = gpu_class, has_one = provider)]
    pub job: Box<Account<'info, Job>>,
    #[account(mut)]
    pub provider: Box<Account<'info, Provider>>,
    #[account(mut)]
    pub escrow_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = gpu_class.credit_mint, token::authority = job.user)]
    pub user_credit: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = gpu_class.credit_mint, token::authority = provider.authority)]
    pub provider_credit: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub stake_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub protocol_mint: Box<Account<'info, Mint>>,
    #[account(mut, token::mint = protocol_mint, token::authority = job.user)]
    pub user_protocol: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    /// The crank reward goes here.
    #[account(mut, token::mint = protocol_mint)]
    pub cranker_protocol: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Settles an accepted job after `complete_by` + the challenge window. Submitted milestones (whose
/// window has passed) are released to the provider; milestones never delivered are refunded to the
/// user and the provider's bond is slashed for liveness (within the epoch cap), the user compensated
/// first and the cranker paid a small reward. A job with an open dispute waits for the arbiter.
pub fn expire_job(ctx: Context<ExpireJob>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    require!(
        a.job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let expires = a
        .job
        .complete_by
        .checked_add(a.market.params.challenge_window_secs)
        .ok_or(ComputeAmmError::MathOverflow)?;
    require!(now > expires, ComputeAmmError::JobNotExpired);
    require!(
        a.job
            .active_milestones()
            .iter()
            .all(|m| m.status != MilestoneStatus::Disputed),
        ComputeAmmError::DisputeOpen
    );
    let token_program = a.token_program.to_account_info();
    let vault = a.escrow_vault.to_account_info();
    let class_info = a.gpu_class.to_account_info();
    let escrow = Escrow {
        token_program: &token_program,
        vault: &vault,
        class_info: &class_info,
    };
    let job_key = a.job.key();
    let provider_credit = a.provider_credit.to_account_info();
    for idx in 0..usize::from(a.job.milestone_count) {
        if a.job.milestones[idx].status == MilestoneStatus::Submitted {
            release_milestone(
                &mut a.job,
                job_key,
                idx,
                &mut a.provider,
                &mut a.gpu_class,
                &mut a.market,
                &escrow,
                &provider_credit,
                RELEASED_AT_EXPIRY,
                now,
            )?;
        }
    }
    let user_credit = a.user_credit.to_account_info();
    let refunded = refund_unreleased(&mut a.job, &mut a.gpu_class, &escrow, &user_credit)?;
    let bond = unlock_bond(&mut a.job, &mut a.provider);
    if refunded == 0 {
        // everything was delivered: a late but complete job
        a.job.status = JobStatus::Completed;
        a.provider.jobs_served = a.provider.jobs_served.saturating_add(1);
    } else {
        a.job.status = JobStatus::Expired;
        a.provider.jobs_failed = a.provider.jobs_failed.saturating_add(1);
        let claim = required_stake(refunded, a.market.params.stake_per_credit).or_program_err()?;
        let market_info = a.market.to_account_info();
        let provider_key = a.provider.key();
        let stake_vault = a.stake_vault.to_account_info();
        let protocol_mint = a.protocol_mint.to_account_info();
        let harmed = a.user_protocol.to_account_info();
        let treasury = a.treasury.to_account_info();
        let crank = a.cranker_protocol.to_account_info();
        slash(
            &mut a.market,
            &mut a.provider,
            provider_key,
            SlashTargets {
                token_program: &token_program,
                market_authority: &market_info,
                stake_vault: &stake_vault,
                protocol_mint: &protocol_mint,
                harmed: &harmed,
                treasury: &treasury,
                crank: Some(&crank),
            },
            bond,
            claim,
            SlashReason::MissedDeadline,
            CapPolicy::Clamp,
            now,
        )?;
    }
    emit!(JobSettled {
        job: job_key,
        status: a.job.status,
        released: a.job.released,
        refunded: a.job.refunded,
        bond_unlocked: bond,
    });
    Ok(())
}
