use anchor_lang::prelude::*;

use super::validate_metadata;
use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::ProviderRegistered;
use crate::state::{GpuClass, Market, Provider};

#[derive(Accounts)]
pub struct RegisterProvider<'info> {
    /// The provider's key; pays for the account.
    #[account(mut)]
    pub authority: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(
        init,
        payer = authority,
        space = 8 + Provider::INIT_SPACE,
        seeds = [PROVIDER_SEED, gpu_class.key().as_ref(), authority.key().as_ref()],
        bump,
    )]
    pub provider: Box<Account<'info, Provider>>,
    pub system_program: Program<'info, System>,
}

/// Registers the signer as a provider of a GPU class.
///
/// * `capacity_gpus` — GPUs of this class the provider offers (≥ 1).
/// * `region` — UTF-8 tag, zero-padded to 16 bytes.
/// * `endpoint_hash` — hash of the provider's endpoint / attestation document.
pub fn register_provider(
    ctx: Context<RegisterProvider>,
    capacity_gpus: u32,
    region: [u8; REGION_LEN],
    endpoint_hash: [u8; 32],
) -> Result<()> {
    validate_metadata(capacity_gpus)?;
    let now = Clock::get()?.unix_timestamp;
    let class = &mut ctx.accounts.gpu_class;
    class.provider_count = class
        .provider_count
        .checked_add(1)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let p = &mut ctx.accounts.provider;
    p.bump = ctx.bumps.provider;
    p.market = ctx.accounts.market.key();
    p.gpu_class = class.key();
    p.authority = ctx.accounts.authority.key();
    p.capacity_gpus = capacity_gpus;
    p.region = region;
    p.endpoint_hash = endpoint_hash;
    p.registered_at = now;
    // every counter starts at zero (init zero-fills the account)
    emit!(ProviderRegistered {
        market: p.market,
        gpu_class: p.gpu_class,
        provider: p.key(),
        authority: p.authority,
        capacity_gpus,
        region,
        endpoint_hash,
    });
    Ok(())
}
