//! Per-epoch metrics, the KPIs of one run, and their summary over seeds: what the report shows, side
//! by side for the AMM and the naive baseline.
//!
//! Every KPI is computed on each seed's own run ([`RunSummary::of_run`]); a multi-seed result is the
//! distribution of those per-seed values ([`Spread`]: mean, p5, p50, p95) and, per KPI with a
//! direction, the share of paired seeds (same seed for both markets) where the AMM is strictly better
//! ([`compare`]). No KPI is computed on a path averaged over seeds; [`mean_path`] exists for charts.

use serde::{Deserialize, Serialize};

/// One epoch (one day) of one run. Money in USD unless the name says tokens; GPU-hours in hours.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EpochMetrics {
    pub epoch: u32,
    /// Market price of a GPU-hour (AMM: pool price converted to USD; baseline: the governance price).
    pub price_usd: f64,
    /// External cloud reference price of a GPU-hour.
    pub reference_usd: f64,
    /// Protocol token price.
    pub token_usd: f64,
    /// GPU-hours served / GPU-hours of capacity offered.
    pub utilization: f64,
    pub jobs_opened: u32,
    pub jobs_completed: u32,
    pub jobs_failed: u32,
    pub jobs_expired: u32,
    /// (failed + expired) / settled.
    pub failure_rate: f64,
    pub active_providers: u32,
    pub providers_churned: u32,
    pub providers_entered: u32,
    pub active_gpus: u32,
    /// Providers' revenue this epoch (job payments + emissions), USD.
    pub provider_revenue_usd: f64,
    /// Providers' cost this epoch (capacity × cost per GPU-hour), USD.
    pub provider_cost_usd: f64,
    /// revenue / cost − 1.
    pub real_yield: f64,
    pub staked_tokens: f64,
    pub slashed_tokens: f64,
    /// Protocol tokens burned this epoch: fee burns plus the burned share of slashes.
    pub burned_tokens: f64,
    /// The fee-burn part of `burned_tokens` (swap fees and the settlement take, bought back and
    /// burned): what the reward cap bounds emissions by.
    pub fee_burned_tokens: f64,
    pub emitted_tokens: f64,
    /// emitted − burned this epoch.
    pub net_supply_change_tokens: f64,
    /// Value of one LP share, USD (AMM only; 0 for the baseline).
    pub lp_share_value_usd: f64,
    /// Unmet demand: GPU-hours users wanted but did not buy.
    pub unmet_gpu_hours: f64,
    /// Arbitrageurs' cumulative P&L since the start, USD, net of trade costs (AMM only).
    pub arb_pnl_usd: f64,
    /// The attacker agents' cumulative P&L since the start, protocol tokens, every key they
    /// control marked at the pool price (AMM only; 0 without attackers).
    pub attacker_pnl_tokens: f64,
    /// Providers' revenue from jobs they served (USD at the token price of the sale).
    pub revenue_jobs_usd: f64,
    /// Providers' revenue from emissions (AMM: rewards claimed for verified work; naive: paid to
    /// registered capacity).
    pub revenue_emissions_usd: f64,
    /// Providers' revenue from selling newly minted credits (AMM only).
    pub revenue_credit_sales_usd: f64,
    /// Collateral coverage: stake value / value of outstanding credits at the pool price (AMM
    /// only; 0 with no credits outstanding or in the naive market).
    pub collateral_coverage: f64,
    /// Protocol tokens sold on the outside token market this epoch (providers covering costs,
    /// leaving stakers, speculators), USD.
    pub token_sold_usd: f64,
    /// Protocol tokens bought on the outside token market this epoch (users paying for jobs,
    /// entering stakers, speculators), USD.
    pub token_bought_usd: f64,
    /// Jobs a provider refused (pay below its cost or its outside option) this epoch.
    pub jobs_refused: u32,
    /// Running jobs a provider walked away from (finishing paid less than leaving) this epoch.
    pub jobs_abandoned: u32,
    /// Results a provider chose to fake (cheating paid more than its expected penalty) this epoch.
    pub jobs_cheated: u32,
}

/// KPIs of one seed's run of one market, every one computed from that run's own epochs (never from a
/// path averaged over seeds). In `summary.json` the `amm` / `baseline` objects hold, field by field, the
/// mean over seeds of these per-seed values; the spread is in `kpis`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub scenario: String,
    /// "amm" or "baseline".
    pub market: String,
    /// "model" or "chain".
    pub engine: String,
    pub seeds: u32,
    pub epochs: u32,
    /// Population standard deviation of the daily log changes of the GPU-hour price.
    pub price_volatility: f64,
    /// Mean over epochs of |price − reference| / reference.
    pub mean_abs_price_deviation: f64,
    /// (failed + expired) / (completed + failed + expired), summed over the run.
    pub job_failure_rate: f64,
    pub jobs_completed: f64,
    /// Providers that left / providers ever active (the scenario's initial providers plus those that
    /// entered during the run).
    pub provider_churn: f64,
    /// Mean over epochs of the daily real yield (revenue / cost − 1).
    pub mean_real_yield: f64,
    pub total_burned_tokens: f64,
    pub total_emitted_tokens: f64,
    pub total_slashed_tokens: f64,
    pub mean_utilization: f64,
    pub final_active_providers: f64,
    /// The worst day's real yield (revenue / cost − 1) after the first [`WARMUP_EPOCHS`]: where
    /// a token dip during running jobs shows.
    #[serde(default)]
    pub worst_real_yield: f64,
    /// Token price at the last epoch / at the first − 1 (each market moves its own token).
    #[serde(default)]
    pub token_change: f64,
}

impl RunSummary {
    /// The KPIs of one run: `ep` are the epochs of one seed of one market; `initial_providers` is the
    /// number of providers active before the first epoch (not counted in `providers_entered`).
    pub fn of_run(
        scenario: &str,
        market: &str,
        engine: &str,
        initial_providers: u32,
        ep: &[EpochMetrics],
    ) -> RunSummary {
        let n = ep.len().max(1) as f64;
        let logs: Vec<f64> = ep
            .windows(2)
            .filter(|w| w[0].price_usd > 0.0 && w[1].price_usd > 0.0)
            .map(|w| (w[1].price_usd / w[0].price_usd).ln())
            .collect();
        let mean_log = logs.iter().sum::<f64>() / logs.len().max(1) as f64;
        let vol = (logs.iter().map(|x| (x - mean_log).powi(2)).sum::<f64>()
            / logs.len().max(1) as f64)
            .sqrt();
        let completed: f64 = ep.iter().map(|m| f64::from(m.jobs_completed)).sum();
        let failed: f64 = ep
            .iter()
            .map(|m| f64::from(m.jobs_failed) + f64::from(m.jobs_expired))
            .sum();
        let churned: f64 = ep.iter().map(|m| f64::from(m.providers_churned)).sum();
        let entered: f64 = ep.iter().map(|m| f64::from(m.providers_entered)).sum();
        let ever = f64::from(initial_providers) + entered;
        RunSummary {
            scenario: scenario.into(),
            market: market.into(),
            engine: engine.into(),
            seeds: 1,
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
            provider_churn: if ever > 0.0 { churned / ever } else { 0.0 },
            mean_real_yield: ep.iter().map(|m| m.real_yield).sum::<f64>() / n,
            total_burned_tokens: ep.iter().map(|m| m.burned_tokens).sum(),
            total_emitted_tokens: ep.iter().map(|m| m.emitted_tokens).sum(),
            total_slashed_tokens: ep.iter().map(|m| m.slashed_tokens).sum(),
            mean_utilization: ep.iter().map(|m| m.utilization).sum::<f64>() / n,
            final_active_providers: ep
                .last()
                .map(|m| f64::from(m.active_providers))
                .unwrap_or(0.0),
            // NaN (left out of summaries) when the run is no longer than the warm-up
            worst_real_yield: ep
                .iter()
                .skip(WARMUP_EPOCHS)
                .map(|m| m.real_yield)
                .reduce(f64::min)
                .unwrap_or(f64::NAN),
            token_change: match (ep.first(), ep.last()) {
                (Some(a), Some(b)) if a.token_usd > 0.0 => b.token_usd / a.token_usd - 1.0,
                _ => 0.0,
            },
        }
    }

    /// Field-wise mean of per-seed KPIs (each KPI was computed on its own seed first). Non-finite
    /// values are left out of a field's mean. Text fields come from the first run; `seeds` is the
    /// number of runs.
    pub fn mean_of(runs: &[RunSummary]) -> RunSummary {
        let Some(first) = runs.first() else {
            return RunSummary::default();
        };
        let mut out = first.clone();
        out.seeds = runs.len() as u32;
        for k in KPIS {
            (k.set)(&mut out, mean(&runs.iter().map(k.get).collect::<Vec<_>>()));
        }
        out
    }
}

/// Epochs the worst-day KPI leaves out: the AMM's emissions are capped by the fee burn, which starts
/// from zero, and its first job payments wait for results and challenge windows, so its real yield
/// is negative on days 0-3 (measured: 200 seeds of `baseline`, mean -25%, -30%, -35%, -12%, then
/// +29%, +46%); the worst day would measure that start-up, not a shock.
pub const WARMUP_EPOCHS: usize = 4;

/// Which way a KPI is better, for the paired-seed win share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Lower,
    Higher,
    /// No direction (token totals): no win share is reported.
    Neither,
}

/// One KPI of [`RunSummary`]: its field name, a label, its direction and how it is shown.
pub struct Kpi {
    /// The [`RunSummary`] field.
    pub name: &'static str,
    pub label: &'static str,
    pub better: Better,
    /// Shown as a percentage.
    pub percent: bool,
    pub get: fn(&RunSummary) -> f64,
    set: fn(&mut RunSummary, f64),
}

macro_rules! kpi {
    ($field:ident, $label:expr, $better:expr, $percent:expr) => {
        Kpi {
            name: stringify!($field),
            label: $label,
            better: $better,
            percent: $percent,
            get: |s| s.$field,
            set: |s, v| s.$field = v,
        }
    };
}

/// Every KPI, in the order the tables show them.
pub const KPIS: &[Kpi] = &[
    kpi!(
        price_volatility,
        "Price volatility (std of daily log change)",
        Better::Lower,
        true
    ),
    kpi!(
        mean_abs_price_deviation,
        "Mean |price - reference| / reference",
        Better::Lower,
        true
    ),
    kpi!(job_failure_rate, "Job failure rate", Better::Lower, true),
    kpi!(jobs_completed, "Jobs completed", Better::Higher, false),
    kpi!(
        provider_churn,
        "Provider churn (left / ever active)",
        Better::Lower,
        true
    ),
    kpi!(
        mean_real_yield,
        "Mean real yield (revenue / cost - 1)",
        Better::Higher,
        true
    ),
    kpi!(
        total_burned_tokens,
        "Total burned tokens",
        Better::Neither,
        false
    ),
    kpi!(
        total_emitted_tokens,
        "Total emitted tokens",
        Better::Neither,
        false
    ),
    kpi!(
        total_slashed_tokens,
        "Total slashed tokens",
        Better::Neither,
        false
    ),
    kpi!(mean_utilization, "Mean utilization", Better::Higher, true),
    kpi!(
        final_active_providers,
        "Final active providers",
        Better::Higher,
        false
    ),
    kpi!(
        worst_real_yield,
        "Worst day's real yield after day 3",
        Better::Higher,
        true
    ),
    kpi!(
        token_change,
        "Token price change over the run",
        Better::Neither,
        true
    ),
];

/// Distribution of one KPI over seeds (non-finite values left out; all NaN when none is finite).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    /// Number of finite per-seed values summarized.
    pub n: u32,
}

/// Mean of the finite values (NaN if there are none).
pub fn mean(values: &[f64]) -> f64 {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        f64::NAN
    } else {
        finite.iter().sum::<f64>() / finite.len() as f64
    }
}

/// The `q` quantile (0..=1) of ascending `sorted` values, by linear interpolation between the two
/// closest ranks (Hyndman–Fan type 7, the default of R and NumPy): position h = (n − 1)·q, value
/// x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). NaN for no values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

impl Spread {
    pub fn of(values: &[f64]) -> Spread {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        Spread {
            mean: mean(&v),
            p5: quantile(&v, 0.05),
            p50: quantile(&v, 0.50),
            p95: quantile(&v, 0.95),
            n: v.len() as u32,
        }
    }
}

/// One KPI across seeds for both markets, with the paired-seed comparison (seed k of the AMM against
/// seed k of the baseline: same seed, same world, same users and providers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiComparison {
    pub kpi: String,
    pub label: String,
    pub better: Better,
    pub amm: Spread,
    pub baseline: Spread,
    /// Share of paired seeds where the AMM's value is strictly better (None for KPIs without a
    /// direction, or no pair with both values finite).
    pub amm_better_share: Option<f64>,
    /// Share of paired seeds where both markets have exactly the same value.
    pub tie_share: Option<f64>,
    /// Pairs compared (both values finite).
    pub pairs: u32,
}

/// Every KPI of [`KPIS`] across seeds: `amm[k]` and `baseline[k]` must be the same seed.
pub fn compare(amm: &[RunSummary], baseline: &[RunSummary]) -> Vec<KpiComparison> {
    KPIS.iter()
        .map(|k| {
            let a: Vec<f64> = amm.iter().map(k.get).collect();
            let b: Vec<f64> = baseline.iter().map(k.get).collect();
            let pairs: Vec<(f64, f64)> = a
                .iter()
                .zip(&b)
                .map(|(x, y)| (*x, *y))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect();
            let n = pairs.len() as f64;
            let share = |f: &dyn Fn(f64, f64) -> bool| {
                if k.better == Better::Neither || pairs.is_empty() {
                    None
                } else {
                    Some(pairs.iter().filter(|(x, y)| f(*x, *y)).count() as f64 / n)
                }
            };
            KpiComparison {
                kpi: k.name.into(),
                label: k.label.into(),
                better: k.better,
                amm: Spread::of(&a),
                baseline: Spread::of(&b),
                amm_better_share: share(&|x, y| match k.better {
                    Better::Lower => x < y,
                    Better::Higher => x > y,
                    Better::Neither => false,
                }),
                tie_share: share(&|x, y| x == y),
                pairs: pairs.len() as u32,
            }
        })
        .collect()
}

/// Per-seed KPIs of both markets for a set of seeds, and their cross-seed summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SeedSummary {
    /// The seeds, in the order of `amm` and `baseline`.
    pub seeds: Vec<u64>,
    /// The AMM's KPIs, one entry per seed.
    pub amm: Vec<RunSummary>,
    /// The baseline's KPIs, one entry per seed (same order).
    pub baseline: Vec<RunSummary>,
    pub kpis: Vec<KpiComparison>,
}

impl SeedSummary {
    /// KPIs of every seed's run, then their summary. `amm_runs[k]` and `baseline_runs[k]` are the
    /// epochs of seed `seeds[k]`.
    pub fn of_runs(
        scenario: &str,
        amm_engine: &str,
        initial_providers: u32,
        seeds: &[u64],
        amm_runs: &[Vec<EpochMetrics>],
        baseline_runs: &[Vec<EpochMetrics>],
    ) -> SeedSummary {
        let amm: Vec<RunSummary> = amm_runs
            .iter()
            .map(|r| RunSummary::of_run(scenario, "amm", amm_engine, initial_providers, r))
            .collect();
        let baseline: Vec<RunSummary> = baseline_runs
            .iter()
            .map(|r| RunSummary::of_run(scenario, "baseline", "model", initial_providers, r))
            .collect();
        let kpis = compare(&amm, &baseline);
        SeedSummary {
            seeds: seeds.to_vec(),
            amm,
            baseline,
            kpis,
        }
    }

    /// Field-wise mean over seeds of the AMM's per-seed KPIs.
    pub fn amm_mean(&self) -> RunSummary {
        RunSummary::mean_of(&self.amm)
    }

    /// Field-wise mean over seeds of the baseline's per-seed KPIs.
    pub fn baseline_mean(&self) -> RunSummary {
        RunSummary::mean_of(&self.baseline)
    }
}

/// [`EpochMetrics`] with every field a float: the mean over seeds of one epoch, for charts only (no
/// KPI is computed from it). Counts are averaged, never rounded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeanEpochMetrics {
    pub epoch: f64,
    pub price_usd: f64,
    pub reference_usd: f64,
    pub token_usd: f64,
    pub utilization: f64,
    pub jobs_opened: f64,
    pub jobs_completed: f64,
    pub jobs_failed: f64,
    pub jobs_expired: f64,
    pub failure_rate: f64,
    pub active_providers: f64,
    pub providers_churned: f64,
    pub providers_entered: f64,
    pub active_gpus: f64,
    pub provider_revenue_usd: f64,
    pub provider_cost_usd: f64,
    pub real_yield: f64,
    pub staked_tokens: f64,
    pub slashed_tokens: f64,
    pub burned_tokens: f64,
    pub fee_burned_tokens: f64,
    pub emitted_tokens: f64,
    pub net_supply_change_tokens: f64,
    pub lp_share_value_usd: f64,
    pub unmet_gpu_hours: f64,
    pub arb_pnl_usd: f64,
    pub attacker_pnl_tokens: f64,
    pub revenue_jobs_usd: f64,
    pub revenue_emissions_usd: f64,
    pub revenue_credit_sales_usd: f64,
    pub collateral_coverage: f64,
    pub token_sold_usd: f64,
    pub token_bought_usd: f64,
    pub jobs_refused: f64,
    pub jobs_abandoned: f64,
    pub jobs_cheated: f64,
}

impl From<&EpochMetrics> for MeanEpochMetrics {
    fn from(m: &EpochMetrics) -> Self {
        MeanEpochMetrics {
            epoch: f64::from(m.epoch),
            price_usd: m.price_usd,
            reference_usd: m.reference_usd,
            token_usd: m.token_usd,
            utilization: m.utilization,
            jobs_opened: f64::from(m.jobs_opened),
            jobs_completed: f64::from(m.jobs_completed),
            jobs_failed: f64::from(m.jobs_failed),
            jobs_expired: f64::from(m.jobs_expired),
            failure_rate: m.failure_rate,
            active_providers: f64::from(m.active_providers),
            providers_churned: f64::from(m.providers_churned),
            providers_entered: f64::from(m.providers_entered),
            active_gpus: f64::from(m.active_gpus),
            provider_revenue_usd: m.provider_revenue_usd,
            provider_cost_usd: m.provider_cost_usd,
            real_yield: m.real_yield,
            staked_tokens: m.staked_tokens,
            slashed_tokens: m.slashed_tokens,
            burned_tokens: m.burned_tokens,
            fee_burned_tokens: m.fee_burned_tokens,
            emitted_tokens: m.emitted_tokens,
            net_supply_change_tokens: m.net_supply_change_tokens,
            lp_share_value_usd: m.lp_share_value_usd,
            unmet_gpu_hours: m.unmet_gpu_hours,
            arb_pnl_usd: m.arb_pnl_usd,
            attacker_pnl_tokens: m.attacker_pnl_tokens,
            revenue_jobs_usd: m.revenue_jobs_usd,
            revenue_emissions_usd: m.revenue_emissions_usd,
            revenue_credit_sales_usd: m.revenue_credit_sales_usd,
            collateral_coverage: m.collateral_coverage,
            token_sold_usd: m.token_sold_usd,
            token_bought_usd: m.token_bought_usd,
            jobs_refused: f64::from(m.jobs_refused),
            jobs_abandoned: f64::from(m.jobs_abandoned),
            jobs_cheated: f64::from(m.jobs_cheated),
        }
    }
}

impl MeanEpochMetrics {
    fn add(&mut self, o: &MeanEpochMetrics, w: f64) {
        macro_rules! acc {
            ($($f:ident),*) => { $( self.$f += o.$f * w; )* };
        }
        acc!(
            epoch,
            price_usd,
            reference_usd,
            token_usd,
            utilization,
            jobs_opened,
            jobs_completed,
            jobs_failed,
            jobs_expired,
            failure_rate,
            active_providers,
            providers_churned,
            providers_entered,
            active_gpus,
            provider_revenue_usd,
            provider_cost_usd,
            real_yield,
            staked_tokens,
            slashed_tokens,
            burned_tokens,
            fee_burned_tokens,
            emitted_tokens,
            net_supply_change_tokens,
            lp_share_value_usd,
            unmet_gpu_hours,
            arb_pnl_usd,
            attacker_pnl_tokens,
            revenue_jobs_usd,
            revenue_emissions_usd,
            revenue_credit_sales_usd,
            collateral_coverage,
            token_sold_usd,
            token_bought_usd,
            jobs_refused,
            jobs_abandoned,
            jobs_cheated
        );
    }
}

/// Field-wise mean over runs of each epoch (runs of equal length; a shorter run stops the path), for
/// charts. Every field stays a float.
pub fn mean_path(runs: &[Vec<EpochMetrics>]) -> Vec<MeanEpochMetrics> {
    let len = runs.iter().map(Vec::len).min().unwrap_or(0);
    let w = 1.0 / runs.len().max(1) as f64;
    (0..len)
        .map(|i| {
            let mut m = MeanEpochMetrics::default();
            for r in runs {
                m.add(&MeanEpochMetrics::from(&r[i]), w);
            }
            m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! Every KPI formula on small runs whose expected values are worked out by hand in the comments.
    use super::*;

    fn ep(price: f64, reference: f64) -> EpochMetrics {
        EpochMetrics {
            price_usd: price,
            reference_usd: reference,
            ..Default::default()
        }
    }

    fn kpis(initial: u32, e: &[EpochMetrics]) -> RunSummary {
        RunSummary::of_run("t", "amm", "model", initial, e)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn volatility_is_the_population_std_of_daily_log_changes() {
        // prices 1, 2, 1: log changes +ln 2, -ln 2; mean 0; std = sqrt((ln²2 + ln²2) / 2) = ln 2
        let r = kpis(0, &[ep(1.0, 1.0), ep(2.0, 1.0), ep(1.0, 1.0)]);
        assert!(close(r.price_volatility, 0.693_147_180_559_945_3));
        // prices 1, 2, 4: log changes ln 2, ln 2: std 0
        let r = kpis(0, &[ep(1.0, 1.0), ep(2.0, 1.0), ep(4.0, 1.0)]);
        assert!(close(r.price_volatility, 0.0));
        // prices 1, 1.1, 0.99, 1.089: log changes ln 1.1, ln 0.9, ln 1.1 =
        // 0.0953102, -0.1053605, 0.0953102; mean 0.0284200;
        // deviations 0.0668902, -0.1337805, 0.0668902; squares 0.0044743, 0.0178972, 0.0044743;
        // mean square 0.0089486; std 0.0945972
        let r = kpis(
            0,
            &[ep(1.0, 1.0), ep(1.1, 1.0), ep(0.99, 1.0), ep(1.089, 1.0)],
        );
        assert!(
            (r.price_volatility - 0.094_597_2).abs() < 1e-6,
            "{}",
            r.price_volatility
        );
        // a non-positive price is skipped, not logged
        let r = kpis(0, &[ep(1.0, 1.0), ep(0.0, 1.0), ep(2.0, 1.0)]);
        assert!(close(r.price_volatility, 0.0));
    }

    #[test]
    fn price_deviation_is_the_mean_relative_gap_to_the_reference() {
        // |2 - 2.5| / 2.5 = 0.2, |3 - 2.5| / 2.5 = 0.2, |2.5 - 2.5| / 2.5 = 0: mean 0.4 / 3
        let r = kpis(0, &[ep(2.0, 2.5), ep(3.0, 2.5), ep(2.5, 2.5)]);
        assert!(close(r.mean_abs_price_deviation, 0.4 / 3.0));
    }

    #[test]
    fn failure_rate_counts_failed_and_expired_over_all_settled_jobs() {
        let e = [
            EpochMetrics {
                jobs_completed: 8,
                jobs_failed: 1,
                jobs_expired: 1,
                // a single epoch's own rate plays no part in the run's rate
                failure_rate: 0.9,
                ..Default::default()
            },
            EpochMetrics {
                jobs_completed: 2,
                jobs_failed: 0,
                jobs_expired: 3,
                ..Default::default()
            },
        ];
        // failed + expired = 1 + 1 + 0 + 3 = 5; settled = 10 + 5 = 15; 5 / 15 = 1/3
        let r = kpis(0, &e);
        assert!(close(r.job_failure_rate, 1.0 / 3.0));
        assert!(close(r.jobs_completed, 10.0));
        // no settled job: rate 0
        assert!(close(
            kpis(0, &[EpochMetrics::default()]).job_failure_rate,
            0.0
        ));
    }

    #[test]
    fn churn_divides_by_initial_plus_entered_once() {
        let e = [
            EpochMetrics {
                providers_entered: 2,
                providers_churned: 1,
                ..Default::default()
            },
            EpochMetrics {
                providers_entered: 3,
                providers_churned: 2,
                active_providers: 12,
                ..Default::default()
            },
        ];
        // ever active = 10 initial + 2 + 3 entered = 15; left = 1 + 2 = 3; 3 / 15 = 0.2
        let r = kpis(10, &e);
        assert!(close(r.provider_churn, 0.2));
        assert!(close(r.final_active_providers, 12.0));
        // nobody ever active: 0
        assert!(close(
            kpis(0, &[EpochMetrics::default()]).provider_churn,
            0.0
        ));
    }

    #[test]
    fn yield_utilization_and_token_totals() {
        let row = |y: f64, u: f64, b: f64, em: f64, sl: f64| EpochMetrics {
            real_yield: y,
            utilization: u,
            burned_tokens: b,
            emitted_tokens: em,
            slashed_tokens: sl,
            ..Default::default()
        };
        let r = kpis(
            0,
            &[
                row(0.1, 0.5, 1.0, 100.0, 0.0),
                row(-0.3, 0.7, 2.5, 90.0, 4.0),
                row(0.5, 0.9, 0.5, 81.0, 0.0),
            ],
        );
        // (0.1 - 0.3 + 0.5) / 3 = 0.1; (0.5 + 0.7 + 0.9) / 3 = 0.7
        assert!(close(r.mean_real_yield, 0.1));
        assert!(close(r.mean_utilization, 0.7));
        // 1 + 2.5 + 0.5 = 4; 100 + 90 + 81 = 271; 4
        assert!(close(r.total_burned_tokens, 4.0));
        assert!(close(r.total_emitted_tokens, 271.0));
        assert!(close(r.total_slashed_tokens, 4.0));
        assert_eq!((r.epochs, r.seeds), (3, 1));
        // every epoch is in the warm-up: no worst day
        assert!(r.worst_real_yield.is_nan());
        let warm: Vec<EpochMetrics> = [-0.9, -0.8, -0.7, -0.6, 0.2, -0.05, 0.1]
            .iter()
            .map(|&y| row(y, 0.5, 0.0, 0.0, 0.0))
            .collect();
        // the first 4 are left out; the worst of 0.2, -0.05, 0.1
        assert!(close(kpis(0, &warm).worst_real_yield, -0.05));
    }

    #[test]
    fn token_change_is_last_over_first_epoch() {
        let tok = |t: f64| EpochMetrics {
            token_usd: t,
            ..Default::default()
        };
        // 0.8 -> 1.2 (through 0.5): 1.2 / 0.8 - 1 = 0.5
        assert!(close(
            kpis(0, &[tok(0.8), tok(0.5), tok(1.2)]).token_change,
            0.5
        ));
        assert!(close(kpis(0, &[tok(2.0), tok(1.0)]).token_change, -0.5));
        assert_eq!(kpis(0, &[]).token_change, 0.0);
    }

    #[test]
    fn quantiles_interpolate_between_closest_ranks() {
        // 10, 20, 30, 40: p5 at rank 3 x 0.05 = 0.15 -> 10 + 0.15 x 10 = 11.5;
        // p50 at 1.5 -> 25; p95 at 2.85 -> 30 + 0.85 x 10 = 38.5; mean 25
        let s = Spread::of(&[40.0, 10.0, 30.0, 20.0]);
        assert!(close(s.p5, 11.5) && close(s.p50, 25.0) && close(s.p95, 38.5));
        assert!(close(s.mean, 25.0));
        assert_eq!(s.n, 4);
        // 1..=21: p5 at rank 1 -> 2, p50 at rank 10 -> 11, p95 at rank 19 -> 20
        let v: Vec<f64> = (1..=21).map(f64::from).collect();
        let s = Spread::of(&v);
        assert!(close(s.p5, 2.0) && close(s.p50, 11.0) && close(s.p95, 20.0));
        // one value: every statistic is that value; a NaN is left out
        let s = Spread::of(&[7.0, f64::NAN]);
        assert!(close(s.p5, 7.0) && close(s.p95, 7.0) && close(s.mean, 7.0));
        assert_eq!(s.n, 1);
        assert!(Spread::of(&[]).mean.is_nan());
    }

    #[test]
    fn kpis_are_per_seed_not_on_the_averaged_path() {
        // seed A: prices 1, 2, 1; seed B: 2, 1, 2. The averaged path 1.5, 1.5, 1.5 has volatility 0;
        // each seed has ln 2 (see above), so the mean over seeds is ln 2.
        let a = vec![ep(1.0, 1.0), ep(2.0, 1.0), ep(1.0, 1.0)];
        let b = vec![ep(2.0, 1.0), ep(1.0, 1.0), ep(2.0, 1.0)];
        // tracking error: A sits 10% above a reference of 1.0 every day, B 10% below; the averaged
        // path sits on the reference (deviation 0), each seed is 0.1 off.
        let c = vec![ep(1.1, 1.0), ep(1.1, 1.0), ep(1.1, 1.0)];
        let d = vec![ep(0.9, 1.0), ep(0.9, 1.0), ep(0.9, 1.0)];
        let s = SeedSummary::of_runs("t", "model", 0, &[1, 2], &[a, b], &[c, d]);
        let vol = &s.kpis[0];
        assert_eq!(vol.kpi, "price_volatility");
        assert!(close(vol.amm.mean, std::f64::consts::LN_2));
        let dev = &s.kpis[1];
        assert_eq!(dev.kpi, "mean_abs_price_deviation");
        assert!((dev.baseline.mean - 0.1).abs() < 1e-12);
        // the averaged path is flat at 1.5 (AMM) and on the reference (baseline)
        let a = mean_path(&[
            vec![ep(1.0, 1.0), ep(2.0, 1.0), ep(1.0, 1.0)],
            vec![ep(2.0, 1.0), ep(1.0, 1.0), ep(2.0, 1.0)],
        ]);
        assert!(a.iter().all(|m| close(m.price_usd, 1.5)));
        // AMM better (lower volatility) in no seed: ln 2 vs 0 in both
        assert_eq!(vol.amm_better_share, Some(0.0));
    }

    #[test]
    fn churn_is_not_rounded_across_seeds() {
        // seed 1: 10 initial, 1 left -> 0.1; seed 2: 10 initial, 0 left -> 0; mean 0.05.
        // (A mean path would hold 0.5 providers churned, rounded to 0 or 1 in an integer field.)
        let one = vec![EpochMetrics {
            providers_churned: 1,
            ..Default::default()
        }];
        let none = vec![EpochMetrics::default()];
        let s = SeedSummary::of_runs(
            "t",
            "model",
            10,
            &[1, 2],
            &[one.clone(), none.clone()],
            &[none, one],
        );
        let churn = s.kpis.iter().find(|k| k.kpi == "provider_churn").unwrap();
        assert!(close(churn.amm.mean, 0.05));
        // the mean path keeps 0.5 churned
        let path = mean_path(&[
            vec![EpochMetrics {
                providers_churned: 1,
                ..Default::default()
            }],
            vec![EpochMetrics::default()],
        ]);
        assert!(close(path[0].providers_churned, 0.5));
        // seed 1: AMM 0.1 vs baseline 0 (worse); seed 2: 0 vs 0.1 (better): better in 1 of 2
        assert_eq!(churn.amm_better_share, Some(0.5));
        assert_eq!(churn.tie_share, Some(0.0));
    }

    #[test]
    fn paired_win_share_follows_each_kpis_direction() {
        let run = |fr: f64, completed: f64, burned: f64| RunSummary {
            job_failure_rate: fr,
            jobs_completed: completed,
            total_burned_tokens: burned,
            ..Default::default()
        };
        // failure rate (lower is better): AMM 0.1 0.2 0.3 0.4 vs 0.2 0.2 0.1 0.5:
        // better in seeds 1 and 4 (2 of 4 = 0.5), tie in seed 2 (0.25)
        // jobs completed (higher is better): 5 5 5 5 vs 4 6 6 6: better in 1 of 4 (0.25)
        let amm = [
            run(0.1, 5.0, 1.0),
            run(0.2, 5.0, 1.0),
            run(0.3, 5.0, 1.0),
            run(0.4, 5.0, 1.0),
        ];
        let base = [
            run(0.2, 4.0, 0.0),
            run(0.2, 6.0, 0.0),
            run(0.1, 6.0, 0.0),
            run(0.5, 6.0, 0.0),
        ];
        let c = compare(&amm, &base);
        let get = |name: &str| c.iter().find(|k| k.kpi == name).unwrap();
        assert_eq!(get("job_failure_rate").amm_better_share, Some(0.5));
        assert_eq!(get("job_failure_rate").tie_share, Some(0.25));
        assert_eq!(get("jobs_completed").amm_better_share, Some(0.25));
        assert_eq!(get("jobs_completed").pairs, 4);
        // token totals have no direction
        assert_eq!(get("total_burned_tokens").amm_better_share, None);
        // AMM failure rates 0.1 0.2 0.3 0.4: mean 0.25, p50 0.25, p5 0.1 + 0.15 x 0.1 = 0.115
        let fr = get("job_failure_rate").amm;
        assert!(close(fr.mean, 0.25) && close(fr.p50, 0.25) && close(fr.p5, 0.115));
        // the field-wise mean of per-seed KPIs
        let m = RunSummary::mean_of(&base);
        assert!(close(m.jobs_completed, 5.5) && close(m.job_failure_rate, 0.25));
        assert_eq!(m.seeds, 4);
    }

    #[test]
    fn every_kpi_reads_its_own_field() {
        let v = serde_json::to_value(RunSummary::default()).unwrap();
        for (i, k) in KPIS.iter().enumerate() {
            assert!(v.get(k.name).is_some(), "{} is a RunSummary field", k.name);
            let mut s = RunSummary::default();
            (k.set)(&mut s, i as f64 + 1.0);
            assert_eq!((k.get)(&s), i as f64 + 1.0);
            assert_eq!(
                serde_json::to_value(&s).unwrap()[k.name],
                serde_json::json!(i as f64 + 1.0)
            );
        }
    }
}
