use anchor_lang::prelude::*;

use super::validate_metadata;
use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::ProviderUpdated;
use crate::state::Provider;

#[derive(Accounts)]
pub struct UpdateProvider<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ ComputeAmmError::NotProviderAuthority)]
    pub provider: Box<Account<'info, Provider>>,
}

/// Updates the provider's declared capacity and metadata.
pub fn update_provider(
    ctx: Context<UpdateProvider>,
    capacity_gpus: u32,
    region: [u8; REGION_LEN],
    endpoint_hash: [u8; 32],
) -> Result<()> {
    validate_metadata(capacity_gpus)?;
    let p = &mut ctx.accounts.provider;
    p.capacity_gpus = capacity_gpus;
    p.region = region;
    p.endpoint_hash = endpoint_hash;
    emit!(ProviderUpdated {
        provider: p.key(),
        capacity_gpus,
        region,
        endpoint_hash,
    });
    Ok(())
}
