use anchor_lang::prelude::*;

use super::ProviderCredits;
use crate::error::ComputeAmmError;
use crate::events::CreditsRetired;
use crate::instructions::token_cpi::burn_from_user;

/// Burns `amount` credits from the provider's own credit account and reduces its obligation by the
/// same amount, freeing the stake that backed them.
pub fn retire_credits(ctx: Context<ProviderCredits>, amount: u64) -> Result<()> {
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    require_keys_eq!(
        ctx.accounts.credit_account.owner,
        ctx.accounts.authority.key(),
        ComputeAmmError::NotProviderAuthority
    );
    require!(
        ctx.accounts.credit_account.amount >= amount,
        ComputeAmmError::InsufficientFunds
    );
    let p = &mut ctx.accounts.provider;
    require!(
        amount <= p.obligations,
        ComputeAmmError::RetireExceedsObligations
    );
    p.obligations = p
        .obligations
        .checked_sub(amount)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let class = &mut ctx.accounts.gpu_class;
    class.total_obligations = class
        .total_obligations
        .checked_sub(amount)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let a = &ctx.accounts;
    burn_from_user(
        &a.token_program.to_account_info(),
        &a.credit_mint.to_account_info(),
        &a.credit_account.to_account_info(),
        &a.authority.to_account_info(),
        amount,
    )?;
    emit!(CreditsRetired {
        provider: a.provider.key(),
        gpu_class: a.gpu_class.key(),
        amount,
        obligations: a.provider.obligations,
        class_obligations: a.gpu_class.total_obligations,
    });
    Ok(())
}
