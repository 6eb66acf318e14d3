use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::instructions::jobs::{pay_milestone, Escrow};
use crate::logic::jobs::{self, RELEASED_BY_CLAIM};
use crate::state::{GpuClass, Job, Market, Provider};

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
    let outcome = jobs::claim_milestone(
        &mut a.market,
        &mut a.gpu_class,
        &mut a.job,
        &mut a.provider,
        index,
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
    pay_milestone(
        &escrow,
        &a.gpu_class,
        &a.provider_credit.to_account_info(),
        a.job.key(),
        a.job.provider,
        &outcome,
        RELEASED_BY_CLAIM,
    )
}
