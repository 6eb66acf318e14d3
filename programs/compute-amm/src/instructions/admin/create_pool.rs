use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::PoolCreated;
use crate::state::{GpuClass, Market, ObservationData, Pool};

#[derive(Accounts)]
pub struct CreatePool<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(has_one = admin @ ComputeAmmError::Unauthorized)]
    pub market: Box<Account<'info, Market>>,
    #[account(has_one = market @ ComputeAmmError::WrongMarket, has_one = credit_mint)]
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
    let pool = &mut ctx.accounts.pool;
    pool.bump = ctx.bumps.pool;
    pool.market = ctx.accounts.market.key();
    pool.gpu_class = ctx.accounts.gpu_class.key();
    pool.credit_mint = ctx.accounts.credit_mint.key();
    pool.quote_mint = ctx.accounts.quote_mint.key();
    pool.credit_vault = ctx.accounts.credit_vault.key();
    pool.quote_vault = ctx.accounts.quote_vault.key();
    pool.lp_mint = ctx.accounts.lp_mint.key();
    pool.reserve_credit = 0;
    pool.reserve_quote = 0;
    pool.protocol_fees_credit = 0;
    pool.protocol_fees_quote = 0;
    pool.lp_supply = 0;
    pool.cumulative_price_q64 = 0;
    pool.last_update_ts = now;
    pool.observations = [ObservationData::default(); OBSERVATION_CAPACITY];
    pool.observation_head = 0;
    pool.observation_len = 0;
    pool.swap_count = 0;
    pool.reserved = [0; RESERVED_BYTES];
    emit!(PoolCreated {
        market: pool.market,
        gpu_class: pool.gpu_class,
        pool: pool.key(),
        credit_mint: pool.credit_mint,
        quote_mint: pool.quote_mint,
        lp_mint: pool.lp_mint,
    });
    Ok(())
}
