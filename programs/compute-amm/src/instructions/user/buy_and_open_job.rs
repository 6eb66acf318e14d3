use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::open_job::emit_job_opened;
use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, Swapped};
use crate::instructions::token_cpi::{transfer_from_user, transfer_signed};
use crate::logic::jobs::{self, JobKeys, OpenJobArgs};
use crate::state::{GpuClass, Job, Market, Pool, SwapDirection};

#[derive(Accounts)]
#[instruction(job_id: u64)]
pub struct BuyAndOpenJob<'info> {
    #[account(mut)]
    pub user: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket, has_one = escrow_vault)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        has_one = gpu_class,
        has_one = credit_vault,
        has_one = quote_vault,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(mut)]
    pub credit_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub quote_vault: Box<Account<'info, TokenAccount>>,
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
    /// Pays the quote tokens.
    #[account(mut, token::mint = pool.quote_mint, token::authority = user)]
    pub user_quote: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Buys exactly the job's credits from the pool (exact-out swap, at most `max_quote_in`) and escrows
/// them in a new job, atomically: the price bound and the SLA terms are agreed together, or nothing
/// happens. The credits go straight from the pool vault into escrow.
#[allow(clippy::too_many_arguments)]
pub fn buy_and_open_job(
    ctx: Context<BuyAndOpenJob>,
    job_id: u64,
    gpu_count: u16,
    milestone_amounts: Vec<u64>,
    accept_by: i64,
    complete_by: i64,
    max_quote_in: u64,
    deadline: i64,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let args = OpenJobArgs {
        job_id,
        gpu_count,
        milestone_amounts,
        accept_by,
        complete_by,
    };
    let a = ctx.accounts;
    let keys = JobKeys {
        bump: ctx.bumps.job,
        market: a.market.key(),
        gpu_class: a.gpu_class.key(),
        user: a.user.key(),
    };
    let (total, r) = jobs::buy_and_open_job(
        &a.market,
        &mut a.pool,
        &mut a.gpu_class,
        &mut a.job,
        keys,
        &args,
        max_quote_in,
        a.user_quote.amount,
        deadline,
        now,
    )?;
    let token_program = a.token_program.to_account_info();
    transfer_from_user(
        &token_program,
        &a.user_quote.to_account_info(),
        &a.quote_vault.to_account_info(),
        &a.user.to_account_info(),
        r.amount_in,
    )?;
    transfer_signed(
        &token_program,
        &a.credit_vault.to_account_info(),
        &a.escrow_vault.to_account_info(),
        &a.pool.to_account_info(),
        &a.pool.signer_seeds(),
        total,
    )?;
    emit_event(Swapped {
        pool: a.pool.key(),
        trader: a.user.key(),
        direction: SwapDirection::BuyCredits,
        amount_in: r.amount_in,
        amount_out: r.amount_out,
        fee_total: r.fee_total,
        fee_protocol: r.fee_protocol,
        reserve_credit: a.pool.reserve_credit,
        reserve_quote: a.pool.reserve_quote,
    });
    emit_job_opened(&a.job, a.job.key(), total);
    Ok(())
}
