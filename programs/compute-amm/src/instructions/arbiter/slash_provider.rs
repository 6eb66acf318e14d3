use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::instructions::slashing::{pay_slash, SlashTargets};
use crate::logic::slash::{slash, CapPolicy};
use crate::state::{Market, Provider, SlashReason};

#[derive(Accounts)]
pub struct SlashProvider<'info> {
    #[account(constraint = arbiter.key() == market.arbiter @ ComputeAmmError::NotArbiter)]
    pub arbiter: Signer<'info>,
    #[account(mut, has_one = stake_vault, has_one = protocol_mint, has_one = treasury)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket)]
    pub provider: Box<Account<'info, Provider>>,
    #[account(mut)]
    pub stake_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub protocol_mint: Box<Account<'info, Mint>>,
    /// Protocol-token account of the harmed party (any, when `harmed_claim` is 0).
    #[account(mut, token::mint = protocol_mint)]
    pub harmed: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// The arbiter slashes a provider on evidence it has judged (the jobs flow calls the same routine).
///
/// # Arguments
/// * `amount` — protocol-token base units; must not exceed the provider's remaining cap this epoch.
/// * `harmed_claim` — paid first to `harmed`, up to this much.
///
/// # Errors
/// `NotArbiter`, `ZeroAmount`, `SlashAboveCap`, `WrongMarket`.
pub fn slash_provider(
    ctx: Context<SlashProvider>,
    amount: u64,
    harmed_claim: u64,
    reason: SlashReason,
) -> Result<()> {
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let s = slash(
        &mut a.market,
        &mut a.provider,
        amount,
        harmed_claim,
        false,
        CapPolicy::Strict,
        now,
    )?;
    pay_slash(
        &a.market,
        SlashTargets {
            token_program: &a.token_program.to_account_info(),
            market_authority: &a.market.to_account_info(),
            stake_vault: &a.stake_vault.to_account_info(),
            protocol_mint: &a.protocol_mint.to_account_info(),
            harmed: &a.harmed.to_account_info(),
            treasury: &a.treasury.to_account_info(),
            crank: None,
        },
        &s,
        a.provider.key(),
        reason,
    )
}
