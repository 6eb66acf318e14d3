use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::GpuClassCreated;
use crate::state::{GpuClass, Market};

#[derive(Accounts)]
pub struct CreateGpuClass<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ ComputeAmmError::Unauthorized)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        init,
        payer = admin,
        space = 8 + GpuClass::INIT_SPACE,
        seeds = [GPU_CLASS_SEED, market.key().as_ref(), market.gpu_class_count.to_le_bytes().as_ref()],
        bump,
    )]
    pub gpu_class: Box<Account<'info, GpuClass>>,
    /// GPU-hour credits of this class. The class PDA is the only mint authority and there is no
    /// freeze authority, so nobody can freeze a user's credits.
    #[account(
        init,
        payer = admin,
        seeds = [CREDIT_MINT_SEED, gpu_class.key().as_ref()],
        bump,
        mint::decimals = CREDIT_DECIMALS,
        mint::authority = gpu_class,
    )]
    pub credit_mint: Box<Account<'info, Mint>>,
    /// Holds the credits escrowed by this class's jobs.
    #[account(
        init,
        payer = admin,
        seeds = [JOB_ESCROW_SEED, gpu_class.key().as_ref()],
        bump,
        token::mint = credit_mint,
        token::authority = gpu_class,
    )]
    pub escrow_vault: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

/// Creates the next GPU class of the market (id = number of classes so far) and its credit mint.
pub fn create_gpu_class(
    ctx: Context<CreateGpuClass>,
    name: [u8; GPU_CLASS_NAME_LEN],
) -> Result<()> {
    let used = name
        .iter()
        .rposition(|b| *b != 0)
        .map_or(0, |i| i.saturating_add(1));
    require!(
        used > 0 && core::str::from_utf8(&name[..used]).is_ok(),
        ComputeAmmError::InvalidName
    );
    let market = &mut ctx.accounts.market;
    let class_id = market.gpu_class_count;
    market.gpu_class_count = class_id
        .checked_add(1)
        .ok_or(ComputeAmmError::MathOverflow)?;

    let gpu_class = &mut ctx.accounts.gpu_class;
    gpu_class.bump = ctx.bumps.gpu_class;
    gpu_class.market = market.key();
    gpu_class.class_id = class_id;
    gpu_class.name = name;
    gpu_class.credit_mint = ctx.accounts.credit_mint.key();
    gpu_class.credit_mint_bump = ctx.bumps.credit_mint;
    gpu_class.total_obligations = 0;
    gpu_class.provider_count = 0;
    gpu_class.escrow_vault = ctx.accounts.escrow_vault.key();
    gpu_class.total_escrowed = 0;
    gpu_class.reserved = [0; RESERVED_BYTES];
    emit!(GpuClassCreated {
        market: market.key(),
        gpu_class: gpu_class.key(),
        class_id,
        name,
        credit_mint: gpu_class.credit_mint,
    });
    Ok(())
}
