use anchor_lang::prelude::*;

use super::JobUserAction;
use crate::instructions::jobs::{pay_milestone, Escrow};
use crate::logic::jobs::{self, RELEASED_BY_USER};

/// The user accepts a submitted milestone: its credits go to the provider.
pub fn approve_milestone(ctx: Context<JobUserAction>, index: u8) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let outcome = jobs::approve_milestone(
        &mut a.market,
        &mut a.gpu_class,
        &mut a.job,
        &mut a.provider,
        index,
        now,
    )?;
    let token_program = a.token_program.to_account_info();
    let vault = a.escrow_vault.to_account_info();
    let class_info = a.gpu_class.to_account_info();
    let escrow = Escrow {
        token_program: &token_program,
        vault: &vault,
        class_info: &class_info,
    };
    pay_milestone(
        &escrow,
        &a.gpu_class,
        &a.provider_credit.to_account_info(),
        a.job.key(),
        a.job.provider,
        &outcome,
        RELEASED_BY_USER,
    )
}
