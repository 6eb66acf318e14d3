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
        Self {
            reference_usd: s.reference.base_usd,
            token_usd: s.token.initial_usd,
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5851_f42d_4c95_7f2d),
        }
    }

    /// Moves both prices one day forward (mean-reverting log walk for the reference; a plain log walk
    /// for the token), then applies price events starting that day.
    pub fn step_day(&mut self, s: &Scenario, day: u32) {
        let rng = &mut self.rng;
        let z: f64 = normal(rng);
        let gap = (s.reference.base_usd / self.reference_usd).ln();
        let mut drift = s.reference.mean_reversion * gap;
        // supply shocks and demand spikes push the outside price up while they last
        for e in active(s, day) {
            match e.kind {
                EventKind::SupplyShock => {
                    drift += -e.magnitude * 0.5 / e.duration_days.max(1) as f64
                }
                EventKind::DemandSpike => drift += (e.magnitude - 1.0).max(0.0) * 0.05,
                _ => {}
            }
        }
        self.reference_usd *= (drift + s.reference.daily_volatility * z).exp();
        let zt: f64 = normal(rng);
        self.token_usd *= (s.token.daily_volatility * zt).exp();
        for e in &s.events {
            if e.kind == EventKind::TokenCrash && e.start_day == day {
                self.token_usd *= (1.0 + e.magnitude).max(0.01);
            }
        }
    }
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

/// Standard normal draw (Box–Muller; rand_distr would add a dependency for one function).
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Poisson draw by inversion (means here are small: tens per hour).
pub fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 60.0 {
        return (mean + mean.sqrt() * normal(rng)).round().max(0.0) as u32;
    }
    let l = (-mean).exp();
    let mut k = 0u32;
    let mut p = 1.0;
    loop {
        p *= rng.gen::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}
