use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use compute_amm_math::stake::required_stake;

use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::{DisputeResolved, JobSettled};
use crate::instructions::jobs::{
    complete_if_done, milestone_index, refund_unreleased, release_milestone, unlock_bond, Escrow,
    RELEASED_BY_ARBITER,
};
use crate::instructions::slashing::{slash, CapPolicy, SlashTargets};
use crate::state::{GpuClass, Job, JobStatus, Market, MilestoneStatus, Provider, SlashReason};

#[derive(Accounts)]
pub struct ResolveDispute<'info> {
    #[account(constraint = arbiter.key() == market.arbiter @ ComputeAmmError::NotArbiter)]
    pub arbiter: Signer<'info>,
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
    /// The user's protocol-token account: compensation from the slash lands here.
    #[account(mut, token::mint = protocol_mint, token::authority = job.user)]
    pub user_protocol: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// The arbiter decides a disputed milestone.
///
/// * Provider at fault: the job fails; every unreleased milestone and the dispute bond go back to the
///   user; the job's bond is slashed (within the epoch cap), the user compensated first with the
///   stake value of the refunded credits.
/// * User at fault: the milestone is released to the provider together with the dispute bond.
pub fn resolve_dispute(
    ctx: Context<ResolveDispute>,
    index: u8,
    provider_at_fault: bool,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    require!(
        a.job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let idx = milestone_index(&a.job, index)?;
    require!(
        a.job.milestones[idx].status == MilestoneStatus::Disputed,
        ComputeAmmError::InvalidMilestoneState
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
    if !provider_at_fault {
        let provider_credit = a.provider_credit.to_account_info();
        release_milestone(
            &mut a.job,
            job_key,
            idx,
            &mut a.provider,
            &mut a.gpu_class,
            &mut a.market,
            &escrow,
            &provider_credit,
            RELEASED_BY_ARBITER,
            now,
        )?;
        complete_if_done(&mut a.job, job_key, &mut a.provider);
        emit!(DisputeResolved {
            job: job_key,
            index,
            provider_at_fault,
            refunded: 0,
            slashed: 0
        });
        return Ok(());
    }
    let user_credit = a.user_credit.to_account_info();
    let refunded = refund_unreleased(&mut a.job, &mut a.gpu_class, &escrow, &user_credit)?;
    let bond = unlock_bond(&mut a.job, &mut a.provider);
    a.job.status = JobStatus::Failed;
    a.provider.jobs_failed = a.provider.jobs_failed.saturating_add(1);
    let claim = required_stake(refunded, a.market.params.stake_per_credit).or_program_err()?;
    let market_info = a.market.to_account_info();
    let provider_key = a.provider.key();
    let stake_vault = a.stake_vault.to_account_info();
    let protocol_mint = a.protocol_mint.to_account_info();
    let harmed = a.user_protocol.to_account_info();
    let treasury = a.treasury.to_account_info();
    let s = slash(
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
            crank: None,
        },
        bond,
        claim,
        SlashReason::LostDispute,
        CapPolicy::Clamp,
        now,
    )?;
    emit!(DisputeResolved {
        job: job_key,
        index,
        provider_at_fault,
        refunded,
        slashed: s.total
    });
    emit!(JobSettled {
        job: job_key,
        status: a.job.status,
        released: a.job.released,
        refunded: a.job.refunded,
        bond_unlocked: bond,
    });
    Ok(())
}
