//! Instructions traders call: buying GPU time is a swap of quote tokens for credits.

pub mod swap_exact_in;
pub mod swap_exact_out;

pub use swap_exact_in::*;
pub use swap_exact_out::*;

use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};
use compute_amm_math::{invariant_k, SwapResult};

use crate::error::ComputeAmmError;
use crate::events::Swapped;
use crate::instructions::check_deadline;
use crate::instructions::token_cpi::{transfer_from_user, transfer_signed};
use crate::state::{pause, Market, Pool, SwapDirection};

/// Accounts of both swap instructions.
#[derive(Accounts)]
pub struct Swap<'info> {
    pub trader: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = market @ ComputeAmmError::WrongMarket,
        has_one = credit_vault,
        has_one = quote_vault,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(mut)]
    pub credit_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub quote_vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = pool.credit_mint, token::authority = trader)]
    pub trader_credit: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = pool.quote_mint, token::authority = trader)]
    pub trader_quote: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl<'info> Swap<'info> {
    /// Checks shared by both swap kinds; brings the oracle up to date with the pre-trade price and
    /// returns `(reserve_in, reserve_out)` for the direction.
    fn prepare(&mut self, direction: SwapDirection, deadline: i64) -> Result<(u64, u64)> {
        self.market.ensure_not_paused(pause::SWAP)?;
        let now = Clock::get()?.unix_timestamp;
        check_deadline(now, deadline)?;
        self.pool.update_oracle(now)?;
        Ok(match direction {
            SwapDirection::BuyCredits => (self.pool.reserve_quote, self.pool.reserve_credit),
            SwapDirection::SellCredits => (self.pool.reserve_credit, self.pool.reserve_quote),
        })
    }

    /// Applies a computed swap: state first, then the k check, then the two transfers, then the event.
    fn settle(&mut self, direction: SwapDirection, r: SwapResult) -> Result<()> {
        apply_swap_state(&mut self.pool, direction, &r)?;
        let token_program = self.token_program.to_account_info();
        let trader = self.trader.to_account_info();
        let available = match direction {
            SwapDirection::BuyCredits => self.trader_quote.amount,
            SwapDirection::SellCredits => self.trader_credit.amount,
        };
        require!(available >= r.amount_in, ComputeAmmError::InsufficientFunds);
        let (user_in, vault_in, vault_out, user_out) = match direction {
            SwapDirection::BuyCredits => (
                self.trader_quote.to_account_info(),
                self.quote_vault.to_account_info(),
                self.credit_vault.to_account_info(),
                self.trader_credit.to_account_info(),
            ),
            SwapDirection::SellCredits => (
                self.trader_credit.to_account_info(),
                self.credit_vault.to_account_info(),
                self.quote_vault.to_account_info(),
                self.trader_quote.to_account_info(),
            ),
        };
        transfer_from_user(&token_program, &user_in, &vault_in, &trader, r.amount_in)?;
        let pool_info = self.pool.to_account_info();
        transfer_signed(
            &token_program,
            &vault_out,
            &user_out,
            &pool_info,
            &self.pool.signer_seeds(),
            r.amount_out,
        )?;
        emit!(Swapped {
            pool: self.pool.key(),
            trader: trader.key(),
            direction,
            amount_in: r.amount_in,
            amount_out: r.amount_out,
            fee_total: r.fee_total,
            fee_protocol: r.fee_protocol,
            reserve_credit: self.pool.reserve_credit,
            reserve_quote: self.pool.reserve_quote,
        });
        Ok(())
    }
}

/// Books a computed swap in the pool's state: reserves, accrued protocol fee, swap count — and checks
/// on-chain that `k` did not decrease. Token movements are the caller's.
pub fn apply_swap_state(pool: &mut Pool, direction: SwapDirection, r: &SwapResult) -> Result<()> {
    let k_before = invariant_k(pool.reserve_credit, pool.reserve_quote);
    match direction {
        SwapDirection::BuyCredits => {
            pool.reserve_quote = r.new_reserve_in;
            pool.reserve_credit = r.new_reserve_out;
            pool.protocol_fees_quote = pool
                .protocol_fees_quote
                .checked_add(r.fee_protocol)
                .ok_or(ComputeAmmError::MathOverflow)?;
        }
        SwapDirection::SellCredits => {
            pool.reserve_credit = r.new_reserve_in;
            pool.reserve_quote = r.new_reserve_out;
            pool.protocol_fees_credit = pool
                .protocol_fees_credit
                .checked_add(r.fee_protocol)
                .ok_or(ComputeAmmError::MathOverflow)?;
        }
    }
    // Vault balance (reserve + fees) must stay representable.
    pool.reserve_credit
        .checked_add(pool.protocol_fees_credit)
        .ok_or(ComputeAmmError::MathOverflow)?;
    pool.reserve_quote
        .checked_add(pool.protocol_fees_quote)
        .ok_or(ComputeAmmError::MathOverflow)?;
    // The on-chain guard the design asks for: k never decreases across a swap.
    require!(
        invariant_k(pool.reserve_credit, pool.reserve_quote) >= k_before,
        ComputeAmmError::InvariantViolated
    );
    pool.swap_count = pool.swap_count.saturating_add(1);
    Ok(())
}
