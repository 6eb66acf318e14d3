use anchor_lang::prelude::*;

use super::ProviderCredits;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, CreditsRetired};
use crate::instructions::token_cpi::burn_from_user;
use crate::logic;

/// Burns `amount` credits from the provider's own credit account and reduces its obligation by the
/// same amount, freeing the stake that backed them.
pub fn retire_credits(ctx: Context<ProviderCredits>, amount: u64) -> Result<()> {
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    // Only the provider's own credits retire its obligation.
    require_keys_eq!(
        ctx.accounts.credit_account.owner,
        ctx.accounts.authority.key(),
        ComputeAmmError::NotProviderAuthority
    );
    let a = ctx.accounts;
    logic::stake::retire_credits(
        &mut a.gpu_class,
        &mut a.provider,
        amount,
        a.credit_account.amount,
    )?;
    burn_from_user(
        &a.token_program.to_account_info(),
        &a.credit_mint.to_account_info(),
        &a.credit_account.to_account_info(),
        &a.authority.to_account_info(),
        amount,
    )?;
    emit_event(CreditsRetired {
        provider: a.provider.key(),
        gpu_class: a.gpu_class.key(),
        amount,
        obligations: a.provider.obligations,
        class_obligations: a.gpu_class.total_obligations,
    });
    Ok(())
}
