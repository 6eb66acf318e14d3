//! Instructions liquidity providers call.

pub mod add_liquidity;
pub mod remove_liquidity;

pub use add_liquidity::*;
pub use remove_liquidity::*;

use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::state::{Market, Pool};

/// Accounts for adding or removing liquidity. The owner's three token accounts must be the owner's
/// own and of the pool's mints; the vaults and LP mint must be the pool's.
#[derive(Accounts)]
pub struct ModifyLiquidity<'info> {
    pub owner: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        has_one = credit_vault,
        has_one = quote_vault,
        has_one = lp_mint,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(mut)]
    pub credit_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub quote_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub lp_mint: Box<Account<'info, Mint>>,
    #[account(mut, token::mint = pool.credit_mint, token::authority = owner)]
    pub owner_credit: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = pool.quote_mint, token::authority = owner)]
    pub owner_quote: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = lp_mint, token::authority = owner)]
    pub owner_lp: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}
