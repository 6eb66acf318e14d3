use anchor_lang::prelude::*;
use compute_amm_math::emission::{decay, epoch_emission};

use crate::constants::*;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::EpochAdvanced;
use crate::state::{EpochRecord, Market};

#[derive(Accounts)]
pub struct AdvanceEpoch<'info> {
    /// Pays the epoch record's rent.
    #[account(mut)]
    pub cranker: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        init,
        payer = cranker,
        space = 8 + EpochRecord::INIT_SPACE,
        seeds = [EPOCH_SEED, market.key().as_ref(), market.next_epoch_to_finalize.to_le_bytes().as_ref()],
        bump,
    )]
    pub epoch_record: Box<Account<'info, EpochRecord>>,
    pub system_program: Program<'info, System>,
}

/// Finalizes the oldest unfinalized epoch once it has ended: fixes its emission from the decaying
/// schedule (0 if nobody served verified work) and the verified work it is shared over.
pub fn advance_epoch(ctx: Context<AdvanceEpoch>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let market = &mut ctx.accounts.market;
    let epoch = market.next_epoch_to_finalize;
    require!(
        market.epoch_at(now) > epoch,
        ComputeAmmError::EpochNotFinished
    );
    let total_served = market.served_in(epoch);
    let emission = epoch_emission(
        market.next_emission,
        total_served,
        market.total_scheduled,
        market.params.emission_cap,
    );
    market.total_scheduled = market
        .total_scheduled
        .checked_add(emission)
        .ok_or(ComputeAmmError::MathOverflow)?;
    market.next_emission =
        decay(market.next_emission, market.params.emission_decay_bps).or_program_err()?;
    market.next_epoch_to_finalize = epoch.checked_add(1).ok_or(ComputeAmmError::MathOverflow)?;
    let record = &mut ctx.accounts.epoch_record;
    record.bump = ctx.bumps.epoch_record;
    record.market = market.key();
    record.epoch = epoch;
    record.emission = emission;
    record.total_served = total_served;
    record.claimed = 0;
    emit!(EpochAdvanced {
        market: market.key(),
        epoch,
        emission,
        total_served
    });
    Ok(())
}
