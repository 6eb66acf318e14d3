use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::ProviderDeregistered;
use crate::state::{GpuClass, Provider};

#[derive(Accounts)]
pub struct DeregisterProvider<'info> {
    /// Receives the account's rent.
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(mut)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(
        mut,
        close = authority,
        has_one = authority @ ComputeAmmError::NotProviderAuthority,
        has_one = gpu_class,
    )]
    pub provider: Box<Account<'info, Provider>>,
}

/// Closes a provider with nothing at stake: no stake, no cooldown stake or tickets, no credits
/// outstanding, no open jobs.
pub fn deregister_provider(ctx: Context<DeregisterProvider>) -> Result<()> {
    let p = &ctx.accounts.provider;
    require!(
        p.stake == 0
            && p.pending_tokens == 0
            && p.open_tickets == 0
            && p.obligations == 0
            && p.locked_bond == 0
            && p.open_jobs == 0,
        ComputeAmmError::ProviderNotEmpty
    );
    let class = &mut ctx.accounts.gpu_class;
    class.provider_count = class.provider_count.saturating_sub(1);
    emit!(ProviderDeregistered {
        provider: p.key(),
        authority: p.authority,
    });
    Ok(())
}
