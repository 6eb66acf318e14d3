use anchor_lang::prelude::*;

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, ProviderRegistered};
use crate::logic::{self, stake::ProviderMetadata};
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
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let keys = (
        ctx.bumps.provider,
        a.market.key(),
        a.gpu_class.key(),
        a.authority.key(),
    );
    let meta = ProviderMetadata {
        capacity_gpus,
        region,
        endpoint_hash,
    };
    logic::stake::register_provider(&mut a.gpu_class, &mut a.provider, keys, meta, now)?;
    let p = &a.provider;
    emit_event(ProviderRegistered {
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
