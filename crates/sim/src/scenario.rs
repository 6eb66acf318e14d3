//! Scenarios as TOML files: every number an agent uses comes from here, documented at its source.

use serde::{Deserialize, Serialize};

/// A whole scenario file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// Length of the run in days; one epoch = one day.
    pub days: u32,
    pub reference: ReferencePrice,
    pub token: TokenPrice,
    pub providers: ProviderParams,
    pub users: UserParams,
    pub arbitrage: ArbitrageParams,
    pub market: MarketSettings,
    pub baseline: BaselineSettings,
    #[serde(default)]
    pub events: Vec<Event>,
}

/// External cloud price of one GPU-hour of the simulated class (H100), a mean-reverting random walk.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReferencePrice {
    /// Starting and long-run price, USD per GPU-hour.
    pub base_usd: f64,
    /// Standard deviation of the daily log change.
    pub daily_volatility: f64,
    /// Fraction of the gap to `base_usd` closed per day.
    pub mean_reversion: f64,
}

/// Protocol token price, USD: an exogenous random walk (events can crash it).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TokenPrice {
    pub initial_usd: f64,
    pub daily_volatility: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProviderParams {
    /// Providers at the start.
    pub initial: u32,
    /// GPUs per provider, uniform in [min, max].
    pub gpus_min: u32,
    pub gpus_max: u32,
    /// All-in cost per GPU-hour (electricity + depreciation), USD, uniform in [min, max].
    pub cost_usd_min: f64,
    pub cost_usd_max: f64,
    /// Probability a job is delivered (honest providers), uniform in [min, 1].
    pub reliability_min: f64,
    /// Fraction of entrants that deliver bad results on purpose.
    pub malicious_fraction: f64,
    /// A provider leaves after this many consecutive epochs with revenue below cost.
    pub churn_after_epochs: u32,
    /// A new provider enters in an epoch when the incumbents' mean revenue/cost exceeds 1 + this.
    pub entry_margin: f64,
    /// Most entrants per epoch.
    pub max_entries_per_epoch: u32,
    /// Protocol tokens each provider stakes per GPU.
    pub stake_tokens_per_gpu: f64,
    /// A provider mints and sells credits when the pool price exceeds its cost by this margin.
    pub mint_margin: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UserParams {
    /// Mean job arrivals per hour (Poisson).
    pub jobs_per_hour: f64,
    /// GPU-hours per job, uniform integer in [min, max].
    pub job_gpu_hours_min: u32,
    pub job_gpu_hours_max: u32,
    /// Price elasticity: a user buys with probability min(1, (reference / price)^elasticity).
    pub elasticity: f64,
    /// Probability a user disputes a bad result (good results are never disputed).
    pub dispute_probability: f64,
    /// Probability a user approves a good milestone at once (else the provider claims after the window).
    pub approve_probability: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ArbitrageParams {
    pub agents: u32,
    /// Trade when the pool price is off the reference by more than this (bps).
    pub threshold_bps: u32,
    /// Fraction of the gap closed per trade.
    pub aggressiveness: f64,
}

/// The on-chain market's parameters for the run (the program's `MarketParams` where they exist).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MarketSettings {
    pub swap_fee_ppm: u32,
    pub protocol_fee_share_ppm: u32,
    /// Protocol tokens of stake per GPU-hour credit.
    pub stake_per_credit_tokens: f64,
    pub slash_cap_bps: u16,
    pub slash_burn_bps: u16,
    /// First epoch's emission, tokens.
    pub emission_initial_tokens: f64,
    pub emission_decay_bps: u16,
    /// Settlement take on released work, basis points (the program's `settlement_fee_bps`); the
    /// program's default when absent.
    #[serde(default = "default_settlement_fee_bps")]
    pub settlement_fee_bps: u16,
    /// Opening pool depth: GPU-hours of credits (and tokens at the reference price).
    pub initial_pool_gpu_hours: f64,
}

fn default_settlement_fee_bps() -> u16 {
    compute_amm_client::params::default_params().settlement_fee_bps
}

/// The naive market the AMM is compared with: a fixed price set by governance, FIFO matching, no
/// stake-backed credits, emissions paid to capacity whether used or not.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BaselineSettings {
    /// Governance price, in tokens per GPU-hour (fixed at the start's reference / token price).
    pub price_tokens: f64,
    /// Emission per epoch, tokens, split by capacity.
    pub emission_tokens: f64,
}

/// A shock applied from `start_day` for `duration_days`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub kind: EventKind,
    pub start_day: u32,
    pub duration_days: u32,
    /// Meaning per kind (see `EventKind`).
    pub magnitude: f64,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Capacity shrinks linearly to (1 + magnitude) over the duration (magnitude −0.4: −40%).
    SupplyShock,
    /// Job arrivals multiplied by `magnitude` during the event (e.g. 4.0).
    DemandSpike,
    /// Token price multiplied by (1 + magnitude) on the start day (−0.3: a 30% crash).
    TokenCrash,
    /// Active providers leave linearly until (1 + magnitude) of them remain.
    ProviderChurn,
    /// Emissions multiplied by `magnitude` from the start day on (0.5: a halving).
    EmissionCliff,
    /// An attacker moves the pool price by `magnitude` (fraction) right before each fee burn.
    BuybackManipulation,
    /// Emissions multiplied by `magnitude` (e.g. 5.0) while fees stay low.
    HighEmissions,
}

impl Scenario {
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// Number of epochs (days).
    pub fn epochs(&self) -> u32 {
        self.days
    }
}
