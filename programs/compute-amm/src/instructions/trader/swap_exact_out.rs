use anchor_lang::prelude::*;

use super::Swap;
use crate::logic::swap::SwapKind;
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
    ctx.accounts.process(
        direction,
        SwapKind::ExactOut {
            amount_out,
            max_amount_in,
        },
        deadline,
    )
}
