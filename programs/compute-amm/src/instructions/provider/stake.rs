use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, Staked};
use crate::instructions::token_cpi::transfer_from_user;
use crate::logic;
use crate::state::{Market, Provider};

#[derive(Accounts)]
pub struct Stake<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = stake_vault)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = authority @ ComputeAmmError::NotProviderAuthority,
        has_one = market @ ComputeAmmError::WrongMarket,
    )]
    pub provider: Box<Account<'info, Provider>>,
    #[account(mut)]
    pub stake_vault: Box<Account<'info, TokenAccount>>,
    /// The provider's protocol-token account the stake comes from.
    #[account(mut, token::mint = market.protocol_mint, token::authority = authority)]
    pub source: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Moves `amount` protocol tokens into the stake vault as the provider's active stake.
pub fn stake(ctx: Context<Stake>, amount: u64) -> Result<()> {
    let a = ctx.accounts;
    logic::stake::stake(&mut a.market, &mut a.provider, amount, a.source.amount)?;
    transfer_from_user(
        &a.token_program.to_account_info(),
        &a.source.to_account_info(),
        &a.stake_vault.to_account_info(),
        &a.authority.to_account_info(),
        amount,
    )?;
    emit_event(Staked {
        provider: a.provider.key(),
        amount,
        stake: a.provider.stake,
        market_total_stake: a.market.total_stake,
    });
    Ok(())
}
