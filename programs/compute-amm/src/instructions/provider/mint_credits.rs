use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use compute_amm_math::stake::mintable_credits;

use crate::constants::*;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::CreditsMinted;
use crate::instructions::token_cpi::mint_signed;
use crate::state::{pause, GpuClass, Market, Provider};

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
    pub token_program: Program<'info, Token>,
}

/// Mints `amount` GPU-hour credit base units against free stake: afterwards
/// `stake − bonds ≥ ceil(obligations · stake_per_credit / 10⁶)` still holds.
pub fn mint_credits(ctx: Context<ProviderCredits>, amount: u64) -> Result<()> {
    ctx.accounts.market.ensure_not_paused(pause::MINT)?;
    require!(amount > 0, ComputeAmmError::ZeroAmount);
    let spc = ctx.accounts.market.params.stake_per_credit;
    let p = &mut ctx.accounts.provider;
    let room = mintable_credits(p.stake, p.obligations, p.locked_bond, spc).or_program_err()?;
    require!(amount <= room, ComputeAmmError::InsufficientFreeStake);
    p.obligations = p
        .obligations
        .checked_add(amount)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let class = &mut ctx.accounts.gpu_class;
    class.total_obligations = class
        .total_obligations
        .checked_add(amount)
        .ok_or(ComputeAmmError::MathOverflow)?;

    let a = &ctx.accounts;
    let market_key = a.market.key();
    let id = a.gpu_class.class_id.to_le_bytes();
    let bump = [a.gpu_class.bump];
    let seeds: [&[u8]; 4] = [GPU_CLASS_SEED, market_key.as_ref(), &id, &bump];
    mint_signed(
        &a.token_program.to_account_info(),
        &a.credit_mint.to_account_info(),
        &a.credit_account.to_account_info(),
        &a.gpu_class.to_account_info(),
        &seeds,
        amount,
    )?;
    emit!(CreditsMinted {
        provider: a.provider.key(),
        gpu_class: a.gpu_class.key(),
        amount,
        obligations: a.provider.obligations,
        class_obligations: a.gpu_class.total_obligations,
    });
    Ok(())
}
