use anchor_lang::prelude::*;

use crate::constants::*;
use crate::events::{emit_event, EpochAdvanced};
use crate::logic::emissions;
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
    let a = ctx.accounts;
    let f = emissions::advance_epoch(&mut a.market, now)?;
    emissions::write_record(
        &mut a.epoch_record,
        ctx.bumps.epoch_record,
        a.market.key(),
        &f,
    );
    emit_event(EpochAdvanced {
        market: a.market.key(),
        epoch: f.epoch,
        emission: f.emission,
        total_served: f.total_served,
    });
    Ok(())
}
