use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, DisputeResolved};
use crate::instructions::jobs::{emit_held, emit_release, emit_settled, pay_milestone, Escrow};
use crate::instructions::slashing::{pay_slash, SlashTargets};
use crate::logic::jobs::{self, Resolution, RELEASED_BY_ARBITER, RELEASED_BY_CLAIM};
use crate::state::{GpuClass, Job, Market, Provider, SlashReason};

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
    let resolution = jobs::resolve_dispute(
        &mut a.market,
        &mut a.gpu_class,
        &mut a.job,
        &mut a.provider,
        index,
        provider_at_fault,
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
    match resolution {
        Resolution::ForProvider(outcome) => {
            pay_milestone(
                &escrow,
                &a.gpu_class,
                &a.provider_credit.to_account_info(),
                job_key,
                a.job.provider,
                &outcome,
                RELEASED_BY_ARBITER,
            )?;
            emit_event(DisputeResolved {
                job: job_key,
                index,
                provider_at_fault,
                refunded: 0,
                slashed: 0,
            });
        }
        Resolution::AgainstProvider(f) => {
            // Milestones delivered before the disputed one and past their window are the
            // provider's: the ruling on one milestone does not reach back to undisputed ones.
            escrow.pay(
                &a.gpu_class,
                &a.provider_credit.to_account_info(),
                f.to_provider,
            )?;
            for r in f.released.iter().flatten() {
                emit_release(job_key, a.job.provider, r, RELEASED_BY_CLAIM);
            }
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
                    crank: None,
                },
                &f.slash,
                a.provider.key(),
                SlashReason::LostDispute,
            )?;
            emit_held(job_key, &a.job, &a.market);
            emit_event(DisputeResolved {
                job: job_key,
                index,
                provider_at_fault,
                refunded: f.refunded,
                slashed: f.slash.split.total,
            });
            emit_settled(job_key, &f.settled);
        }
    }
    Ok(())
}
