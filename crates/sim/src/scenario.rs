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
    /// Attacker agents added to the AMM market (none by default; `simulate --wash-farmer`,
    /// `compare --wash-farmer`).
    #[serde(default)]
    pub attackers: Attackers,
}

/// Attacker agents, one per exploit class they play; each reports its profit and loss.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Attackers {
    /// Emission farming with self-dealt work (issue 12, finding 1): a provider key serves, every
    /// day, a job its own second key buys and approves at once, sells the credits it is paid and
    /// claims its emission share. Its P&L (both keys, marked at the pool price) is
    /// `EpochMetrics::attacker_pnl_tokens`.
    #[serde(default)]
    pub wash_farmer: bool,
    /// Buyback sandwiching (finding 6): an extra trader holding credits sells 0.5% of the pool's
    /// credit reserve right before every keeper burn and buys back with the proceeds right after.
    /// Its P&L is measured against simply holding its opening inventory (credits at the current
    /// pool price), so market moves do not count as sandwich gains.
    #[serde(default)]
    pub sandwicher: bool,
    /// The self-slash of finding 2: a provider key accepts, every day, a job its own second key
    /// bought and lets it fail, hoping the slash's compensation and crank reward return its stake
    /// before the cooldown. Its P&L over both keys joins `attacker_pnl_tokens`.
    #[serde(default)]
    pub self_slasher: bool,
    /// Dispute griefing (findings 3 and 4): a user that buys one job a day through the normal
    /// market and disputes every result, good or bad. The arbiter rules on the evidence (a good
    /// result is the user's fault). Its P&L against an honest user (who disputes bad results too):
    /// the bonds its disputes of good work lose, at the pool price; it joins
    /// `attacker_pnl_tokens`.
    #[serde(default)]
    pub dispute_griefer: bool,
    /// Price manipulation around the reward claim: a second wash farmer that also buys credits
    /// for 10% of the pool's tokens right before the epoch's claims (pushing the spot up, hoping to
    /// raise its reward cap) and sells them right after. Its P&L over its keys joins
    /// `attacker_pnl_tokens`.
    #[serde(default)]
    pub twap_manipulator: bool,
    /// Junk milestones (finding 4): a provider key that grabs, every day, a 4-milestone job an
    /// ordinary user opens and, without running anything, submits a junk result for every
    /// milestone as early as the program lets it, claiming whatever the user does not dispute.
    /// The user disputes a bad result with `users.dispute_probability`; the arbiter rules on the
    /// evidence. Its P&L (the provider key's wallet, stake and credits at the pool price) joins
    /// `attacker_pnl_tokens`.
    #[serde(default)]
    pub junk_milestones: bool,
}

/// External cloud price of one GPU-hour of the simulated class (H100): an anchor path times a
/// mean-reverting log deviation. The anchor is `base_usd` (constant), or a dated series replayed from
/// a CSV file (`series`), times the permanent `reference_jump` events so far; the deviation
/// mean-reverts to zero at `mean_reversion` per day with `daily_volatility` noise, plus random jumps
/// (`jumps_per_year`, normal log sizes) and the transient pushes of supply shocks and demand spikes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReferencePrice {
    /// Starting and long-run price, USD per GPU-hour (the anchor when no `series` is given).
    pub base_usd: f64,
    /// Standard deviation of the daily log change.
    pub daily_volatility: f64,
    /// Fraction of the log gap to the anchor closed per day.
    pub mean_reversion: f64,
    /// CSV file with columns `date` (YYYY-MM-DD or YYYY-MM) and `usd_per_gpu_hour` (other columns
    /// ignored): the anchor path, log-linear between dated points, flat before the first and after
    /// the last. Relative to the working directory, else to the repository root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// Keep only rows whose `gpu` column equals this (e.g. "H100").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_gpu: Option<String>,
    /// Date of simulated day 0 on the series (default: its first date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_start: Option<String>,
    /// Calendar days of the series per simulated day (1 = real time; 15 replays ~3.7 years in 90 days).
    #[serde(default = "one")]
    pub series_days_per_day: f64,
    /// Mean number of random jumps of the deviation per 365 days (Poisson); 0 = none.
    #[serde(default)]
    pub jumps_per_year: f64,
    /// Mean and standard deviation of a random jump's log size.
    #[serde(default)]
    pub jump_log_mean: f64,
    #[serde(default)]
    pub jump_log_std: f64,
    /// The loaded series: (day number since 1970-01-01, ln USD), sorted; filled by `from_toml`.
    #[serde(skip)]
    pub points: Vec<(f64, f64)>,
    /// Day number of simulated day 0 on the series.
    #[serde(skip)]
    pub origin: f64,
}

fn one() -> f64 {
    1.0
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` or `YYYY-MM` (the first of the month) as a day number.
pub fn parse_date(s: &str) -> Result<i64, String> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |i: usize| -> Result<i64, String> {
        parts.get(i).map_or(Ok(1), |p| {
            p.parse::<i64>().map_err(|e| format!("date {s:?}: {e}"))
        })
    };
    if parts.len() < 2 || parts.len() > 3 {
        return Err(format!("date {s:?}: expected YYYY-MM-DD or YYYY-MM"));
    }
    let (y, m, d) = (num(0)?, num(1)?, num(2)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(format!("date {s:?}: month or day out of range"));
    }
    Ok(days_from_civil(y, m as u32, d as u32))
}

impl ReferencePrice {
    /// Reads `series` (if any) into `points` and sets `origin`.
    pub fn load_series(&mut self) -> Result<(), String> {
        let Some(file) = &self.series else {
            return Ok(());
        };
        let mut path = std::path::PathBuf::from(file);
        if !path.exists() {
            path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(file);
        }
        let mut r =
            csv::Reader::from_path(&path).map_err(|e| format!("reference series {file}: {e}"))?;
        let h = r.headers().map_err(|e| format!("{file}: {e}"))?.clone();
        let col = |n: &str| h.iter().position(|x| x == n);
        let (Some(dc), Some(pc)) = (col("date"), col("usd_per_gpu_hour")) else {
            return Err(format!(
                "{file}: needs columns `date` and `usd_per_gpu_hour`"
            ));
        };
        let gc = col("gpu");
        let mut pts = vec![];
        for rec in r.records() {
            let rec = rec.map_err(|e| format!("{file}: {e}"))?;
            if let (Some(want), Some(g)) = (&self.series_gpu, gc) {
                if &rec[g] != want.as_str() {
                    continue;
                }
            }
            let usd: f64 = rec[pc]
                .trim()
                .parse()
                .map_err(|e| format!("{file}: price {:?}: {e}", &rec[pc]))?;
            if !(usd > 0.0) {
                return Err(format!("{file}: non-positive price {usd}"));
            }
            pts.push((parse_date(&rec[dc])? as f64, usd.ln()));
        }
        if pts.is_empty() {
            return Err(format!(
                "{file}: no rows (gpu filter {:?})",
                self.series_gpu
            ));
        }
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.origin = match &self.series_start {
            Some(d) => parse_date(d)? as f64,
            None => pts[0].0,
        };
        self.points = pts;
        Ok(())
    }

    /// The anchor path at simulated day `day` (before jump events), USD.
    pub fn anchor_usd(&self, day: f64) -> f64 {
        let pts = &self.points;
        if pts.is_empty() {
            return self.base_usd;
        }
        let t = self.origin + day * self.series_days_per_day;
        let k = pts.partition_point(|p| p.0 <= t);
        if k == 0 {
            return pts[0].1.exp();
        }
        if k == pts.len() {
            return pts[k - 1].1.exp();
        }
        let (a, b) = (pts[k - 1], pts[k]);
        let f = if b.0 > a.0 {
            (t - a.0) / (b.0 - a.0)
        } else {
            1.0
        };
        (a.1 + f * (b.1 - a.1)).exp()
    }
}

/// Protocol token price, USD: exogenous noise and events (a log walk; events can crash it) times
/// the impact of the market's own token flows on the outside token market (`World::settle_tokens`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TokenPrice {
    pub initial_usd: f64,
    pub daily_volatility: f64,
    /// USD reserve of the outside token/USD market, a constant-product pool re-centred each day:
    /// a day's net USD flow `n` moves the price by `((R + n) / R)^2` (buying) or `(R / (R - n))^2`
    /// (selling). 0 = the token price is exogenous.
    #[serde(default)]
    pub depth_usd: f64,
    /// Share of their token income (job pay, credit sales, rewards) providers sell for USD.
    #[serde(default)]
    pub provider_sell_share: f64,
    /// Trend-following speculators: a day's flow is this many USD times the token's 7-day log
    /// return / 0.1, capped at ± this (buying rises, selling falls: the reflexive loop).
    #[serde(default)]
    pub speculator_usd: f64,
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
    /// Share of the all-in cost that running one more GPU-hour costs (power, hosting, wear): the
    /// floor of short-run decisions (`agents`). 0 = providers take any job.
    #[serde(default)]
    pub marginal_cost_share: f64,
    /// Share of the reference price an idle GPU-hour earns elsewhere (the outside option of
    /// `agents`). 0 = no outside option.
    #[serde(default)]
    pub outside_share: f64,
    /// Yearly cost of holding the stake an entrant must buy (its capital's return elsewhere), in
    /// `agents::enters`. 0 = stake is free to hold.
    #[serde(default)]
    pub stake_capital_cost_per_year: f64,
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
    /// Arbitrageurs see the reference price as it was this many hours ago.
    #[serde(default)]
    pub lag_hours: u32,
    /// Cost of a trade (gas, hedging fees, capital), bps of its notional: added to the trading
    /// threshold and charged in the arbitrageurs' P&L.
    #[serde(default)]
    pub cost_bps: u32,
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
    /// The reference price's anchor multiplied by (1 + magnitude) from the start day on (a permanent
    /// jump: −0.3 is a 30% drop the price does not revert from).
    ReferenceJump,
}

impl Scenario {
    /// Parses a scenario and loads its reference series, if it names one.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        let mut s: Scenario = toml::from_str(text)?;
        s.reference
            .load_series()
            .map_err(<toml::de::Error as serde::de::Error>::custom)?;
        Ok(s)
    }

    /// The reference price on day 0 (before the day's noise), USD: where the pool opens.
    pub fn reference_start_usd(&self) -> f64 {
        self.reference.anchor_usd(0.0)
    }

    /// Number of epochs (days).
    pub fn epochs(&self) -> u32 {
        self.days
    }
}
