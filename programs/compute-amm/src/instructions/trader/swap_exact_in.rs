use anchor_lang::prelude::*;

use super::Swap;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::state::SwapDirection;

/// Swaps exactly `amount_in` for at least `min_amount_out`.
///
/// # Errors
/// `ActionPaused`, `DeadlineExceeded`, `ZeroAmount`, `ZeroOutput`, `InsufficientLiquidity`,
/// `SlippageExceeded`, `MathOverflow`.
pub fn swap_exact_in(
    ctx: Context<Swap>,
    direction: SwapDirection,
    amount_in: u64,
    min_amount_out: u64,
    deadline: i64,
) -> Result<()> {
    let accounts = ctx.accounts;
    let (reserve_in, reserve_out) = accounts.prepare(direction, deadline)?;
    let fees = accounts.market.params.fee_schedule();
    let r = compute_amm_math::swap_exact_in(reserve_in, reserve_out, amount_in, fees)
        .or_program_err()?;
    require!(
        r.amount_out >= min_amount_out,
        ComputeAmmError::SlippageExceeded
    );
    accounts.settle(direction, r)
}
