use anchor_lang::prelude::*;
use anchor_lang::solana_program::program_option::COption;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::*;
use crate::error::ComputeAmmError;
use crate::events::{emit_event, RewardsClaimed};
use crate::instructions::token_cpi::mint_signed;
use crate::logic::emissions;
use crate::state::{EpochRecord, Market, Pool, Provider};

#[derive(Accounts)]
#[instruction(epoch: u64)]
pub struct ClaimRewards<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = protocol_mint)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = authority @ ComputeAmmError::NotProviderAuthority,
        has_one = market @ ComputeAmmError::WrongMarket,
    )]
    pub provider: Box<Account<'info, Provider>>,
    #[account(
        mut,
        seeds = [EPOCH_SEED, market.key().as_ref(), epoch.to_le_bytes().as_ref()],
        bump = epoch_record.bump,
    )]
    pub epoch_record: Box<Account<'info, EpochRecord>>,
    /// The provider's class's pool against the protocol token: its price (the lower of spot and
    /// TWAP) values the settlement take that caps the reward. Read only.
    #[account(
        has_one = market @ ComputeAmmError::WrongMarket,
        constraint = pool.quote_mint == market.protocol_mint
            && pool.gpu_class == provider.gpu_class @ ComputeAmmError::WrongBuybackPool,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(mut)]
    pub protocol_mint: Box<Account<'info, Mint>>,
    #[account(mut, token::mint = protocol_mint)]
    pub destination: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

/// Mints the provider's share of a finalized epoch's emission, pro rata to its verified work
/// (`floor(emission · served / total_served)`), capped by the protocol-token value of the settlement
/// take that work paid. The capped-off part is never minted.
pub fn claim_rewards(ctx: Context<ClaimRewards>, epoch: u64) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let mint_enabled = a.protocol_mint.mint_authority == COption::Some(a.market.key());
    let r = emissions::claim_rewards(
        &mut a.market,
        &mut a.provider,
        &mut a.epoch_record,
        &a.pool,
        epoch,
        mint_enabled,
        now,
    )?;
    if r.amount > 0 {
        mint_signed(
            &a.token_program.to_account_info(),
            &a.protocol_mint.to_account_info(),
            &a.destination.to_account_info(),
            &a.market.to_account_info(),
            &a.market.signer_seeds(),
            r.amount,
        )?;
    }
    emit_event(RewardsClaimed {
        provider: a.provider.key(),
        epoch,
        served: r.served,
        fees: r.fees,
        pro_rata: r.pro_rata,
        cap: r.cap,
        amount: r.amount,
        market_total_emitted: a.market.total_emitted,
    });
    Ok(())
}
