use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::instructions::slashing::{pay_slash, SlashTargets};
use crate::logic::slash::{slash, CapPolicy};
use crate::state::{Job, Market, Provider, SlashReason};

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
    /// Protocol-token account of the harmed party: owned by `job`'s user when `harmed_claim` > 0
    /// (any account of the protocol mint when it is 0).
    #[account(mut, token::mint = protocol_mint)]
    pub harmed: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub treasury: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    /// The job of this provider whose user was harmed; required when `harmed_claim` > 0, so the
    /// arbiter key cannot route a slash to an account of its choosing.
    pub job: Option<Box<Account<'info, Job>>>,
}

/// A harmed-party claim is paid only to the user of a job this provider took in this market.
fn check_harmed(a: &SlashProvider, harmed_claim: u64) -> Result<()> {
    if harmed_claim == 0 {
        return Ok(());
    }
    let job = a.job.as_ref().ok_or(ComputeAmmError::HarmedNotBound)?;
    require!(
        job.market == a.market.key()
            && job.provider == a.provider.key()
            && a.harmed.owner == job.user,
        ComputeAmmError::HarmedNotBound
    );
    Ok(())
}

/// The arbiter slashes a provider on evidence it has judged (the jobs flow calls the same routine).
///
/// # Arguments
/// * `amount` — protocol-token base units; must not exceed the provider's remaining cap this epoch.
/// * `harmed_claim` — paid first to `harmed`, up to this much; `harmed` must belong to `job`'s user.
///
/// # Errors
/// `NotArbiter`, `ZeroAmount`, `SlashAboveCap`, `WrongMarket`, `HarmedNotBound`.
pub fn slash_provider(
    ctx: Context<SlashProvider>,
    amount: u64,
    harmed_claim: u64,
    reason: SlashReason,
) -> Result<()> {
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    check_harmed(a, harmed_claim)?;
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
