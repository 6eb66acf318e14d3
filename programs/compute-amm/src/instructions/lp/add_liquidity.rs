use anchor_lang::prelude::*;

use super::ModifyLiquidity;
use crate::events::{emit_event, LiquidityAdded};
use crate::instructions::token_cpi::{mint_signed, transfer_from_user};
use crate::logic;

/// Adds liquidity.
///
/// # Arguments
/// * `lp_amount` — into a funded pool: exactly the LP shares to mint, paid for with
///   `ceil(lp * reserve / supply)` of each token. Into an empty pool: the *minimum* shares the
///   depositor accepts (the first deposit mints `floor(sqrt(credit * quote)) - MINIMUM_LIQUIDITY`).
/// * `max_credit_in`, `max_quote_in` — the most the owner will pay (slippage bound). The first
///   deposit pays exactly these and so sets the opening price.
/// * `deadline` — unix seconds after which the transaction is refused.
///
/// # Errors
/// `ActionPaused`, `DeadlineExceeded`, `ZeroAmount`, `MaxInputExceeded`, `SlippageExceeded` (first
/// deposit below `lp_amount`), `InitialLiquidityTooSmall`, `MathOverflow`.
pub fn add_liquidity(
    ctx: Context<ModifyLiquidity>,
    lp_amount: u64,
    max_credit_in: u64,
    max_quote_in: u64,
    deadline: i64,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let d = logic::liquidity::add_liquidity(
        &a.market,
        &mut a.pool,
        lp_amount,
        max_credit_in,
        max_quote_in,
        (a.owner_credit.amount, a.owner_quote.amount),
        deadline,
        now,
    )?;
    let token_program = a.token_program.to_account_info();
    let owner = a.owner.to_account_info();
    transfer_from_user(
        &token_program,
        &a.owner_credit.to_account_info(),
        &a.credit_vault.to_account_info(),
        &owner,
        d.credit_in,
    )?;
    transfer_from_user(
        &token_program,
        &a.owner_quote.to_account_info(),
        &a.quote_vault.to_account_info(),
        &owner,
        d.quote_in,
    )?;
    mint_signed(
        &token_program,
        &a.lp_mint.to_account_info(),
        &a.owner_lp.to_account_info(),
        &a.pool.to_account_info(),
        &a.pool.signer_seeds(),
        d.minted,
    )?;
    emit_event(LiquidityAdded {
        pool: a.pool.key(),
        owner: owner.key(),
        lp_minted: d.minted,
        credit_in: d.credit_in,
        quote_in: d.quote_in,
        reserve_credit: a.pool.reserve_credit,
        reserve_quote: a.pool.reserve_quote,
        lp_supply: a.pool.lp_supply,
    });
    Ok(())
}
