use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, UnstakeWithdrawn};
use crate::instructions::token_cpi::transfer_signed;
use crate::logic;
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
    let a = ctx.accounts;
    let paid = logic::stake::withdraw_unstaked(&mut a.market, &mut a.provider, &a.ticket, now)?;
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
    emit_event(UnstakeWithdrawn {
        provider: a.provider.key(),
        ticket: a.ticket.key(),
        amount_requested: a.ticket.amount_requested,
        amount_paid: paid,
    });
    Ok(())
}
