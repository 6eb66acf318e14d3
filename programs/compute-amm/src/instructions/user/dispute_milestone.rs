use anchor_lang::prelude::*;

use super::JobUserAction;
use crate::events::{emit_event, MilestoneDisputed};
use crate::instructions::token_cpi::transfer_from_user;
use crate::logic::jobs;

/// The user disputes a submitted milestone within the challenge window, posting a bond of
/// `ceil(amount · dispute_bond_bps / 10⁴)` credits; the arbiter decides.
pub fn dispute_milestone(ctx: Context<JobUserAction>, index: u8) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let bond = jobs::dispute_milestone(
        &a.market,
        &mut a.gpu_class,
        &mut a.job,
        index,
        a.user_credit.amount,
        now,
    )?;
    if bond > 0 {
        transfer_from_user(
            &a.token_program.to_account_info(),
            &a.user_credit.to_account_info(),
            &a.escrow_vault.to_account_info(),
            &a.user.to_account_info(),
            bond,
        )?;
    }
    emit_event(MilestoneDisputed {
        job: a.job.key(),
        index,
        dispute_bond: bond,
    });
    Ok(())
}
