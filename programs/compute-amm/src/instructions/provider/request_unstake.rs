use anchor_lang::prelude::*;

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, UnstakeRequested};
use crate::instructions::collateral;
use crate::logic;
use crate::state::{GpuClass, Market, Provider, UnstakeTicket};

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
    #[account(constraint = gpu_class.key() == provider.gpu_class @ ComputeAmmError::WrongGpuClass)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    /// CHECK: the class's protocol-token pool (`GpuClass::protocol_pool`); checked by address in
    /// `collateral::load`.
    pub collateral_pool: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// Moves `amount` of free stake into cooldown and issues a ticket redeemable after the market's
/// unstake cooldown. Stake in cooldown stays slashable.
pub fn request_unstake(ctx: Context<RequestUnstake>, amount: u64) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let keys = (ctx.bumps.ticket, a.provider.key(), a.authority.key());
    let pool = collateral::load(&a.gpu_class, &a.collateral_pool)?;
    let c = logic::stake::request_unstake(
        &a.market,
        &mut a.provider,
        &mut a.ticket,
        keys,
        amount,
        pool.as_ref(),
        now,
    )?;
    collateral::warn(a.provider.key(), &c);
    emit_event(UnstakeRequested {
        provider: a.provider.key(),
        ticket: a.ticket.key(),
        amount,
        shares: a.ticket.shares,
        unlock_at: a.ticket.unlock_at,
    });
    Ok(())
}
