//! Running scenarios: one seed on either engine, Monte Carlo over seeds on all cores, summaries.

use rayon::prelude::*;

use crate::action::TraceRecord;
use crate::amm;
use crate::engine::{Engine, ModelEngine};
use crate::metrics::{EpochMetrics, RunSummary};
use crate::scenario::Scenario;
use crate::world::DAY;

/// Unix time the simulated market starts at: an epoch boundary (2026-11-22 00:00 UTC).
pub const START: i64 = 1_795_305_600;

/// One seed on the model engine: per-epoch KPIs, the number of actions, and the trace if asked.
pub fn run_model(
    s: &Scenario,
    seed: u64,
    record: bool,
) -> (
    Vec<EpochMetrics>,
    u64,
    Option<Vec<TraceRecord>>,
    ModelEngine,
) {
    let mut e = ModelEngine::new(amm::genesis(s, START), record);
    let m = amm::run(s, seed, &mut e);
    let n = e.actions();
    let trace = e.trace.take();
    (m, n, trace, e)
}

/// Field-wise mean of several runs' per-epoch metrics (runs of equal length).
pub fn mean_epochs(runs: &[Vec<EpochMetrics>]) -> Vec<EpochMetrics> {
    let Some(first) = runs.first() else {
        return vec![];
    };
    (0..first.len())
        .map(|i| {
            let rows: Vec<serde_json::Value> = runs
                .iter()
                .filter_map(|r| r.get(i))
                .map(|m| serde_json::to_value(m).unwrap_or_default())
                .collect();
            let mut out = serde_json::Map::new();
            if let Some(serde_json::Value::Object(o)) = rows.first() {
                for (k, _) in o {
                    let vals: Vec<f64> = rows
                        .iter()
                        .filter_map(|r| r.get(k).and_then(|v| v.as_f64()))
                        .collect();
                    let mean = vals.iter().sum::<f64>() / vals.len().max(1) as f64;
                    let v = if k == "epoch" {
                        serde_json::json!(i)
                    } else {
                        serde_json::json!(mean)
                    };
                    out.insert(k.clone(), v);
                }
            }
            // integer fields round; serde does the conversion back
            let mut v = serde_json::Value::Object(out);
            if let serde_json::Value::Object(o) = &mut v {
                for (_, x) in o.iter_mut() {
                    if let Some(f) = x.as_f64() {
                        if f.fract() != 0.0 {
                            continue;
                        }
                        *x = serde_json::json!(f as i64);
                    }
                }
            }
            serde_json::from_value::<EpochMetrics>(v.clone()).unwrap_or_else(|_| {
                // integer fields with fractional means: round them
                let mut o = v.as_object().cloned().unwrap_or_default();
                for k in [
                    "jobs_opened",
                    "jobs_completed",
                    "jobs_failed",
                    "jobs_expired",
                    "active_providers",
                    "providers_churned",
                    "providers_entered",
                    "active_gpus",
                ] {
                    if let Some(x) = o.get(k).and_then(|x| x.as_f64()) {
                        o.insert(k.to_string(), serde_json::json!(x.round() as u64));
                    }
                }
                serde_json::from_value(serde_json::Value::Object(o)).unwrap_or_default()
            })
        })
        .collect()
}

/// KPIs of one run's epochs.
pub fn summarize(
    s: &Scenario,
    market: &str,
    engine: &str,
    seeds: u32,
    ep: &[EpochMetrics],
) -> RunSummary {
    let n = ep.len().max(1) as f64;
    let logs: Vec<f64> = ep
        .windows(2)
        .filter(|w| w[0].price_usd > 0.0 && w[1].price_usd > 0.0)
        .map(|w| (w[1].price_usd / w[0].price_usd).ln())
        .collect();
    let mean = logs.iter().sum::<f64>() / logs.len().max(1) as f64;
    let vol =
        (logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / logs.len().max(1) as f64).sqrt();
    let completed: f64 = ep.iter().map(|m| m.jobs_completed as f64).sum();
    let failed: f64 = ep
        .iter()
        .map(|m| (m.jobs_failed + m.jobs_expired) as f64)
        .sum();
    let churned: f64 = ep.iter().map(|m| m.providers_churned as f64).sum();
    let entered: f64 = ep.iter().map(|m| m.providers_entered as f64).sum();
    RunSummary {
        scenario: s.name.clone(),
        market: market.into(),
        engine: engine.into(),
        seeds,
        epochs: ep.len() as u32,
        price_volatility: vol,
        mean_abs_price_deviation: ep
            .iter()
            .map(|m| ((m.price_usd - m.reference_usd) / m.reference_usd).abs())
            .sum::<f64>()
            / n,
        job_failure_rate: if completed + failed > 0.0 {
            failed / (completed + failed)
        } else {
            0.0
        },
        jobs_completed: completed,
        provider_churn: churned / (s.providers.initial as f64 + entered).max(1.0),
        mean_real_yield: ep.iter().map(|m| m.real_yield).sum::<f64>() / n,
        total_burned_tokens: ep.iter().map(|m| m.burned_tokens).sum(),
        total_emitted_tokens: ep.iter().map(|m| m.emitted_tokens).sum(),
        total_slashed_tokens: ep.iter().map(|m| m.slashed_tokens).sum(),
        mean_utilization: ep.iter().map(|m| m.utilization).sum::<f64>() / n,
        final_active_providers: ep.last().map(|m| m.active_providers as f64).unwrap_or(0.0),
    }
}

/// Monte Carlo: `seeds` runs of the model (AMM) and the baseline on all cores; returns the mean
/// per-epoch metrics of each and the total number of model actions.
pub fn monte_carlo(
    s: &Scenario,
    seeds: u32,
    first_seed: u64,
    progress: Option<&indicatif::ProgressBar>,
) -> (Vec<EpochMetrics>, Vec<EpochMetrics>, u64) {
    let runs: Vec<(Vec<EpochMetrics>, Vec<EpochMetrics>, u64)> = (0..seeds as u64)
        .into_par_iter()
        .map(|k| {
            let seed = first_seed + k;
            let (amm, n, _, _) = run_model(s, seed, false);
            let base = crate::baseline::run(s, seed);
            if let Some(p) = progress {
                p.inc(1);
            }
            (amm, base, n)
        })
        .collect();
    let actions = runs.iter().map(|r| r.2).sum();
    let amm: Vec<_> = runs.iter().map(|r| r.0.clone()).collect();
    let base: Vec<_> = runs.iter().map(|r| r.1.clone()).collect();
    (mean_epochs(&amm), mean_epochs(&base), actions)
}

/// Seconds in the scenario (for rates).
pub fn scenario_secs(s: &Scenario) -> i64 {
    s.days as i64 * DAY
}
