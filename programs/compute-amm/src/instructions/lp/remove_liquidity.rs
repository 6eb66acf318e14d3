use anchor_lang::prelude::*;
use compute_amm_math::withdraw_for_lp;

use super::ModifyLiquidity;
use crate::error::{ComputeAmmError, MathResultExt};
use crate::events::LiquidityRemoved;
use crate::instructions::check_deadline;
use crate::instructions::token_cpi::{burn_from_user, transfer_signed};
use crate::state::pause;

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
    ctx.accounts.market.ensure_not_paused(pause::WITHDRAW)?;
    let now = Clock::get()?.unix_timestamp;
    check_deadline(now, deadline)?;

    require!(
        ctx.accounts.owner_lp.amount >= lp_amount,
        ComputeAmmError::InsufficientFunds
    );
    let pool = &mut ctx.accounts.pool;
    pool.update_oracle(now)?;
    let (credit_out, quote_out) = withdraw_for_lp(
        lp_amount,
        pool.reserve_credit,
        pool.reserve_quote,
        pool.lp_supply,
    )
    .or_program_err()?;
    require!(
        credit_out >= min_credit_out && quote_out >= min_quote_out,
        ComputeAmmError::SlippageExceeded
    );
    pool.reserve_credit = pool
        .reserve_credit
        .checked_sub(credit_out)
        .ok_or(ComputeAmmError::MathOverflow)?;
    pool.reserve_quote = pool
        .reserve_quote
        .checked_sub(quote_out)
        .ok_or(ComputeAmmError::MathOverflow)?;
    pool.lp_supply = pool
        .lp_supply
        .checked_sub(lp_amount)
        .ok_or(ComputeAmmError::MathOverflow)?;

    let accounts = &ctx.accounts;
    let token_program = accounts.token_program.to_account_info();
    let owner = accounts.owner.to_account_info();
    burn_from_user(
        &token_program,
        &accounts.lp_mint.to_account_info(),
        &accounts.owner_lp.to_account_info(),
        &owner,
        lp_amount,
    )?;
    let pool = &accounts.pool;
    let seeds = pool.signer_seeds();
    if credit_out > 0 {
        transfer_signed(
            &token_program,
            &accounts.credit_vault.to_account_info(),
            &accounts.owner_credit.to_account_info(),
            &pool.to_account_info(),
            &seeds,
            credit_out,
        )?;
    }
    if quote_out > 0 {
        transfer_signed(
            &token_program,
            &accounts.quote_vault.to_account_info(),
            &accounts.owner_quote.to_account_info(),
            &pool.to_account_info(),
            &seeds,
            quote_out,
        )?;
    }
    emit!(LiquidityRemoved {
        pool: pool.key(),
        owner: owner.key(),
        lp_burned: lp_amount,
        credit_out,
        quote_out,
        reserve_credit: pool.reserve_credit,
        reserve_quote: pool.reserve_quote,
        lp_supply: pool.lp_supply,
    });
    Ok(())
}
