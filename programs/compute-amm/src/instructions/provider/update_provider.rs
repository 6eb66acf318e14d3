use anchor_lang::prelude::*;

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, ProviderUpdated};
use crate::logic::{self, stake::ProviderMetadata};
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
    let meta = ProviderMetadata {
        capacity_gpus,
        region,
        endpoint_hash,
    };
    let p = &mut ctx.accounts.provider;
    logic::stake::update_provider(p, meta)?;
    emit_event(ProviderUpdated {
        provider: p.key(),
        capacity_gpus,
        region,
        endpoint_hash,
    });
    Ok(())
}
