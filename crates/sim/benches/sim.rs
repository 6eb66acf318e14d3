//! Simulator benchmarks (release): model engine actions per second on one core, a 1,000-seed Monte
//! Carlo of the 30-day baseline scenario on all cores, and the chain engine's transactions per second.
//!
//! Run: `cargo bench -p compute-amm-sim --bench sim` (set `SIM_BENCH_SEEDS` to change the Monte Carlo).

use std::time::Instant;

use compute_amm_sim::amm;
use compute_amm_sim::chain::ChainEngine;
use compute_amm_sim::engine::Engine;
use compute_amm_sim::runner::{monte_carlo, run_model, START};
use compute_amm_sim::scenario::Scenario;

fn main() {
    let s =
        Scenario::from_toml(include_str!("../../../scenarios/baseline.toml")).expect("scenario");
    println!(
        "simulator benchmarks — scenario {} ({} days), release build",
        s.name, s.days
    );

    // 1. model engine, one core
    let t = Instant::now();
    let mut actions = 0u64;
    let mut runs = 0;
    while t.elapsed().as_secs_f64() < 3.0 {
        let (_, n, _, _) = run_model(&s, 1_000 + runs, false);
        actions += n;
        runs += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    println!("  model engine, 1 core: {runs} runs, {actions} actions in {secs:.2} s = {:.0} actions/s (agents + market)", actions as f64 / secs);

    // 2. Monte Carlo on all cores
    let seeds: u32 = std::env::var("SIM_BENCH_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let t = Instant::now();
    let (_, _, n) = monte_carlo(&s, seeds, 1, None);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  Monte Carlo: {seeds} seeds x {} days (AMM model + baseline) on {} threads: {secs:.2} s ({n} model actions)",
        s.days,
        rayon::current_num_threads()
    );

    // 3. chain engine: the same agents, every action a transaction (2 days)
    let mut short = s.clone();
    short.days = 2;
    let _quiet = gag::Gag::stdout().ok();
    for check_every in [1u64, 10] {
        let mut ce = ChainEngine::with_checks(amm::genesis(&short, START), check_every);
        let t = Instant::now();
        amm::run(&short, 1, &mut ce);
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "  chain engine, invariants every {check_every} tx: {} transactions in {secs:.2} s = {:.0} tx/s",
            ce.transactions,
            ce.transactions as f64 / secs
        );
        assert!(ce.actions() > 0);
    }
}
