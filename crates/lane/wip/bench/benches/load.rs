//! The same seeded mixed traffic through every executor, with and without invariants after every
//! transaction, side by side in one run; plus the floor: the program's own handler time per
//! transaction (the program's `entry` with its token CPIs, natively, inside the lane).
//!
//! Traffic: the model engine's action trace of the baseline scenario (seed 1; `BENCH_DAYS`
//! simulated days, default 4): provider registration, stake, credit minting, swaps, the opening
//! liquidity, jobs (open, accept, submit, approve, claim, dispute, resolve, expire, cancel),
//! epochs, reward claims, fee burns and parameter changes. Every path must give the same outcome
//! for every transaction and end in the model's state.
//!
//! Run: `cargo bench -p compute-amm-bench --bench load` (release profile, one core).

use std::time::Instant;

use compute_amm_harness::env::Executor;
use compute_amm_sim::amm;
use compute_amm_sim::chain::ChainEngine;
use compute_amm_sim::engine::Engine;
use compute_amm_sim::runner::{run_model, START};
use compute_amm_sim::scenario::Scenario;

const BASELINE: &str = include_str!("../../../scenarios/baseline.toml");

struct Row {
    path: &'static str,
    invariants: bool,
    transactions: u64,
    secs: f64,
    handler_secs: Option<f64>,
    outcomes: Vec<Result<(), String>>,
}

fn run(
    s: &Scenario,
    records: &[compute_amm_sim::action::TraceRecord],
    path: &'static str,
    executor: Executor,
    invariants: bool,
) -> Row {
    let check_every = if invariants { 1 } else { u64::MAX };
    let mut ce = ChainEngine::with_executor(amm::genesis(s, START), check_every, executor);
    ce.outcomes = Some(Vec::new());
    if let Some(l) = ce.env.lane.as_mut() {
        l.record_logs = false;
    }
    let t0 = Instant::now();
    for r in records {
        let got = ce.apply(&r.action).err();
        assert_eq!(got, r.error, "{path}: step {}", r.step);
    }
    let secs = t0.elapsed().as_secs_f64();
    ce.compare()
        .unwrap_or_else(|e| panic!("{path}: end state differs from the model: {e}"));
    let handler_secs = ce.env.lane.as_ref().map(|l| l.handler_nanos as f64 / 1e9);
    Row {
        path,
        invariants,
        transactions: ce.transactions,
        secs,
        handler_secs,
        outcomes: ce
            .outcomes
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.map_err(|e| format!("{e:?}")))
            .collect(),
    }
}

fn main() {
    let days: u32 = std::env::var("BENCH_DAYS")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(4);
    let mut s = Scenario::from_toml(BASELINE).expect("baseline scenario");
    s.days = days;
    let (_, _, records, _) = run_model(&s, 1, true);
    let records = records.expect("trace");
    let mut rows = Vec::new();
    {
        // natively every `msg!` is a println to stdout: measure without it
        let _q = gag::Gag::stdout().ok();
        for invariants in [false, true] {
            rows.push(run(
                &s,
                &records,
                "BanksClient::process_transaction (stock)",
                Executor::Stock,
                invariants,
            ));
            rows.push(run(
                &s,
                &records,
                "process_transaction_with_metadata",
                Executor::ProgramTest,
                invariants,
            ));
            rows.push(run(
                &s,
                &records,
                "lane (compute_amm_lane)",
                Executor::Lane,
                invariants,
            ));
        }
    }
    let reference = rows[1].outcomes.clone();
    for r in &rows {
        assert_eq!(
            r.outcomes, reference,
            "{}: outcomes differ from program-test's",
            r.path
        );
    }
    let stock = |inv: bool| {
        rows.iter()
            .find(|r| r.invariants == inv && r.path.contains("stock"))
            .map(|r| r.transactions as f64 / r.secs)
            .unwrap_or(f64::NAN)
    };
    println!(
        "load benchmark: baseline scenario, {days} simulated days, seed 1: {} actions, {} transactions (mixed), one core, release",
        records.len(),
        rows[0].transactions
    );
    println!("| path | invariants after every tx | tx/s | × stock (same column) |");
    println!("|---|---|---:|---:|");
    for r in &rows {
        let rate = r.transactions as f64 / r.secs;
        println!(
            "| {} | {} | {:.0} | {:.1}× |",
            r.path,
            if r.invariants { "yes" } else { "no" },
            rate,
            rate / stock(r.invariants)
        );
    }
    if let Some(r) = rows
        .iter()
        .find(|r| r.handler_secs.is_some() && !r.invariants)
    {
        let h = r.handler_secs.unwrap_or(f64::NAN);
        println!(
            "| floor: the program's handler (entry + its token CPIs, native), called directly | no | {:.0} | {:.1}× |",
            r.transactions as f64 / h,
            r.transactions as f64 / h / stock(false)
        );
    }
    println!("every path: the same outcome for every transaction; end state equal to the model's");
}
