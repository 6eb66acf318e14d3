use anchor_lang::prelude::*;
use compute_amm_math::stake::{free_stake, ticket_shares};

use crate::constants::*;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::UnstakeRequested;
use crate::state::{Market, Provider, UnstakeTicket};

#[derive(Accounts)]
pub struct RequestUnstake<'info> {
    /// Pays for the ticket (refunded when it is withdrawn).
    #[account(mut)]
    pub authority: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = authority @ ComputeAmmError::NotProviderAuthority,
        has_one = market @ ComputeAmmError::WrongMarket,
    )]
    pub provider: Box<Account<'info, Provider>>,
    #[account(
        init,
        payer = authority,
        space = 8 + UnstakeTicket::INIT_SPACE,
        seeds = [UNSTAKE_TICKET_SEED, provider.key().as_ref(), provider.next_ticket_id.to_le_bytes().as_ref()],
        bump,
    )]
    pub ticket: Box<Account<'info, UnstakeTicket>>,
    pub system_program: Program<'info, System>,
}

/// Moves `amount` of free stake into cooldown and issues a ticket redeemable after the market's
/// unstake cooldown. Stake in cooldown stays slashable.
pub fn request_unstake(ctx: Context<RequestUnstake>, amount: u64) -> Result<()> {
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let params = ctx.accounts.market.params;
    let p = &mut ctx.accounts.provider;
    let free = free_stake(
        p.stake,
        p.obligations,
        p.locked_bond,
        params.stake_per_credit,
    )
    .or_program_err()?;
    require!(amount <= free, ComputeAmmError::InsufficientFreeStake);
    let shares = ticket_shares(amount, p.pending_tokens, p.pending_shares).or_program_err()?;
    let unlock_at = now
        .checked_add(params.unstake_cooldown_secs)
        .ok_or(ComputeAmmError::MathOverflow)?;
    p.stake = p
        .stake
        .checked_sub(amount)
        .ok_or(ComputeAmmError::MathOverflow)?;
    p.pending_tokens = p
        .pending_tokens
        .checked_add(amount)
        .ok_or(ComputeAmmError::MathOverflow)?;
    p.pending_shares = p
        .pending_shares
        .checked_add(shares)
        .ok_or(ComputeAmmError::MathOverflow)?;
    p.open_tickets = p
        .open_tickets
        .checked_add(1)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let ticket_id = p.next_ticket_id;
    p.next_ticket_id = ticket_id
        .checked_add(1)
        .ok_or(ComputeAmmError::MathOverflow)?;

    let provider_key = p.key();
    let t = &mut ctx.accounts.ticket;
    t.bump = ctx.bumps.ticket;
    t.provider = provider_key;
    t.authority = ctx.accounts.authority.key();
    t.ticket_id = ticket_id;
    t.shares = shares;
    t.amount_requested = amount;
    t.requested_at = now;
    t.unlock_at = unlock_at;
    emit!(UnstakeRequested {
        provider: provider_key,
        ticket: t.key(),
        amount,
        shares,
        unlock_at,
    });
    Ok(())
}
