//! The soak: at least `transactions` simulated transactions of mixed scenarios through the program,
//! invariants after every transaction, model-vs-chain agreement on every outcome (the chain engine
//! asserts it per action) and an end-state comparison per run (`ChainEngine::compare`, plus the
//! separate model engine's KPIs against the chain engine's).
//!
//! Runs cycle through the scenarios (and seeds, one more per full cycle) until the target is
//! reached. A run that panics (an invariant violation or a model/chain disagreement: both are
//! bugs) is counted, its message kept, and the soak goes on with the next run.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use compute_amm_harness::env::Executor;
use serde::Serialize;

use crate::amm;
use crate::chain::ChainEngine;
use crate::engine::Engine;
use crate::runner::{run_model, START};
use crate::scenario::Scenario;

/// Soak settings.
#[derive(Clone, Debug)]
pub struct SoakConfig {
    pub transactions: u64,
    /// Simulated days per run.
    pub days: u32,
    pub first_seed: u64,
    pub check_every: u64,
    pub executor: Executor,
}

/// One run of the soak.
#[derive(Clone, Debug, Serialize)]
pub struct SoakRun {
    pub scenario: String,
    pub seed: u64,
    pub transactions: u64,
    pub seconds: f64,
    /// `None` when the run agreed end to end.
    pub failure: Option<String>,
}

/// What the soak did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SoakSummary {
    pub transactions: u64,
    pub runs: Vec<SoakRun>,
    pub invariant_checks: u64,
    /// Runs that stopped on an invariant violation.
    pub invariant_violations: u64,
    /// Runs that stopped on a model/chain disagreement or ended in a different state.
    pub disagreements: u64,
    pub wall_seconds: f64,
    pub tx_per_sec: f64,
    /// Throughput of each tenth of the soak's transactions, in order (tx/s).
    pub tenths_tx_per_sec: Vec<f64>,
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}

/// Runs the soak over `scenarios` (name, scenario). `progress` advances per transaction.
pub fn run(
    cfg: &SoakConfig,
    scenarios: &[(String, Scenario)],
    progress: Option<&indicatif::ProgressBar>,
) -> SoakSummary {
    assert!(!scenarios.is_empty(), "no scenarios");
    let started = Instant::now();
    let mut summary = SoakSummary::default();
    // wall time at which each tenth of the target was crossed, taken after every transaction
    let tenth = (cfg.transactions / 10).max(1);
    let meter = std::rc::Rc::new(std::cell::RefCell::new((0u64, Vec::<f64>::new())));
    let mut k = 0usize;
    while summary.transactions < cfg.transactions {
        let (name, base) = &scenarios[k % scenarios.len()];
        let seed = cfg.first_seed + (k / scenarios.len()) as u64;
        k += 1;
        let mut s = base.clone();
        s.days = cfg.days;
        let t0 = Instant::now();
        let (model_epochs, ..) = run_model(&s, seed, false);
        let mut ce =
            ChainEngine::with_executor(amm::genesis(&s, START), cfg.check_every, cfg.executor);
        ce.env.last_logs = Vec::new();
        if let Some(lane) = ce.env.lane.as_mut() {
            lane.record_logs = false; // the soak decodes no events
        }
        let done_before = summary.transactions;
        ce.progress = progress.cloned();
        let m = meter.clone();
        ce.tick = Some(Box::new(move || {
            let mut m = m.borrow_mut();
            m.0 += 1;
            if m.0 % tenth == 0 && m.1.len() < 10 {
                m.1.push(started.elapsed().as_secs_f64());
            }
        }));
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let ep = amm::run(&s, seed, &mut ce);
            ce.compare()?;
            if ep != model_epochs {
                return Err("model engine and chain engine KPIs differ".to_string());
            }
            Ok(())
        }));
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => {
                summary.disagreements += 1;
                Some(e)
            }
            Err(p) => {
                let text = panic_text(&*p);
                if text.starts_with("invariant violated") || text.contains("changed state") {
                    summary.invariant_violations += 1;
                } else {
                    summary.disagreements += 1;
                }
                Some(text)
            }
        };
        let n = ce.transactions;
        summary.transactions += n;
        summary.invariant_checks += ce.env.stats.invariant_checks;
        summary.runs.push(SoakRun {
            scenario: name.clone(),
            seed,
            transactions: n,
            seconds: t0.elapsed().as_secs_f64(),
            failure,
        });
        let _ = (done_before, ce.actions());
    }
    let marks = meter.borrow().1.clone();
    summary.wall_seconds = started.elapsed().as_secs_f64();
    summary.tx_per_sec = summary.transactions as f64 / summary.wall_seconds;
    let mut prev = 0.0;
    for m in marks {
        summary.tenths_tx_per_sec.push(tenth as f64 / (m - prev));
        prev = m;
    }
    summary
}
