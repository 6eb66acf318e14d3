//! Seeded random market traffic replayed against the program, with a model mirror.
//!
//! Every step draws an action (swap exact-in/out either way, add/remove liquidity, a deliberately
//! stale deadline or too-tight slippage bound, or a clock jump), predicts its outcome by running the
//! program's own rule (`compute_amm::logic`) on a copy of the pool (the model), sends it as a real
//! transaction, and compares: the same success or the same error code, and on success the same pool
//! state and user balances to the base unit. The invariant checker runs after every transaction
//! inside `Env::execute`.
//!
//! This is the foundation's main job; the agent-based simulator builds on the same loop.

use std::collections::BTreeMap;
use std::time::Instant;

use compute_amm::error::ComputeAmmError;
use compute_amm::logic::{self, swap::SwapKind};
use compute_amm::state::{Market, Pool, SwapDirection};
use compute_amm_client::{ix, quote};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::errors::custom_code;
use crate::fixture::{Fixture, FixtureConfig, User, UNIT};

/// Replay settings.
#[derive(Clone, Debug)]
pub struct ReplayConfig {
    pub seed: u64,
    pub steps: usize,
    pub users: usize,
}

impl Default for ReplayConfig {
    fn default() -> Self {
        Self {
            seed: 1,
            steps: 2_000,
            users: 8,
        }
    }
}

/// What a replay did, for printing and for tests.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ReplaySummary {
    pub seed: u64,
    pub steps: usize,
    pub transactions: u64,
    pub succeeded: u64,
    pub failed_as_predicted: u64,
    /// Failed transactions by program error name.
    pub failures_by_error: BTreeMap<String, u64>,
    /// Successful actions by kind.
    pub actions: BTreeMap<String, u64>,
    pub invariant_checks: u64,
    pub model_mismatches: u64,
    pub final_reserve_credit: u64,
    pub final_reserve_quote: u64,
    pub final_price_quote_per_credit: f64,
    pub protocol_fees_credit: u64,
    pub protocol_fees_quote: u64,
    pub lp_supply: u64,
    pub volume_quote: u128,
    pub elapsed_secs: f64,
    pub tx_per_sec: f64,
}

/// The error's name, for the summary (`code N` for codes that are not the program's own).
fn error_name(code: u32) -> String {
    ComputeAmmError::from_code(code)
        .map(|e| e.name())
        .unwrap_or_else(|| format!("code {code}"))
}

/// Model of what the chain should hold: the pool (the program's own `Pool`, changed only by the
/// program's rules) and every user's balances.
#[derive(Clone, Debug)]
struct Model {
    pool: Pool,
    balances: Vec<(u64, u64, u64)>, // credit, quote, lp per user
}

impl Model {
    /// A swap by user `ui`, as the program's rule computes it.
    #[allow(clippy::too_many_arguments)]
    fn swap(
        &self,
        market: &Market,
        ui: usize,
        dir: SwapDirection,
        kind: SwapKind,
        deadline: i64,
        now: i64,
    ) -> Result<Model, u32> {
        let (bal_c, bal_q, _) = self.balances[ui];
        let available = if dir == SwapDirection::BuyCredits {
            bal_q
        } else {
            bal_c
        };
        let mut m = self.clone();
        let r = logic::swap::swap(market, &mut m.pool, dir, kind, available, deadline, now)
            .map_err(|e| logic::error_code(&e))?;
        let b = &mut m.balances[ui];
        match dir {
            SwapDirection::BuyCredits => {
                b.1 -= r.amount_in;
                b.0 += r.amount_out;
            }
            SwapDirection::SellCredits => {
                b.0 -= r.amount_in;
                b.1 += r.amount_out;
            }
        }
        Ok(m)
    }
}

fn pool_tuple(p: &Pool) -> (u64, u64, u64, u64, u64) {
    (
        p.reserve_credit,
        p.reserve_quote,
        p.protocol_fees_credit,
        p.protocol_fees_quote,
        p.lp_supply,
    )
}

/// Runs `cfg.steps` random actions and returns what happened. Panics on any invariant violation or
/// model/chain disagreement — both are bugs.
pub async fn run(cfg: &ReplayConfig) -> ReplaySummary {
    let mut fx = Fixture::with(FixtureConfig {
        users: cfg.users,
        ..FixtureConfig::default()
    })
    .await;
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let market: Market = fx.market().await;
    let mut summary = ReplaySummary {
        seed: cfg.seed,
        steps: cfg.steps,
        ..Default::default()
    };
    let mut pool: Pool = fx.pool().await;
    let keys: Vec<_> = fx.users.iter().map(User::credit_quote_lp).collect();
    let mut balances = Vec::with_capacity(keys.len());
    for (c, q, l) in keys {
        balances.push((
            fx.env.token_balance(c).await,
            fx.env.token_balance(q).await,
            fx.env.token_balance(l).await,
        ));
    }
    let mut model = Model {
        pool: pool.clone(),
        balances,
    };
    let started = Instant::now();
    let start_stats = fx.env.stats;

    for _ in 0..cfg.steps {
        let ui = rng.gen_range(0..fx.users.len());
        let now = fx.env.now().await;
        let deadline = now + 600;
        let roll: f64 = rng.gen();
        let (bal_c, bal_q, bal_l) = model.balances[ui];
        // (instruction, kind, predicted outcome: Ok(new model) or Err(code))
        let (instruction, kind, predicted): (_, &str, Result<Model, u32>) = if roll < 0.03 {
            fx.env.warp_seconds(rng.gen_range(1..900)).await;
            *summary.actions.entry("clock_jump".into()).or_insert(0) += 1;
            continue;
        } else if roll < 0.58 {
            // swap exact in
            let dir = if rng.gen_bool(0.5) {
                SwapDirection::BuyCredits
            } else {
                SwapDirection::SellCredits
            };
            let bal_in = if dir == SwapDirection::BuyCredits {
                bal_q
            } else {
                bal_c
            };
            let amount = (bal_in as f64 * rng.gen_range(0.0..0.2)) as u64;
            let tight = rng.gen_bool(0.05);
            let stale = rng.gen_bool(0.03);
            let q = quote::swap_exact_in(&market, &pool, dir, amount);
            let min_out = match (&q, tight) {
                (Ok(r), true) => r.amount_out + 1,
                (Ok(r), false) => r.amount_out * 99 / 100,
                _ => 0,
            };
            let u = &fx.users[ui];
            let i = ix::swap_exact_in(
                ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote),
                dir,
                amount,
                min_out,
                if stale { now - 1 } else { deadline },
            );
            let kind = SwapKind::ExactIn {
                amount_in: amount,
                min_amount_out: min_out,
            };
            let pred = model.swap(
                &market,
                ui,
                dir,
                kind,
                if stale { now - 1 } else { deadline },
                now,
            );
            (i, "swap_exact_in", pred)
        } else if roll < 0.78 {
            let dir = if rng.gen_bool(0.5) {
                SwapDirection::BuyCredits
            } else {
                SwapDirection::SellCredits
            };
            let reserve_out = if dir == SwapDirection::BuyCredits {
                pool.reserve_credit
            } else {
                pool.reserve_quote
            };
            let amount_out = (reserve_out as f64 * rng.gen_range(0.0..0.05)) as u64;
            let tight = rng.gen_bool(0.05);
            let q = quote::swap_exact_out(&market, &pool, dir, amount_out);
            let max_in = match (&q, tight) {
                (Ok(r), true) => r.amount_in - 1,
                (Ok(r), false) => r.amount_in + r.amount_in / 100,
                _ => u64::MAX,
            };
            let u = &fx.users[ui];
            let i = ix::swap_exact_out(
                ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote),
                dir,
                amount_out,
                max_in,
                deadline,
            );
            let kind = SwapKind::ExactOut {
                amount_out,
                max_amount_in: max_in,
            };
            let pred = model.swap(&market, ui, dir, kind, deadline, now);
            (i, "swap_exact_out", pred)
        } else if roll < 0.90 {
            let frac = rng.gen_range(0.0..0.3);
            let lp = quote::lp_for_deposit(
                &pool,
                (bal_c as f64 * frac) as u64,
                (bal_q as f64 * frac) as u64,
            )
            .unwrap_or(0);
            let u = &fx.users[ui];
            let i = ix::add_liquidity(
                ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp),
                lp,
                bal_c,
                bal_q,
                deadline,
            );
            let mut m = model.clone();
            let pred = logic::liquidity::add_liquidity(
                &market,
                &mut m.pool,
                lp,
                bal_c,
                bal_q,
                (bal_c, bal_q),
                deadline,
                now,
            )
            .map_err(|e| logic::error_code(&e))
            .map(|d| {
                let b = &mut m.balances[ui];
                b.0 -= d.credit_in;
                b.1 -= d.quote_in;
                b.2 += d.minted;
                m
            });
            (i, "add_liquidity", pred)
        } else {
            let lp = (bal_l as f64 * rng.gen_range(0.0..1.0)) as u64;
            let u = &fx.users[ui];
            let i = ix::remove_liquidity(
                ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp),
                lp,
                0,
                0,
                deadline,
            );
            let mut m = model.clone();
            let pred = logic::liquidity::remove_liquidity(
                &market,
                &mut m.pool,
                lp,
                0,
                0,
                bal_l,
                deadline,
                now,
            )
            .map_err(|e| logic::error_code(&e))
            .map(|(c, q)| {
                let b = &mut m.balances[ui];
                b.0 += c;
                b.1 += q;
                b.2 -= lp;
                m
            });
            (i, "remove_liquidity", pred)
        };

        let signer = &fx.users[ui].kp;
        let result = fx.env.execute(&[instruction], &[signer]).await;
        summary.transactions += 1;
        match (result, predicted) {
            (Ok(()), Ok(next)) => {
                pool = fx.pool().await;
                let (c, q, l) = fx.users[ui].credit_quote_lp();
                let chain_user = (
                    fx.env.token_balance(c).await,
                    fx.env.token_balance(q).await,
                    fx.env.token_balance(l).await,
                );
                if pool_tuple(&pool) != pool_tuple(&next.pool) || chain_user != next.balances[ui] {
                    summary.model_mismatches += 1;
                    panic!("model/chain mismatch after {kind}: chain pool {:?} user {:?}, model pool {:?} user {:?}",
                        pool_tuple(&pool), chain_user, pool_tuple(&next.pool), next.balances[ui]);
                }
                if kind.starts_with("swap") {
                    let dq = next.pool.reserve_quote.abs_diff(model.pool.reserve_quote);
                    summary.volume_quote += dq as u128;
                }
                model = next;
                // The oracle fields follow the bank's clock between reads; keep the chain's.
                model.pool = pool.clone();
                summary.succeeded += 1;
                *summary.actions.entry(kind.into()).or_insert(0) += 1;
            }
            (Err(err), Err(code)) => {
                let got = custom_code(&err);
                assert_eq!(
                    got,
                    Some(code),
                    "{kind}: predicted error {} but chain said {err:?}",
                    error_name(code)
                );
                summary.failed_as_predicted += 1;
                *summary
                    .failures_by_error
                    .entry(error_name(code))
                    .or_insert(0) += 1;
            }
            (Ok(()), Err(code)) => panic!(
                "{kind}: model predicted {} but the chain accepted it",
                error_name(code)
            ),
            (Err(err), Ok(_)) => {
                panic!("{kind}: model predicted success but the chain said {err:?}")
            }
        }
    }

    let elapsed = started.elapsed().as_secs_f64();
    summary.invariant_checks = fx.env.stats.invariant_checks - start_stats.invariant_checks;
    summary.final_reserve_credit = pool.reserve_credit;
    summary.final_reserve_quote = pool.reserve_quote;
    summary.final_price_quote_per_credit = pool.reserve_quote as f64 / pool.reserve_credit as f64;
    summary.protocol_fees_credit = pool.protocol_fees_credit;
    summary.protocol_fees_quote = pool.protocol_fees_quote;
    summary.lp_supply = pool.lp_supply;
    summary.elapsed_secs = elapsed;
    summary.tx_per_sec = summary.transactions as f64 / elapsed;
    let _ = UNIT;
    summary
}
