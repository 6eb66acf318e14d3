use anchor_lang::prelude::*;
use compute_amm_math::{mul_div, Rounding};

use super::JobUserAction;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::MilestoneDisputed;
use crate::instructions::jobs::milestone_index;
use crate::instructions::token_cpi::transfer_from_user;
use crate::state::{JobStatus, MilestoneStatus};

/// The user disputes a submitted milestone within the challenge window, posting a bond of
/// `ceil(amount · dispute_bond_bps / 10⁴)` credits; the arbiter decides.
pub fn dispute_milestone(ctx: Context<JobUserAction>, index: u8) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    require!(
        a.job.status == JobStatus::Accepted,
        ComputeAmmError::InvalidJobState
    );
    let idx = milestone_index(&a.job, index)?;
    let m = a.job.milestones[idx];
    require!(
        m.status == MilestoneStatus::Submitted,
        ComputeAmmError::InvalidMilestoneState
    );
    let closes = m
        .submitted_at
        .checked_add(a.market.params.challenge_window_secs)
        .ok_or(ComputeAmmError::MathOverflow)?;
    require!(now < closes, ComputeAmmError::ChallengeWindowClosed);
    let bond = mul_div(
        m.amount,
        u64::from(a.market.params.dispute_bond_bps),
        10_000,
        Rounding::Up,
    )
    .or_program_err()?;
    require!(
        a.user_credit.amount >= bond,
        ComputeAmmError::InsufficientFunds
    );
    a.job.milestones[idx].status = MilestoneStatus::Disputed;
    a.job.milestones[idx].dispute_bond = bond;
    a.gpu_class.total_escrowed = a
        .gpu_class
        .total_escrowed
        .checked_add(bond)
        .ok_or(ComputeAmmError::MathOverflow)?;
    if bond > 0 {
        transfer_from_user(
            &a.token_program.to_account_info(),
            &a.user_credit.to_account_info(),
            &a.escrow_vault.to_account_info(),
            &a.user.to_account_info(),
            bond,
        )?;
    }
    emit!(MilestoneDisputed {
        job: a.job.key(),
        index,
        dispute_bond: bond
    });
    Ok(())
}
