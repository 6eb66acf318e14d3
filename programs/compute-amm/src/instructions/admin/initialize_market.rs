use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use anchor_lang::solana_program::program_option::COption;
use anchor_spl::token::{self, spl_token::instruction::AuthorityType, SetAuthority};

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, MarketInitialized};
use crate::logic::{self, admin::MarketKeys};
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
    /// The protocol token of this market (staked, burned, emitted). The admin must hold its mint
    /// authority, which this instruction hands to the market PDA (emissions mint through it): so
    /// nobody but the token's issuer can create the market for a mint and become its admin.
    #[account(
        mut,
        constraint = protocol_mint.mint_authority == COption::Some(admin.key())
            @ ComputeAmmError::NotMintAuthority,
    )]
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
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let keys = MarketKeys {
        bump: ctx.bumps.market,
        admin: a.admin.key(),
        arbiter,
        protocol_mint: a.protocol_mint.key(),
        treasury: a.treasury.key(),
        stake_vault: a.stake_vault.key(),
    };
    logic::admin::initialize_market(&mut a.market, keys, params, now)?;
    token::set_authority(
        CpiContext::new(
            a.token_program.key(),
            SetAuthority {
                current_authority: a.admin.to_account_info(),
                account_or_mint: a.protocol_mint.to_account_info(),
            },
        ),
        AuthorityType::MintTokens,
        Some(a.market.key()),
    )?;
    emit_event(MarketInitialized {
        market: a.market.key(),
        admin: a.market.admin,
        arbiter,
        protocol_mint: a.market.protocol_mint,
        treasury: a.market.treasury,
        params,
    });
    Ok(())
}
