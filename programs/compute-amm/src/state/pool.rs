use anchor_lang::prelude::*;
use compute_amm_math::twap;

use crate::constants::*;
use crate::error::MathResultExt;

/// One TWAP snapshot, stored.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct ObservationData {
    pub timestamp: i64,
    pub cumulative_price_q64: u128,
}

impl From<ObservationData> for twap::Observation {
    fn from(o: ObservationData) -> Self {
        twap::Observation {
            timestamp: o.timestamp,
            cumulative_price_q64: o.cumulative_price_q64,
        }
    }
}

/// Which way a swap goes.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwapDirection {
    /// Pay quote tokens, receive GPU-hour credits (buying GPU time).
    BuyCredits,
    /// Pay GPU-hour credits, receive quote tokens.
    SellCredits,
}

/// A constant-product pool of one GPU class's credits against one quote token.
///
/// Reserves live in state, not in the vault balances: a donation to a vault changes nothing the
/// pool prices from. Vault balance = reserve + accrued protocol fees (+ any donation).
#[account]
#[derive(InitSpace, Debug)]
pub struct Pool {
    pub bump: u8,
    pub market: Pubkey,
    pub gpu_class: Pubkey,
    pub credit_mint: Pubkey,
    pub quote_mint: Pubkey,
    pub credit_vault: Pubkey,
    pub quote_vault: Pubkey,
    pub lp_mint: Pubkey,
    pub reserve_credit: u64,
    pub reserve_quote: u64,
    /// Protocol fees accrued in credits, held in the credit vault, outside the reserve.
    pub protocol_fees_credit: u64,
    /// Protocol fees accrued in quote tokens, held in the quote vault, outside the reserve.
    pub protocol_fees_quote: u64,
    /// LP supply including the `MINIMUM_LIQUIDITY` locked at the first deposit (never minted), so
    /// `lp_mint.supply == lp_supply - MINIMUM_LIQUIDITY` once the pool is funded.
    pub lp_supply: u64,
    /// Running `sum(price_q64 * seconds)`, wrapping (see `compute_amm_math::twap`).
    pub cumulative_price_q64: u128,
    /// When the accumulator was last brought up to date.
    pub last_update_ts: i64,
    /// Ring buffer of accumulator snapshots, newest at `observation_head`.
    pub observations: [ObservationData; OBSERVATION_CAPACITY],
    pub observation_head: u16,
    pub observation_len: u16,
    /// Swaps executed, all time.
    pub swap_count: u64,
    /// When the program last traded this pool's fees itself (a buyback chunk or a stablecoin-fee
    /// conversion): at most one such trade per `BUYBACK_INTERVAL_SECS`, so a sandwich cannot wrap
    /// several chunks in one transaction.
    pub last_fee_trade_ts: i64,
    pub reserved: [u8; POOL_RESERVED_BYTES],
}

impl Pool {
    pub fn signer_seeds(&self) -> [&[u8]; 4] {
        [
            POOL_SEED,
            self.gpu_class.as_ref(),
            self.quote_mint.as_ref(),
            core::slice::from_ref(&self.bump),
        ]
    }

    /// Brings the TWAP accumulator to `now` at the price that held since the last update (the
    /// pre-trade price, so a trade cannot move the average of the time before it), then snapshots it
    /// into the ring if a snapshot is due. Call before any change to the reserves.
    pub fn update_oracle(&mut self, now: i64) -> Result<()> {
        if self.reserve_credit > 0 && now > self.last_update_ts {
            let price =
                twap::spot_price_q64(self.reserve_quote, self.reserve_credit).or_program_err()?;
            self.cumulative_price_q64 =
                twap::accumulate(self.cumulative_price_q64, self.last_update_ts, now, price);
        }
        if now > self.last_update_ts {
            self.last_update_ts = now;
        }
        let head = usize::from(self.observation_head);
        let due = self.observation_len == 0
            || twap::observation_due(
                self.observations[head % OBSERVATION_CAPACITY].timestamp,
                now,
                MIN_OBSERVATION_INTERVAL_SECS,
            );
        if due {
            let next = if self.observation_len == 0 {
                0
            } else {
                twap::next_index(head, OBSERVATION_CAPACITY)
            };
            self.observations[next] = ObservationData {
                timestamp: self.last_update_ts,
                cumulative_price_q64: self.cumulative_price_q64,
            };
            // next < OBSERVATION_CAPACITY (64) always fits u16.
            self.observation_head = next as u16;
            if usize::from(self.observation_len) < OBSERVATION_CAPACITY {
                self.observation_len = self.observation_len.saturating_add(1);
            }
        }
        Ok(())
    }

    /// The accumulator as it would read at `now`, without writing (for TWAP reads).
    pub fn current_observation(&self, now: i64) -> Result<twap::Observation> {
        let mut cumulative = self.cumulative_price_q64;
        if self.reserve_credit > 0 && now > self.last_update_ts {
            let price =
                twap::spot_price_q64(self.reserve_quote, self.reserve_credit).or_program_err()?;
            cumulative = twap::accumulate(cumulative, self.last_update_ts, now, price);
        }
        Ok(twap::Observation {
            timestamp: now.max(self.last_update_ts),
            cumulative_price_q64: cumulative,
        })
    }

    /// TWAP over at least `window` seconds ending at `now`, Q64.64 quote units per credit unit,
    /// with the window actually covered. `None` if the ring does not reach back that far.
    pub fn twap(&self, now: i64, window: i64) -> Result<Option<(u128, i64)>> {
        let current = self.current_observation(now)?;
        let ring: Vec<twap::Observation> = self.observations.iter().map(|o| (*o).into()).collect();
        Ok(twap::twap_over_window(
            &ring,
            usize::from(self.observation_head),
            usize::from(self.observation_len),
            current,
            window,
        ))
    }
}
