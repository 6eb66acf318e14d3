use anchor_lang::prelude::*;

use super::ModifyLiquidity;
use crate::events::{emit_event, LiquidityRemoved};
use crate::instructions::token_cpi::{burn_from_user, transfer_signed};
use crate::logic;

/// Burns `lp_amount` shares for `floor(lp * reserve / supply)` of each token.
///
/// # Errors
/// `ActionPaused`, `DeadlineExceeded`, `ZeroAmount`, `SlippageExceeded` (either output below its
/// minimum), `InsufficientLiquidity` (the locked minimum cannot be withdrawn).
pub fn remove_liquidity(
    ctx: Context<ModifyLiquidity>,
    lp_amount: u64,
    min_credit_out: u64,
    min_quote_out: u64,
    deadline: i64,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let (credit_out, quote_out) = logic::liquidity::remove_liquidity(
        &a.market,
        &mut a.pool,
        lp_amount,
        min_credit_out,
        min_quote_out,
        a.owner_lp.amount,
        deadline,
        now,
    )?;
    let token_program = a.token_program.to_account_info();
    let owner = a.owner.to_account_info();
    burn_from_user(
        &token_program,
        &a.lp_mint.to_account_info(),
        &a.owner_lp.to_account_info(),
        &owner,
        lp_amount,
    )?;
    let seeds = a.pool.signer_seeds();
    for (vault, to, amount) in [
        (&a.credit_vault, &a.owner_credit, credit_out),
        (&a.quote_vault, &a.owner_quote, quote_out),
    ] {
        if amount > 0 {
            transfer_signed(
                &token_program,
                &vault.to_account_info(),
                &to.to_account_info(),
                &a.pool.to_account_info(),
                &seeds,
                amount,
            )?;
        }
    }
    emit_event(LiquidityRemoved {
        pool: a.pool.key(),
        owner: owner.key(),
        lp_burned: lp_amount,
        credit_out,
        quote_out,
        reserve_credit: a.pool.reserve_credit,
        reserve_quote: a.pool.reserve_quote,
        lp_supply: a.pool.lp_supply,
    });
    Ok(())
}
