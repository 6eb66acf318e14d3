//! The world outside the program: the reference price, the token price, scenario events, and the
//! agents' private state (costs, capacity, reliability). Shared by the AMM run and the baseline.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::scenario::{EventKind, Scenario};

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;
/// Base units per whole token / credit (6 decimals).
pub const UNIT: f64 = 1_000_000.0;

/// A provider as the world knows it (the program knows only its stake and obligations).
#[derive(Clone, Debug)]
pub struct ProviderProfile {
    pub gpus: u32,
    /// All-in cost per GPU-hour, USD.
    pub cost_usd: f64,
    /// Probability a job is delivered.
    pub reliability: f64,
    /// Delivers bad results on purpose.
    pub malicious: bool,
    pub active: bool,
    /// Consecutive epochs with revenue below cost.
    pub losing_streak: u32,
    /// Jobs running: (job index, hour it finishes).
    pub running: Vec<(u32, i64)>,
    pub revenue_usd_epoch: f64,
    /// Set when the provider leaves.
    pub left_epoch: Option<u32>,
}

impl ProviderProfile {
    /// A provider key that takes no market jobs (the pool's market maker, an attacker): no GPUs,
    /// never active in matching or in the stay-or-go decisions.
    pub fn idle() -> Self {
        Self {
            gpus: 0,
            cost_usd: f64::MAX,
            reliability: 1.0,
            malicious: false,
            active: false,
            losing_streak: 0,
            running: vec![],
            revenue_usd_epoch: 0.0,
            left_epoch: None,
        }
    }

    pub fn draw(s: &Scenario, rng: &mut ChaCha8Rng) -> Self {
        let p = &s.providers;
        let honest_reliability = rng.gen_range(p.reliability_min.min(1.0)..=1.0);
        Self {
            gpus: rng.gen_range(p.gpus_min..=p.gpus_max.max(p.gpus_min)),
            cost_usd: rng.gen_range(p.cost_usd_min..=p.cost_usd_max.max(p.cost_usd_min)),
            reliability: honest_reliability,
            malicious: rng.gen_bool(p.malicious_fraction.clamp(0.0, 1.0)),
            active: true,
            losing_streak: 0,
            running: vec![],
            revenue_usd_epoch: 0.0,
            left_epoch: None,
        }
    }

    pub fn free_gpus(&self) -> u32 {
        self.gpus.saturating_sub(self.running.len() as u32)
    }
}

/// Exogenous prices and the scenario's events, day by day.
#[derive(Clone, Debug)]
pub struct World {
    pub reference_usd: f64,
    pub token_usd: f64,
    /// Log deviation of the reference from its anchor (mean-reverting).
    dev: f64,
    /// Product of the permanent `reference_jump` events so far.
    level: f64,
    /// Token price at the end of each day so far (after its flows), for the speculators' trend.
    token_history: Vec<f64>,
    /// Reference price of each day so far (`history[d]` after `step_day(d)`), for lagged views.
    history: Vec<f64>,
    start_usd: f64,
    /// The world's own random stream: the AMM run and the baseline see the same prices for a seed.
    rng: ChaCha8Rng,
}

/// Random stream of provider profiles, shared by the AMM run and the baseline for a seed.
pub fn profile_rng(seed: u64) -> ChaCha8Rng {
    use rand::SeedableRng;
    ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15)
}

impl World {
    pub fn new(s: &Scenario, seed: u64) -> Self {
        use rand::SeedableRng;
        let start_usd = s.reference_start_usd();
        Self {
            reference_usd: start_usd,
            token_usd: s.token.initial_usd,
            dev: 0.0,
            level: 1.0,
            history: Vec::with_capacity(s.days as usize),
            token_history: Vec::with_capacity(s.days as usize),
            start_usd,
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5851_f42d_4c95_7f2d),
        }
    }

    /// Moves both prices one day forward, then applies price events starting that day. Reference:
    /// anchor (constant `base_usd` or the replayed series) × permanent jumps × exp(deviation), the
    /// deviation a mean-reverting log walk with random jumps; token: a plain log walk.
    pub fn step_day(&mut self, s: &Scenario, day: u32) {
        let r = &s.reference;
        let rng = &mut self.rng;
        let z: f64 = normal(rng);
        let mut step = -r.mean_reversion * self.dev;
        // supply shocks and demand spikes push the outside price up while they last
        for e in active(s, day) {
            match e.kind {
                EventKind::SupplyShock => {
                    step += -e.magnitude * 0.5 / e.duration_days.max(1) as f64
                }
                EventKind::DemandSpike => step += (e.magnitude - 1.0).max(0.0) * 0.05,
                _ => {}
            }
        }
        self.dev += step + r.daily_volatility * z;
        if r.jumps_per_year > 0.0 {
            for _ in 0..poisson(rng, r.jumps_per_year / 365.0) {
                self.dev += r.jump_log_mean + r.jump_log_std * normal(rng);
            }
        }
        for e in &s.events {
            if e.kind == EventKind::ReferenceJump && e.start_day == day {
                self.level *= (1.0 + e.magnitude).max(0.01);
            }
        }
        self.reference_usd = r.anchor_usd(day as f64) * self.level * self.dev.exp();
        self.history.push(self.reference_usd);
        let zt: f64 = normal(rng);
        self.token_usd *= (s.token.daily_volatility * zt).exp();
        for e in &s.events {
            if e.kind == EventKind::TokenCrash && e.start_day == day {
                self.token_usd *= (1.0 + e.magnitude).max(0.01);
            }
        }
    }

    /// End of day: the market's own token flows (`flows`, USD at today's price) plus the
    /// speculators' trade go through the outside token market and move the token price (a no-op
    /// with `token.depth_usd` 0). Returns the flows with the speculators' part added.
    pub fn settle_tokens(&mut self, s: &Scenario, mut flows: TokenFlows) -> TokenFlows {
        let t = &s.token;
        if t.depth_usd <= 0.0 {
            return flows;
        }
        // trend following on the last week of this market's token price
        if let Some(&week_ago) = self
            .token_history
            .len()
            .checked_sub(SPECULATOR_LOOKBACK_DAYS)
            .and_then(|i| self.token_history.get(i))
        {
            let trend = (self.token_usd / week_ago).ln() / SPECULATOR_FULL_MOVE;
            let spec = t.speculator_usd * trend.clamp(-1.0, 1.0);
            if spec > 0.0 {
                flows.bought_usd += spec;
            } else {
                flows.sold_usd -= spec;
            }
        }
        // a constant-product pool arbitraged to the day's price holds USD in proportion to the
        // square root of the price: depth grows as the token rises and shrinks as it falls
        let depth = t.depth_usd * (self.token_usd / t.initial_usd).max(0.0).sqrt();
        self.token_usd *= impact(depth, flows.bought_usd - flows.sold_usd);
        self.token_history.push(self.token_usd);
        flows
    }

    /// The reference price as someone `lag_hours` behind sees it at `hour` of `day` (each day's price
    /// holds for the whole day; before day 0, the starting price).
    pub fn reference_seen(&self, day: u32, hour: u32, lag_hours: u32) -> f64 {
        let abs = i64::from(day) * 24 + i64::from(hour) - i64::from(lag_hours);
        if abs < 0 {
            return self.start_usd;
        }
        let d = (abs / 24) as usize;
        self.history
            .get(d)
            .or(self.history.last())
            .copied()
            .unwrap_or(self.start_usd)
    }
}

/// Days of token history the speculators' trend looks back over.
pub const SPECULATOR_LOOKBACK_DAYS: usize = 7;
/// The trend (log return over the lookback) at which speculators trade their full `speculator_usd`.
pub const SPECULATOR_FULL_MOVE: f64 = 0.1;
/// Largest factor one day's flows can move the token price by, either way: beyond a halving or a
/// doubling in a day, holders and venues the model does not have (centralized exchanges, OTC
/// desks, long-term holders selling into a rally) would take the other side.
const MAX_IMPACT: f64 = 2.0;

/// One day of one market's trades on the outside token market, USD at the day's token price.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TokenFlows {
    /// Users buying tokens to pay for jobs, entering providers buying stake, speculators.
    pub bought_usd: f64,
    /// Providers selling income, leavers selling withdrawn stake, speculators.
    pub sold_usd: f64,
}

/// Price factor of a net USD flow `net` (buying > 0) through a constant-product token/USD pool with
/// USD reserve `depth`: buying `n` USD gives `((R + n) / R)^2`; selling tokens worth `n` USD at the
/// current price gives `(R / (R + n))^2` (the same formula mirrored, so equal buys and sells cancel).
pub fn impact(depth: f64, net: f64) -> f64 {
    if depth <= 0.0 {
        return 1.0;
    }
    let f = if net >= 0.0 {
        (depth + net) / depth
    } else {
        depth / (depth - net)
    };
    (f * f).clamp(1.0 / MAX_IMPACT, MAX_IMPACT)
}

/// Events active on `day`.
pub fn active(s: &Scenario, day: u32) -> impl Iterator<Item = &crate::scenario::Event> {
    s.events
        .iter()
        .filter(move |e| day >= e.start_day && day < e.start_day + e.duration_days.max(1))
}

/// Product of the magnitudes of active events of `kind` (1.0 if none).
pub fn multiplier(s: &Scenario, day: u32, kind: EventKind) -> f64 {
    active(s, day)
        .filter(|e| e.kind == kind)
        .map(|e| e.magnitude)
        .product()
}

/// Emission multiplier from emission cliffs (permanent from their start) and high-emission periods.
pub fn emission_multiplier(s: &Scenario, day: u32) -> f64 {
    let cliffs: f64 = s
        .events
        .iter()
        .filter(|e| e.kind == EventKind::EmissionCliff && day >= e.start_day)
        .map(|e| e.magnitude)
        .product();
    cliffs * multiplier(s, day, EventKind::HighEmissions)
}

/// Fraction of capacity still online under supply shocks (linear over each shock's duration).
pub fn capacity_factor(s: &Scenario, day: u32) -> f64 {
    s.events
        .iter()
        .filter(|e| e.kind == EventKind::SupplyShock && day >= e.start_day)
        .map(|e| {
            let progress =
                ((day - e.start_day + 1) as f64 / e.duration_days.max(1) as f64).min(1.0);
            1.0 + e.magnitude * progress
        })
        .product::<f64>()
        .max(0.0)
}

/// Fraction of providers forced out by a churn event by `day` (linear).
pub fn churn_target(s: &Scenario, day: u32) -> f64 {
    s.events
        .iter()
        .filter(|e| e.kind == EventKind::ProviderChurn && day >= e.start_day)
        .map(|e| {
            let progress =
                ((day - e.start_day + 1) as f64 / e.duration_days.max(1) as f64).min(1.0);
            -e.magnitude * progress
        })
        .fold(0.0, f64::max)
}

/// Standard normal draw (`rand_distr::StandardNormal`, ziggurat).
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    rng.sample(rand_distr::StandardNormal)
}

/// Poisson draw (`rand_distr::Poisson`); 0 for a non-positive or non-finite mean.
pub fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    match rand_distr::Poisson::new(mean) {
        Ok(d) if mean.is_finite() => {
            let k: f64 = rng.sample(d);
            k as u32
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn scenario() -> Scenario {
        Scenario::from_toml(include_str!("../../../scenarios/baseline.toml")).expect("baseline")
    }

    #[test]
    fn poisson_and_normal_have_their_moments() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let n = 200_000;
        for mean in [0.5, 12.0, 48.0, 150.0] {
            let xs: Vec<f64> = (0..n).map(|_| f64::from(poisson(&mut rng, mean))).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64;
            assert!((m - mean).abs() < 0.02 * mean + 0.01, "mean {m} vs {mean}");
            assert!((v - mean).abs() < 0.05 * mean + 0.02, "var {v} vs {mean}");
        }
        assert_eq!(poisson(&mut rng, 0.0), 0);
        assert_eq!(poisson(&mut rng, -1.0), 0);
        let zs: Vec<f64> = (0..n).map(|_| normal(&mut rng)).collect();
        let m = zs.iter().sum::<f64>() / n as f64;
        let v = zs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.01 && (v - 1.0).abs() < 0.02, "{m} {v}");
    }

    #[test]
    fn same_seed_same_world() {
        let s = scenario();
        let (mut a, mut b) = (World::new(&s, 3), World::new(&s, 3));
        for d in 0..30 {
            a.step_day(&s, d);
            b.step_day(&s, d);
            assert_eq!(a.reference_usd, b.reference_usd);
            assert_eq!(a.token_usd, b.token_usd);
        }
    }

    #[test]
    fn reference_jump_is_permanent_and_lag_shows_the_past() {
        let mut s = scenario();
        s.reference.daily_volatility = 0.0;
        s.events.push(crate::scenario::Event {
            kind: EventKind::ReferenceJump,
            start_day: 5,
            duration_days: 1,
            magnitude: -0.4,
        });
        let mut w = World::new(&s, 1);
        for d in 0..20 {
            w.step_day(&s, d);
            let want = if d < 5 { 2.65 } else { 2.65 * 0.6 };
            assert!(
                (w.reference_usd - want).abs() < 1e-9,
                "day {d}: {}",
                w.reference_usd
            );
        }
        // at hour 3 of day 5, 24 hours behind is day 4 (before the jump); 0 behind is day 5
        assert!((w.reference_seen(5, 3, 24) - 2.65).abs() < 1e-9);
        assert!((w.reference_seen(5, 3, 0) - 2.65 * 0.6).abs() < 1e-9);
        assert!((w.reference_seen(0, 3, 100) - 2.65).abs() < 1e-9);
    }

    #[test]
    fn replayed_series_interpolates_log_linearly_between_dates() {
        let mut s = scenario();
        s.reference.series = Some("data/reference_series.csv".into());
        s.reference.series_gpu = Some("H100".into());
        s.reference.load_series().expect("shipped series loads");
        // 2023-01-01 8.00 -> 2023-03-01 4.70 (59 days): geometric mean halfway
        assert!((s.reference.anchor_usd(0.0) - 8.0).abs() < 1e-9);
        let mid = s.reference.anchor_usd(29.5);
        assert!((mid - (8.0f64 * 4.7).sqrt()).abs() < 1e-9, "{mid}");
        // flat after the last date (2026-09-01, 1.33)
        assert!((s.reference.anchor_usd(5_000.0) - 1.33).abs() < 1e-9);
        s.reference.series_start = Some("2024-10".into());
        s.reference.load_series().expect("loads");
        assert!((s.reference.anchor_usd(0.0) - 2.495).abs() < 1e-9);
        s.reference.series_gpu = Some("B200".into());
        assert!(s.reference.load_series().is_err());
    }

    #[test]
    fn token_flows_move_the_price_through_a_constant_product_market() {
        // R = 1,000,000: buying 10,000 USD -> (1.01)^2 = 1.0201; selling 10,000 -> (1/1.01)^2
        assert!((impact(1e6, 1e4) - 1.0201).abs() < 1e-12);
        assert!((impact(1e6, -1e4) - 1.0 / 1.0201).abs() < 1e-12);
        assert!((impact(1e6, 1e4) * impact(1e6, -1e4) - 1.0).abs() < 1e-12);
        assert_eq!(impact(0.0, 1e9), 1.0);
        assert_eq!(impact(1.0, -1e12), 1.0 / MAX_IMPACT);
        assert_eq!(impact(1.0, 1e12), MAX_IMPACT);
        let mut s = scenario();
        s.token.depth_usd = 1e6;
        s.token.speculator_usd = 0.0;
        let mut w = World::new(&s, 1);
        let out = w.settle_tokens(
            &s,
            TokenFlows {
                bought_usd: 30_000.0,
                sold_usd: 20_000.0,
            },
        );
        assert!((w.token_usd - 1.0201).abs() < 1e-12, "{}", w.token_usd);
        // the next day the pool holds sqrt(1.0201) = 1.01 x the USD: the same buy moves it less
        w.settle_tokens(
            &s,
            TokenFlows {
                bought_usd: 10_000.0,
                sold_usd: 0.0,
            },
        );
        let r: f64 = 1e6 * 1.01;
        assert!((w.token_usd / 1.0201 - ((r + 1e4) / r).powi(2)).abs() < 1e-12);
        assert_eq!(out.bought_usd, 30_000.0);
        // depth 0: exogenous, nothing moves
        s.token.depth_usd = 0.0;
        let mut w = World::new(&s, 1);
        w.settle_tokens(
            &s,
            TokenFlows {
                bought_usd: 1e9,
                sold_usd: 0.0,
            },
        );
        assert_eq!(w.token_usd, 1.0);
    }

    #[test]
    fn speculators_follow_a_weeks_trend_and_amplify_it() {
        let mut s = scenario();
        s.token.depth_usd = 1e6;
        s.token.speculator_usd = 50_000.0;
        let mut w = World::new(&s, 1);
        // a week of steady selling: 10,000 USD a day, no speculators before 7 days of history
        for _ in 0..SPECULATOR_LOOKBACK_DAYS {
            let out = w.settle_tokens(
                &s,
                TokenFlows {
                    bought_usd: 0.0,
                    sold_usd: 10_000.0,
                },
            );
            assert_eq!(out.sold_usd, 10_000.0);
        }
        let before = w.token_usd;
        // 6 days of selling so far in the window: about ln((1/1.0201)^6) = -0.119 <= -0.1 -> full 50,000 sold
        let out = w.settle_tokens(&s, TokenFlows::default());
        assert!((out.sold_usd - 50_000.0).abs() < 1e-9, "{out:?}");
        let r = 1e6 * before.sqrt();
        assert!((w.token_usd / before - (r / (r + 50_000.0)).powi(2)).abs() < 1e-12);
    }

    #[test]
    fn random_jumps_move_the_reference() {
        let mut s = scenario();
        s.reference.daily_volatility = 0.0;
        s.reference.mean_reversion = 0.0;
        s.reference.jumps_per_year = 365.0;
        s.reference.jump_log_mean = -0.1;
        s.reference.jump_log_std = 0.0;
        let mut w = World::new(&s, 9);
        for d in 0..100 {
            w.step_day(&s, d);
        }
        // ~100 jumps of -0.1 in log
        let l = (w.reference_usd / 2.65).ln();
        assert!((-13.0..-7.0).contains(&l), "{l}");
    }
}
