use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, GpuClassCreated};
use crate::logic;
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
    let a = ctx.accounts;
    let keys = (
        ctx.bumps.gpu_class,
        a.market.key(),
        a.credit_mint.key(),
        ctx.bumps.credit_mint,
        a.escrow_vault.key(),
    );
    let class_id = logic::admin::create_gpu_class(&mut a.market, &mut a.gpu_class, keys, name)?;
    emit_event(GpuClassCreated {
        market: a.market.key(),
        gpu_class: a.gpu_class.key(),
        class_id,
        name,
        credit_mint: a.gpu_class.credit_mint,
    });
    Ok(())
}
