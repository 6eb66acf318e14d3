//! Replay throughput benchmark: seeded swaps through the real program, by harness path.
//!
//! Run: `cargo bench -p compute-amm-sim --bench replay` (release profile). Prints tx/s per path:
//! * `BanksClient::process_transaction` — the stock program-test path;
//! * `process_transaction_with_metadata` — the path `Env` uses;
//! * `Env::execute` — the same plus the invariant checker and failure checks after every tx.

#![allow(deprecated)]

use std::time::Instant;

use compute_amm::state::SwapDirection;
use compute_amm_client::ix;
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::{Fixture, FixtureConfig};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use solana_signer::Signer;
use solana_transaction::Transaction;

const N: usize = 2_000;

async fn fixture() -> Fixture {
    Fixture::with(FixtureConfig {
        users: 1,
        user_credit: 1_000_000 * UNIT,
        user_quote: 1_000_000 * UNIT,
        ..FixtureConfig::default()
    })
    .await
}

/// Seeded swap amounts, both directions; unique amounts keep every transaction's bytes unique.
fn swaps(fx: &Fixture, deadline: i64) -> Vec<compute_amm_client::Instruction> {
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let u = &fx.users[0];
    (0..N)
        .map(|k| {
            let dir = if k % 2 == 0 {
                SwapDirection::BuyCredits
            } else {
                SwapDirection::SellCredits
            };
            let amount = UNIT + rng.gen_range(0..UNIT) + k as u64;
            ix::swap_exact_in(
                ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote),
                dir,
                amount,
                0,
                deadline,
            )
        })
        .collect()
}

async fn raw(with_metadata: bool) -> f64 {
    let mut fx = fixture().await;
    let deadline = fx.deadline().await + 86_400;
    let ixs = swaps(&fx, deadline);
    let start = Instant::now();
    let mut blockhash = fx
        .env
        .ctx
        .banks_client
        .get_latest_blockhash()
        .await
        .unwrap();
    let mut refreshed = Instant::now();
    for i in ixs {
        if refreshed.elapsed().as_millis() > 200 {
            blockhash = fx
                .env
                .ctx
                .banks_client
                .get_latest_blockhash()
                .await
                .unwrap();
            refreshed = Instant::now();
        }
        let tx = Transaction::new_signed_with_payer(
            &[i],
            Some(&fx.env.ctx.payer.pubkey()),
            &[&fx.env.ctx.payer, &fx.users[0].kp],
            blockhash,
        );
        if with_metadata {
            let r = fx
                .env
                .ctx
                .banks_client
                .process_transaction_with_metadata(tx)
                .await
                .unwrap();
            r.result.expect("swap succeeds");
        } else {
            fx.env
                .ctx
                .banks_client
                .process_transaction(tx)
                .await
                .expect("swap succeeds");
        }
    }
    let rate = N as f64 / start.elapsed().as_secs_f64();
    // prove the swaps executed (a duplicate would return Ok without running)
    assert_eq!(fx.pool().await.swap_count as usize, N);
    rate
}

async fn checked() -> f64 {
    let mut fx = fixture().await;
    let deadline = fx.deadline().await + 86_400;
    let ixs = swaps(&fx, deadline);
    let start = Instant::now();
    for i in ixs {
        fx.env
            .execute(&[i], &[&fx.users[0].kp])
            .await
            .expect("swap succeeds");
    }
    let rate = N as f64 / start.elapsed().as_secs_f64();
    assert_eq!(fx.pool().await.swap_count as usize, N);
    rate
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // `cargo bench` passes --bench; nothing to parse.
    // Natively every `msg!` of the program is a println to stdout: measure without that noise.
    let quiet = || gag::Gag::stdout().ok();
    println!("replay throughput, {N} seeded swaps, one core, release build");
    let stock = {
        let _q = quiet();
        raw(false).await
    };
    println!("  BanksClient::process_transaction          {stock:>9.0} tx/s");
    let meta = {
        let _q = quiet();
        raw(true).await
    };
    println!(
        "  process_transaction_with_metadata         {meta:>9.0} tx/s ({:.1}x stock)",
        meta / stock
    );
    let env = {
        let _q = quiet();
        checked().await
    };
    println!(
        "  Env::execute (+ invariants every tx)      {env:>9.0} tx/s ({:.1}x stock)",
        env / stock
    );
}
