use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::events::MarketInitialized;
use crate::state::{Market, MarketParams};

#[derive(Accounts)]
pub struct InitializeMarket<'info> {
    /// Pays for the market account and becomes its admin.
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(
        init,
        payer = admin,
        space = 8 + Market::INIT_SPACE,
        seeds = [MARKET_SEED, protocol_mint.key().as_ref()],
        bump,
    )]
    pub market: Box<Account<'info, Market>>,
    /// The protocol token of this market (staked, burned, emitted).
    pub protocol_mint: Box<Account<'info, Mint>>,
    /// Receives the treasury's share of slashes; must hold the protocol token.
    #[account(token::mint = protocol_mint)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    /// Holds every provider's stake; only the market PDA can move it.
    #[account(
        init,
        payer = admin,
        seeds = [STAKE_VAULT_SEED, market.key().as_ref()],
        bump,
        token::mint = protocol_mint,
        token::authority = market,
    )]
    pub stake_vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

pub fn initialize_market(
    ctx: Context<InitializeMarket>,
    params: MarketParams,
    arbiter: Pubkey,
) -> Result<()> {
    params.validate()?;
    let market = &mut ctx.accounts.market;
    market.bump = ctx.bumps.market;
    market.admin = ctx.accounts.admin.key();
    market.pending_admin = Pubkey::default();
    market.arbiter = arbiter;
    market.protocol_mint = ctx.accounts.protocol_mint.key();
    market.treasury = ctx.accounts.treasury.key();
    market.stake_vault = ctx.accounts.stake_vault.key();
    market.total_stake = 0;
    market.paused = 0;
    market.params = params;
    market.pending_params = MarketParams::default();
    market.pending_params_effective_at = 0;
    market.gpu_class_count = 0;
    market.total_burned = 0;
    market.total_emitted = 0;
    market.total_slashed = 0;
    let now = Clock::get()?.unix_timestamp;
    market.total_scheduled = 0;
    market.next_epoch_to_finalize = market.epoch_at(now);
    market.next_emission = params.emission_initial;
    market.served = Default::default();
    market.reserved = [0; RESERVED_BYTES];
    emit!(MarketInitialized {
        market: market.key(),
        admin: market.admin,
        arbiter,
        protocol_mint: market.protocol_mint,
        treasury: market.treasury,
        params,
    });
    Ok(())
}
