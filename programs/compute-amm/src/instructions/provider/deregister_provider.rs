use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;
use crate::events::{emit_event, ProviderDeregistered};
use crate::logic;
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
    let a = ctx.accounts;
    logic::stake::deregister_provider(&mut a.gpu_class, &a.provider)?;
    emit_event(ProviderDeregistered {
        provider: a.provider.key(),
        authority: a.provider.authority,
    });
    Ok(())
}
