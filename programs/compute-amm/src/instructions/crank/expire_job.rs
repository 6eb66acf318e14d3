use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::instructions::jobs::{emit_held, emit_release, emit_settled, Escrow};
use crate::instructions::slashing::{pay_slash, SlashTargets};
use crate::logic::jobs::{self, RELEASED_AT_EXPIRY};
use crate::state::{GpuClass, Job, Market, Provider, SlashReason};

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
/// user and the provider's whole bond is slashed for liveness, the user's compensation and the
/// cranker's small reward held on the job until they vest (`claim_compensation`). A job with an open
/// dispute waits for the arbiter until the dispute window has passed.
pub fn expire_job(ctx: Context<ExpireJob>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let expiry = jobs::expire_job(
        &mut a.market,
        &mut a.gpu_class,
        &mut a.job,
        &mut a.provider,
        a.cranker_protocol.key(),
        now,
    )?;
    let token_program = a.token_program.to_account_info();
    let vault = a.escrow_vault.to_account_info();
    let class_info = a.gpu_class.to_account_info();
    let escrow = Escrow {
        token_program: &token_program,
        vault: &vault,
        class_info: &class_info,
    };
    let job_key = a.job.key();
    escrow.pay(
        &a.gpu_class,
        &a.provider_credit.to_account_info(),
        expiry.to_provider,
    )?;
    for r in expiry.released.iter().flatten() {
        emit_release(job_key, a.job.provider, r, RELEASED_AT_EXPIRY);
    }
    escrow.pay(
        &a.gpu_class,
        &a.user_credit.to_account_info(),
        expiry.default_refund,
    )?;
    if let Some(f) = &expiry.failure {
        escrow.pay(&a.gpu_class, &a.user_credit.to_account_info(), f.refund)?;
        pay_slash(
            &a.market,
            SlashTargets {
                token_program: &token_program,
                market_authority: &a.market.to_account_info(),
                stake_vault: &a.stake_vault.to_account_info(),
                protocol_mint: &a.protocol_mint.to_account_info(),
                harmed: &a.user_protocol.to_account_info(),
                treasury: &a.treasury.to_account_info(),
                crank: Some(&a.cranker_protocol.to_account_info()),
            },
            &f.slash,
            a.provider.key(),
            SlashReason::MissedDeadline,
        )?;
        emit_held(job_key, &a.job, &a.market);
    }
    emit_settled(job_key, &expiry.settled);
    Ok(())
}
