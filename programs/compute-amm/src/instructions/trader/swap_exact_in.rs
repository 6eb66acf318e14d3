use anchor_lang::prelude::*;

use super::Swap;
use crate::logic::swap::SwapKind;
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
    ctx.accounts.process(
        direction,
        SwapKind::ExactIn {
            amount_in,
            min_amount_out,
        },
        deadline,
    )
}
