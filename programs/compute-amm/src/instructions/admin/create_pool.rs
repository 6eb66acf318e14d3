use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, PoolCreated};
use crate::logic::{self, admin::PoolKeys};
use crate::state::{GpuClass, Market, Pool};

#[derive(Accounts)]
pub struct CreatePool<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(has_one = admin @ ComputeAmmError::Unauthorized)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket, has_one = credit_mint)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    pub credit_mint: Box<Account<'info, Mint>>,
    #[account(constraint = quote_mint.key() != credit_mint.key() @ ComputeAmmError::SameMint)]
    pub quote_mint: Box<Account<'info, Mint>>,
    #[account(
        init,
        payer = admin,
        space = 8 + Pool::INIT_SPACE,
        seeds = [POOL_SEED, gpu_class.key().as_ref(), quote_mint.key().as_ref()],
        bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(
        init,
        payer = admin,
        seeds = [CREDIT_VAULT_SEED, pool.key().as_ref()],
        bump,
        token::mint = credit_mint,
        token::authority = pool,
    )]
    pub credit_vault: Box<Account<'info, TokenAccount>>,
    #[account(
        init,
        payer = admin,
        seeds = [QUOTE_VAULT_SEED, pool.key().as_ref()],
        bump,
        token::mint = quote_mint,
        token::authority = pool,
    )]
    pub quote_vault: Box<Account<'info, TokenAccount>>,
    #[account(
        init,
        payer = admin,
        seeds = [LP_MINT_SEED, pool.key().as_ref()],
        bump,
        mint::decimals = LP_DECIMALS,
        mint::authority = pool,
    )]
    pub lp_mint: Box<Account<'info, Mint>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Creates the pool of a GPU class against a quote token, with its two vaults and LP mint. The pool
/// starts empty; the first `add_liquidity` sets the price and locks `MINIMUM_LIQUIDITY`.
pub fn create_pool(ctx: Context<CreatePool>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let keys = PoolKeys {
        bump: ctx.bumps.pool,
        market: a.market.key(),
        gpu_class: a.gpu_class.key(),
        credit_mint: a.credit_mint.key(),
        quote_mint: a.quote_mint.key(),
        credit_vault: a.credit_vault.key(),
        quote_vault: a.quote_vault.key(),
        lp_mint: a.lp_mint.key(),
    };
    let pool_key = a.pool.key();
    logic::admin::create_pool(
        &a.market,
        &mut a.gpu_class,
        &mut a.pool,
        pool_key,
        keys,
        now,
    );
    let pool = &a.pool;
    emit_event(PoolCreated {
        market: pool.market,
        gpu_class: pool.gpu_class,
        pool: pool.key(),
        credit_mint: pool.credit_mint,
        quote_mint: pool.quote_mint,
        lp_mint: pool.lp_mint,
    });
    Ok(())
}
