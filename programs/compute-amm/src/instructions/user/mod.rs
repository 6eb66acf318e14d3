//! Instructions the user who buys GPU time calls.

pub mod approve_milestone;
pub mod buy_and_open_job;
pub mod cancel_job;
pub mod close_job;
pub mod dispute_milestone;
pub mod open_job;

pub use approve_milestone::*;
pub use buy_and_open_job::*;
pub use cancel_job::*;
pub use close_job::*;
pub use dispute_milestone::*;
pub use open_job::*;

use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::state::{GpuClass, Job, Market, Provider};

/// Accounts of the user's settlement actions on an accepted job (approve, dispute).
#[derive(Accounts)]
pub struct JobUserAction<'info> {
    pub user: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket, has_one = escrow_vault)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(mut, has_one = user @ ComputeAmmError::NotJobUser, has_one = gpu_class, has_one = provider)]
    pub job: Box<Account<'info, Job>>,
    #[account(mut)]
    pub provider: Box<Account<'info, Provider>>,
    #[account(mut)]
    pub escrow_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = gpu_class.credit_mint, token::authority = user)]
    pub user_credit: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = gpu_class.credit_mint, token::authority = provider.authority)]
    pub provider_credit: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}
