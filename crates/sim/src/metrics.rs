//! Per-epoch KPIs and the run summary: what the report shows, side by side for the AMM and the naive
//! baseline.

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
    pub burned_tokens: f64,
    pub emitted_tokens: f64,
    /// emitted − burned this epoch.
    pub net_supply_change_tokens: f64,
    /// Value of one LP share, USD (AMM only; 0 for the baseline).
    pub lp_share_value_usd: f64,
    /// Unmet demand: GPU-hours users wanted but did not buy.
    pub unmet_gpu_hours: f64,
}

/// Aggregates of one run (or the mean over seeds).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub scenario: String,
    /// "amm" or "baseline".
    pub market: String,
    /// "model" or "chain".
    pub engine: String,
    pub seeds: u32,
    pub epochs: u32,
    /// Standard deviation of daily log changes of the GPU-hour price.
    pub price_volatility: f64,
    /// Mean |price − reference| / reference.
    pub mean_abs_price_deviation: f64,
    pub job_failure_rate: f64,
    pub jobs_completed: f64,
    /// Providers that left / providers ever active.
    pub provider_churn: f64,
    pub mean_real_yield: f64,
    pub total_burned_tokens: f64,
    pub total_emitted_tokens: f64,
    pub total_slashed_tokens: f64,
    pub mean_utilization: f64,
    pub final_active_providers: f64,
}
