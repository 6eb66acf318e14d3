use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use compute_amm_math::stake::ticket_payout;

use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::UnstakeWithdrawn;
use crate::instructions::token_cpi::transfer_signed;
use crate::state::{Market, Provider, UnstakeTicket};

#[derive(Accounts)]
pub struct WithdrawUnstaked<'info> {
    /// Receives the ticket's rent.
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(mut, has_one = stake_vault)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = authority @ ComputeAmmError::NotProviderAuthority,
        has_one = market @ ComputeAmmError::WrongMarket,
    )]
    pub provider: Box<Account<'info, Provider>>,
    #[account(
        mut,
        close = authority,
        has_one = provider @ ComputeAmmError::WrongTicket,
        has_one = authority @ ComputeAmmError::NotProviderAuthority,
    )]
    pub ticket: Box<Account<'info, UnstakeTicket>>,
    #[account(mut)]
    pub stake_vault: Box<Account<'info, TokenAccount>>,
    /// Protocol-token account that receives the stake.
    #[account(mut, token::mint = market.protocol_mint)]
    pub destination: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Redeems a ticket after its cooldown for its share of the provider's cooling-down stake (less than
/// requested if the provider was slashed meanwhile) and closes it.
pub fn withdraw_unstaked(ctx: Context<WithdrawUnstaked>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let ticket = &ctx.accounts.ticket;
    require!(now >= ticket.unlock_at, ComputeAmmError::CooldownNotElapsed);
    let (shares, requested, ticket_key) = (ticket.shares, ticket.amount_requested, ticket.key());
    let p = &mut ctx.accounts.provider;
    let paid = ticket_payout(shares, p.pending_tokens, p.pending_shares).or_program_err()?;
    p.pending_tokens = p
        .pending_tokens
        .checked_sub(paid)
        .ok_or(ComputeAmmError::MathOverflow)?;
    p.pending_shares = p
        .pending_shares
        .checked_sub(shares)
        .ok_or(ComputeAmmError::MathOverflow)?;
    p.open_tickets = p.open_tickets.saturating_sub(1);
    let provider_key = p.key();
    let m = &mut ctx.accounts.market;
    m.total_stake = m
        .total_stake
        .checked_sub(paid)
        .ok_or(ComputeAmmError::MathOverflow)?;

    let a = &ctx.accounts;
    if paid > 0 {
        transfer_signed(
            &a.token_program.to_account_info(),
            &a.stake_vault.to_account_info(),
            &a.destination.to_account_info(),
            &a.market.to_account_info(),
            &a.market.signer_seeds(),
            paid,
        )?;
    }
    emit!(UnstakeWithdrawn {
        provider: provider_key,
        ticket: ticket_key,
        amount_requested: requested,
        amount_paid: paid,
    });
    Ok(())
}
