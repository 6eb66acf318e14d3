//! Instructions traders call: buying GPU time is a swap of quote tokens for credits.

pub mod swap_exact_in;
pub mod swap_exact_out;

pub use swap_exact_in::*;
pub use swap_exact_out::*;

use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use crate::error::ComputeAmmError;
use crate::events::{emit_event, Swapped};
use crate::instructions::token_cpi::{transfer_from_user, transfer_signed};
use crate::logic::swap::{swap, SwapKind};
use crate::state::{Market, Pool, SwapDirection};

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
    /// Both swap instructions: the core computes and applies the swap, then the tokens move and the
    /// event is emitted.
    pub(crate) fn process(
        &mut self,
        direction: SwapDirection,
        kind: SwapKind,
        deadline: i64,
    ) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let available = match direction {
            SwapDirection::BuyCredits => self.trader_quote.amount,
            SwapDirection::SellCredits => self.trader_credit.amount,
        };
        let r = swap(
            &self.market,
            &mut self.pool,
            direction,
            kind,
            available,
            deadline,
            now,
        )?;
        let token_program = self.token_program.to_account_info();
        let trader = self.trader.to_account_info();
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
        transfer_signed(
            &token_program,
            &vault_out,
            &user_out,
            &self.pool.to_account_info(),
            &self.pool.signer_seeds(),
            r.amount_out,
        )?;
        emit_event(Swapped {
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
