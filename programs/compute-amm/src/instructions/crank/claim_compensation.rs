use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, CompensationClaimed};
use crate::instructions::token_cpi::transfer_signed;
use crate::logic::jobs;
use crate::state::{Job, Market};

#[derive(Accounts)]
pub struct ClaimCompensation<'info> {
    pub payer: Signer<'info>,
    #[account(mut, has_one = stake_vault)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket)]
    pub job: Box<Account<'info, Job>>,
    #[account(mut)]
    pub stake_vault: Box<Account<'info, TokenAccount>>,
    /// The job user's protocol-token account: its compensation lands here.
    #[account(mut, token::mint = market.protocol_mint, token::authority = job.user)]
    pub user_protocol: Box<Account<'info, TokenAccount>>,
    /// CHECK: the account the failure's cranker named for its reward. Paid only when it is exactly
    /// `job.cranker`; any other account (e.g. because the cranker closed it) leaves the reward held,
    /// so a cranker can never block the user's compensation.
    #[account(mut)]
    pub cranker_protocol: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

/// Pays a failed job's vested slash proceeds: the compensation to its user, the crank reward to the
/// cranker. Permissionless: both destinations were fixed at the failure.
pub fn claim_compensation(ctx: Context<ClaimCompensation>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let pay_cranker = a.cranker_protocol.key() == a.job.cranker;
    let (to_user, to_cranker) =
        jobs::claim_compensation(&mut a.market, &mut a.job, pay_cranker, now)?;
    let token_program = a.token_program.to_account_info();
    let authority = a.market.to_account_info();
    let vault = a.stake_vault.to_account_info();
    let seeds = a.market.signer_seeds();
    for (to, amount) in [
        (a.user_protocol.to_account_info(), to_user),
        (a.cranker_protocol.to_account_info(), to_cranker),
    ] {
        if amount > 0 {
            transfer_signed(&token_program, &vault, &to, &authority, &seeds, amount)?;
        }
    }
    emit_event(CompensationClaimed {
        job: a.job.key(),
        user: a.job.user,
        to_user,
        cranker: a.job.cranker,
        to_cranker,
        market_compensation_owed: a.market.compensation_owed,
    });
    Ok(())
}
