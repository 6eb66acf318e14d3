use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, CreditsMinted};
use crate::instructions::collateral;
use crate::instructions::token_cpi::mint_signed;
use crate::logic;
use crate::state::{GpuClass, Market, Provider};

/// Accounts for minting or retiring credits.
#[derive(Accounts)]
pub struct ProviderCredits<'info> {
    pub authority: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ ComputeAmmError::WrongMarket, has_one = credit_mint)]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    #[account(
        mut,
        has_one = authority @ ComputeAmmError::NotProviderAuthority,
        has_one = market @ ComputeAmmError::WrongMarket,
        has_one = gpu_class,
    )]
    pub provider: Box<Account<'info, Provider>>,
    #[account(mut)]
    pub credit_mint: Box<Account<'info, Mint>>,
    /// Mint: where new credits go (any account of the class's credit mint).
    /// Retire: the provider's own credit account they are burned from.
    #[account(mut, token::mint = credit_mint)]
    pub credit_account: Box<Account<'info, TokenAccount>>,
    /// CHECK: the class's protocol-token pool (`GpuClass::protocol_pool`), whose TWAP values the
    /// credits in the collateral check; checked by address in `collateral::load`. Retire ignores it.
    pub collateral_pool: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

/// Mints `amount` GPU-hour credit base units against free stake: afterwards
/// `stake − bonds ≥ ceil(obligations · stake_per_credit / 10⁶)` still holds.
pub fn mint_credits(ctx: Context<ProviderCredits>, amount: u64) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let pool = collateral::load(&a.gpu_class, &a.collateral_pool)?;
    let c = logic::stake::mint_credits(
        &a.market,
        &mut a.gpu_class,
        &mut a.provider,
        amount,
        pool.as_ref(),
        now,
    )?;
    collateral::warn(a.provider.key(), &c);
    a.gpu_class.with_signer(|seeds| {
        mint_signed(
            &a.token_program.to_account_info(),
            &a.credit_mint.to_account_info(),
            &a.credit_account.to_account_info(),
            &a.gpu_class.to_account_info(),
            seeds,
            amount,
        )
    })?;
    emit_event(CreditsMinted {
        provider: a.provider.key(),
        gpu_class: a.gpu_class.key(),
        amount,
        obligations: a.provider.obligations,
        class_obligations: a.gpu_class.total_obligations,
    });
    Ok(())
}
