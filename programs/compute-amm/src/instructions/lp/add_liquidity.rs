use anchor_lang::prelude::*;
use compute_amm_math::{deposit_for_lp, initial_lp};

use super::ModifyLiquidity;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::LiquidityAdded;
use crate::instructions::check_deadline;
use crate::instructions::token_cpi::{mint_signed, transfer_from_user};
use crate::state::pause;

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
    ctx.accounts.market.ensure_not_paused(pause::DEPOSIT)?;
    let now = Clock::get()?.unix_timestamp;
    check_deadline(now, deadline)?;

    let pool = &mut ctx.accounts.pool;
    pool.update_oracle(now)?;

    let (credit_in, quote_in, minted, new_supply) = if pool.lp_supply == 0 {
        let init = initial_lp(max_credit_in, max_quote_in).or_program_err()?;
        require!(
            init.to_depositor >= lp_amount,
            ComputeAmmError::SlippageExceeded
        );
        (max_credit_in, max_quote_in, init.to_depositor, init.total)
    } else {
        let (credit, quote) = deposit_for_lp(
            lp_amount,
            pool.reserve_credit,
            pool.reserve_quote,
            pool.lp_supply,
        )
        .or_program_err()?;
        require!(
            credit <= max_credit_in && quote <= max_quote_in,
            ComputeAmmError::MaxInputExceeded
        );
        let supply = pool
            .lp_supply
            .checked_add(lp_amount)
            .ok_or(ComputeAmmError::MathOverflow)?;
        (credit, quote, lp_amount, supply)
    };
    require!(
        ctx.accounts.owner_credit.amount >= credit_in
            && ctx.accounts.owner_quote.amount >= quote_in,
        ComputeAmmError::InsufficientFunds
    );
    let pool = &mut ctx.accounts.pool;
    let new_reserve_credit = pool
        .reserve_credit
        .checked_add(credit_in)
        .ok_or(ComputeAmmError::MathOverflow)?;
    let new_reserve_quote = pool
        .reserve_quote
        .checked_add(quote_in)
        .ok_or(ComputeAmmError::MathOverflow)?;
    // Vault balances are reserve + fees; both must stay representable.
    new_reserve_credit
        .checked_add(pool.protocol_fees_credit)
        .ok_or(ComputeAmmError::MathOverflow)?;
    new_reserve_quote
        .checked_add(pool.protocol_fees_quote)
        .ok_or(ComputeAmmError::MathOverflow)?;

    pool.reserve_credit = new_reserve_credit;
    pool.reserve_quote = new_reserve_quote;
    pool.lp_supply = new_supply;

    let accounts = &ctx.accounts;
    let token_program = accounts.token_program.to_account_info();
    let owner = accounts.owner.to_account_info();
    transfer_from_user(
        &token_program,
        &accounts.owner_credit.to_account_info(),
        &accounts.credit_vault.to_account_info(),
        &owner,
        credit_in,
    )?;
    transfer_from_user(
        &token_program,
        &accounts.owner_quote.to_account_info(),
        &accounts.quote_vault.to_account_info(),
        &owner,
        quote_in,
    )?;
    let pool = &accounts.pool;
    mint_signed(
        &token_program,
        &accounts.lp_mint.to_account_info(),
        &accounts.owner_lp.to_account_info(),
        &pool.to_account_info(),
        &pool.signer_seeds(),
        minted,
    )?;

    emit!(LiquidityAdded {
        pool: pool.key(),
        owner: owner.key(),
        lp_minted: minted,
        credit_in,
        quote_in,
        reserve_credit: pool.reserve_credit,
        reserve_quote: pool.reserve_quote,
        lp_supply: pool.lp_supply,
    });
    Ok(())
}
