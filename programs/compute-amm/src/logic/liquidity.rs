//! Liquidity: deposits mint LP shares against both reserves (the first deposit sets the price and
//! locks `MINIMUM_LIQUIDITY`), withdrawals burn shares for their pro-rata reserves. Rounding always
//! favours the pool (`compute_amm_math::liquidity`).

use anchor_lang::prelude::*;
use compute_amm_math::{deposit_for_lp, initial_lp, withdraw_for_lp};

use crate::error::{ComputeAmmError, MathResultExt};
use crate::logic::swap::check_deadline;
use crate::safe_math::SafeMath;
use crate::state::{pause, Market, Pool};

/// A deposit's token movements: `credit_in` and `quote_in` owner → vaults, `minted` LP shares to
/// the owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deposit {
    pub credit_in: u64,
    pub quote_in: u64,
    pub minted: u64,
}

/// `add_liquidity` by an owner holding `available = (credits, quote)`.
#[allow(clippy::too_many_arguments)]
pub fn add_liquidity(
    market: &Market,
    pool: &mut Pool,
    lp_amount: u64,
    max_credit_in: u64,
    max_quote_in: u64,
    available: (u64, u64),
    deadline: i64,
    now: i64,
) -> Result<Deposit> {
    market.ensure_not_paused(pause::DEPOSIT)?;
    check_deadline(now, deadline)?;
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
        let supply = pool.lp_supply.safe_add(lp_amount)?;
        (credit, quote, lp_amount, supply)
    };
    require!(
        available.0 >= credit_in && available.1 >= quote_in,
        ComputeAmmError::InsufficientFunds
    );
    let new_reserve_credit = pool.reserve_credit.safe_add(credit_in)?;
    let new_reserve_quote = pool.reserve_quote.safe_add(quote_in)?;
    // Vault balances are reserve + fees; both must stay representable.
    new_reserve_credit.safe_add(pool.protocol_fees_credit)?;
    new_reserve_quote.safe_add(pool.protocol_fees_quote)?;
    pool.reserve_credit = new_reserve_credit;
    pool.reserve_quote = new_reserve_quote;
    pool.lp_supply = new_supply;
    Ok(Deposit {
        credit_in,
        quote_in,
        minted,
    })
}

/// `remove_liquidity` of `lp_amount` shares out of the owner's `available_lp`. Returns
/// `(credit_out, quote_out)`, vaults → owner; the shares are burned.
#[allow(clippy::too_many_arguments)]
pub fn remove_liquidity(
    market: &Market,
    pool: &mut Pool,
    lp_amount: u64,
    min_credit_out: u64,
    min_quote_out: u64,
    available_lp: u64,
    deadline: i64,
    now: i64,
) -> Result<(u64, u64)> {
    market.ensure_withdraw_open(now)?;
    check_deadline(now, deadline)?;
    require!(
        available_lp >= lp_amount,
        ComputeAmmError::InsufficientFunds
    );
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
    pool.reserve_credit = pool.reserve_credit.safe_sub(credit_out)?;
    pool.reserve_quote = pool.reserve_quote.safe_sub(quote_out)?;
    pool.lp_supply = pool.lp_supply.safe_sub(lp_amount)?;
    Ok((credit_out, quote_out))
}
