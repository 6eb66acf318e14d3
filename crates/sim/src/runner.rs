//! Running scenarios: one seed on either engine, Monte Carlo over seeds on all cores (every seed's
//! epochs kept, so each KPI is computed per seed and then summarized across seeds).

use rayon::prelude::*;

use crate::action::TraceRecord;
use crate::amm;
use crate::engine::{Engine, ModelEngine};
use crate::metrics::{mean_path, EpochMetrics, MeanEpochMetrics, RunSummary, SeedSummary};
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

/// Every seed's per-epoch metrics of both markets: `amm[k]` and `baseline[k]` are seed `seeds[k]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeedRuns {
    pub seeds: Vec<u64>,
    pub amm: Vec<Vec<EpochMetrics>>,
    pub baseline: Vec<Vec<EpochMetrics>>,
    /// Model actions over all seeds.
    pub actions: u64,
}

impl SeedRuns {
    /// Per-seed KPIs of both markets and their cross-seed summary.
    pub fn summary(&self, s: &Scenario, amm_engine: &str) -> SeedSummary {
        SeedSummary::of_runs(
            &s.name,
            amm_engine,
            s.providers.initial,
            &self.seeds,
            &self.amm,
            &self.baseline,
        )
    }
}

/// Field-wise mean over seeds of each epoch, for charts only: every field stays a float (counts are
/// not rounded), and no KPI is computed from it.
pub fn mean_epochs(runs: &[Vec<EpochMetrics>]) -> Vec<MeanEpochMetrics> {
    mean_path(runs)
}

/// KPIs of one seed's run (`ep`: one market's epochs).
pub fn summarize(s: &Scenario, market: &str, engine: &str, ep: &[EpochMetrics]) -> RunSummary {
    RunSummary::of_run(&s.name, market, engine, s.providers.initial, ep)
}

/// One seed of both markets on the model engine: the AMM's epochs, the baseline's epochs and the
/// number of model actions. What every multi-seed run (and every shard of one) runs per seed.
pub fn run_pair(s: &Scenario, seed: u64) -> (Vec<EpochMetrics>, Vec<EpochMetrics>, u64) {
    let (amm, n, _, _) = run_model(s, seed, false);
    let base = crate::baseline::run(s, seed);
    (amm, base, n)
}

/// Monte Carlo: seeds `first_seed..first_seed + seeds` of the model (AMM) and the baseline on all
/// cores, every seed's epochs kept (in seed order, whatever the thread scheduling).
pub fn monte_carlo_runs(
    s: &Scenario,
    seeds: u32,
    first_seed: u64,
    progress: Option<&indicatif::ProgressBar>,
) -> SeedRuns {
    let runs: Vec<(Vec<EpochMetrics>, Vec<EpochMetrics>, u64)> = (0..seeds as u64)
        .into_par_iter()
        .map(|k| {
            let r = run_pair(s, first_seed + k);
            if let Some(p) = progress {
                p.inc(1);
            }
            r
        })
        .collect();
    let actions = runs.iter().map(|r| r.2).sum();
    let (amm, baseline) = runs.into_iter().map(|r| (r.0, r.1)).unzip();
    SeedRuns {
        seeds: (0..seeds as u64).map(|k| first_seed + k).collect(),
        amm,
        baseline,
        actions,
    }
}

/// Monte Carlo as [`monte_carlo_runs`], returning the mean paths (for charts) of the AMM and the
/// baseline and the number of model actions. KPIs come from [`SeedRuns::summary`], not from these.
pub fn monte_carlo(
    s: &Scenario,
    seeds: u32,
    first_seed: u64,
    progress: Option<&indicatif::ProgressBar>,
) -> (Vec<MeanEpochMetrics>, Vec<MeanEpochMetrics>, u64) {
    let r = monte_carlo_runs(s, seeds, first_seed, progress);
    (mean_path(&r.amm), mean_path(&r.baseline), r.actions)
}

/// Seconds in the scenario (for rates).
pub fn scenario_secs(s: &Scenario) -> i64 {
    s.days as i64 * DAY
}

#[cfg(test)]
mod tests {
    //! How the two markets count jobs and providers, on short runs of the baseline scenario.
    use super::*;
    use crate::scenario::{Event, EventKind};

    fn scenario(days: u32) -> Scenario {
        let mut s = Scenario::from_toml(include_str!("../../../scenarios/baseline.toml"))
            .expect("baseline scenario");
        s.days = days;
        s
    }

    /// No new jobs from `day` on (arrivals × 0), so every job opened before settles by the end.
    fn demand_stops(s: &mut Scenario, day: u32) {
        s.events.push(Event {
            kind: EventKind::DemandSpike,
            start_day: day,
            duration_days: s.days,
            magnitude: 0.0,
        });
    }

    fn total(ep: &[EpochMetrics], f: impl Fn(&EpochMetrics) -> u32) -> u32 {
        ep.iter().map(f).sum()
    }

    /// Opened, completed, failed, expired over the run.
    fn jobs(ep: &[EpochMetrics]) -> (u32, u32, u32, u32) {
        (
            total(ep, |m| m.jobs_opened),
            total(ep, |m| m.jobs_completed),
            total(ep, |m| m.jobs_failed),
            total(ep, |m| m.jobs_expired),
        )
    }

    fn both(s: &Scenario, seed: u64) -> [(&'static str, Vec<EpochMetrics>); 2] {
        [
            ("amm", run_model(s, seed, false).0),
            ("baseline", crate::baseline::run(s, seed)),
        ]
    }

    #[test]
    fn every_opened_job_is_counted_exactly_once() {
        // many cheats, users who dispute them (the dispute bond often cannot be posted: a user holds
        // no credits beyond the job's), unreliable honest providers
        let mut s = scenario(7);
        s.providers.malicious_fraction = 0.3;
        s.providers.reliability_min = 0.8;
        s.users.dispute_probability = 0.9;
        demand_stops(&mut s, 2);
        for seed in [1, 2] {
            for (market, ep) in both(&s, seed) {
                let (opened, completed, failed, expired) = jobs(&ep);
                assert!(
                    opened > 300 && failed > 0,
                    "{market}: {opened} opened, {failed} failed"
                );
                assert_eq!(
                    completed + failed + expired,
                    opened,
                    "{market} seed {seed}: {completed} completed + {failed} failed + {expired} expired"
                );
            }
        }
    }

    #[test]
    fn a_bad_result_is_a_failed_job_whether_disputed_or_not() {
        // every provider delivers every job, and every result is bad
        let mut s = scenario(6);
        s.providers.malicious_fraction = 1.0;
        s.providers.reliability_min = 1.0;
        demand_stops(&mut s, 2);
        for dispute in [0.0, 1.0] {
            s.users.dispute_probability = dispute;
            for (market, ep) in both(&s, 3) {
                let (opened, completed, failed, expired) = jobs(&ep);
                assert_eq!(completed, 0, "{market}, dispute probability {dispute}");
                assert_eq!(
                    failed + expired,
                    opened,
                    "{market}, dispute probability {dispute}"
                );
                let k = summarize(&s, market, "model", &ep);
                assert_eq!(k.job_failure_rate, 1.0, "{market}");
            }
        }
    }

    #[test]
    fn initial_providers_are_not_counted_as_entrants() {
        let s = scenario(1);
        let (ep, ..) = run_model(&s, 5, false);
        // no entry decision on day 0 in the AMM run: the 30 initial providers are not entrants
        assert_eq!(ep[0].providers_entered, 0);
        assert_eq!(ep[0].active_providers, s.providers.initial);
        // a churn event on day 1 of a 2-day run forces ceil(0.95 x 30) = 29 to remain: one of the
        // 30 leaves; entry is closed while the event runs and nobody has lost 3 days yet, so the AMM's
        // churn is 1 / 30 (not 1 / 60 with the initial providers counted twice)
        let mut s = scenario(2);
        s.events.push(Event {
            kind: EventKind::ProviderChurn,
            start_day: 1,
            duration_days: 1,
            magnitude: -0.05,
        });
        let (ep, ..) = run_model(&s, 5, false);
        let k = summarize(&s, "amm", "model", &ep);
        assert_eq!(total(&ep, |m| m.providers_churned), 1);
        assert!(
            (k.provider_churn - 1.0 / 30.0).abs() < 1e-12,
            "{}",
            k.provider_churn
        );
        // both markets: left / (30 + entered)
        for (market, ep) in both(&s, 5) {
            let churned = total(&ep, |m| m.providers_churned);
            let entered = total(&ep, |m| m.providers_entered);
            let k = summarize(&s, market, "model", &ep);
            let expected = f64::from(churned) / f64::from(30 + entered);
            assert!(churned >= 1, "{market}");
            assert!((k.provider_churn - expected).abs() < 1e-12, "{market}");
        }
    }

    #[test]
    fn monte_carlo_keeps_every_seed_in_order() {
        let s = scenario(3);
        let r = monte_carlo_runs(&s, 3, 10, None);
        assert_eq!(r.seeds, vec![10, 11, 12]);
        assert_eq!(r.amm[1], run_model(&s, 11, false).0);
        assert_eq!(r.baseline[2], crate::baseline::run(&s, 12));
        let sum = r.summary(&s, "model");
        assert_eq!((sum.amm.len(), sum.baseline.len()), (3, 3));
        // every KPI summarizes the 3 seeds, but the worst day after the warm-up, which a 3-day
        // run does not have (NaN, left out of the spread)
        for k in &sum.kpis {
            let want = if k.kpi == "worst_real_yield" { 0 } else { 3 };
            assert_eq!((k.amm.n, k.baseline.n), (want, want), "{}", k.kpi);
        }
    }
}
