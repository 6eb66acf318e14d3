use anchor_lang::prelude::*;

use super::Swap;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::state::SwapDirection;

/// Swaps at most `max_amount_in` for exactly `amount_out`.
///
/// # Errors
/// `ActionPaused`, `DeadlineExceeded`, `ZeroAmount`, `InsufficientLiquidity`, `MaxInputExceeded`,
/// `MathOverflow`.
pub fn swap_exact_out(
    ctx: Context<Swap>,
    direction: SwapDirection,
    amount_out: u64,
    max_amount_in: u64,
    deadline: i64,
) -> Result<()> {
    let accounts = ctx.accounts;
    let (reserve_in, reserve_out) = accounts.prepare(direction, deadline)?;
    let fees = accounts.market.params.fee_schedule();
    let r = compute_amm_math::swap_exact_out(reserve_in, reserve_out, amount_out, fees)
        .or_program_err()?;
    require!(
        r.amount_in <= max_amount_in,
        ComputeAmmError::MaxInputExceeded
    );
    accounts.settle(direction, r)
}
