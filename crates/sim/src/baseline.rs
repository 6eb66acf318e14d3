//! The naive baseline market run on the same scenario, for comparison: a fixed price set by
//! governance (tokens per GPU-hour), FIFO jobs matched to a provider with a free GPU by a rotation
//! from a random start (the AMM run's rule), no stake-backed credits and no slashing,
//! emissions paid to registered capacity whether it is used or not. Same users, same providers,
//! same world.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::metrics::EpochMetrics;
use crate::scenario::{EventKind, Scenario};
use crate::world::*;

/// Runs the baseline market; same seed, same world as the AMM run.
pub fn run(s: &Scenario, seed: u64) -> Vec<EpochMetrics> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut world = World::new(s, seed);
    let mut prng = profile_rng(seed);
    let mut profiles: Vec<ProviderProfile> = (0..s.providers.initial)
        .map(|_| ProviderProfile::draw(s, &mut prng))
        .collect();
    let mut queue: std::collections::VecDeque<(u32, i64)> = Default::default(); // (gpu-hours, posted at)
                                                                                // jobs running: (hour it finishes, good result); the outcome counts when it finishes, as in the
                                                                                // AMM run (where it counts when the result is delivered)
    let mut outcomes: Vec<(i64, bool)> = vec![];
    let mut out = Vec::with_capacity(s.days as usize);
    let mut emission = s.baseline.emission_tokens;
    let price_tokens = s.baseline.price_tokens;
    let mut total_entered = 0u32;
    for day in 0..s.days {
        let mut m = EpochMetrics {
            epoch: day,
            ..Default::default()
        };
        world.step_day(s, day);
        let cap = capacity_factor(s, day);
        let price_usd = price_tokens * world.token_usd;
        let mut served_hours = 0.0;
        let mut revenue = vec![0.0; profiles.len()];
        for hour in 0..24i64 {
            let now = day as i64 * DAY + hour * HOUR;
            let demand = s.users.jobs_per_hour * multiplier(s, day, EventKind::DemandSpike);
            for _ in 0..poisson(&mut rng, demand) {
                let h = rng.gen_range(
                    s.users.job_gpu_hours_min
                        ..=s.users.job_gpu_hours_max.max(s.users.job_gpu_hours_min),
                );
                let p_buy = (world.reference_usd / price_usd.max(1e-9))
                    .powf(s.users.elasticity)
                    .min(1.0);
                if rng.gen_bool(p_buy.clamp(0.0, 1.0)) {
                    queue.push_back((h, now));
                    m.jobs_opened += 1;
                } else {
                    m.unmet_gpu_hours += h as f64;
                }
            }
            // FIFO jobs, each to a provider with a free GPU found by a rotation from a random start,
            // the AMM run's matching rule (first-come in registration order would hand every job to
            // the earliest providers and starve the rest into churn: an artefact of the rule)
            for p in profiles.iter_mut() {
                p.running.retain(|(_, done)| *done > now);
            }
            while let Some(&(h, posted)) = queue.front() {
                if now - posted > 6 * HOUR {
                    queue.pop_front();
                    m.jobs_expired += 1;
                    continue;
                }
                let n = profiles.len();
                let start = rng.gen_range(0..n.max(1));
                let Some(i) = (0..n).map(|k| (start + k) % n).find(|&i| {
                    let p = &profiles[i];
                    p.active && (p.running.len() as f64) < (p.gpus as f64 * cap).floor()
                }) else {
                    break;
                };
                queue.pop_front();
                let p = &mut profiles[i];
                p.running.push((0, now + h as i64 * HOUR));
                // no stake, no slashing: bad and failed work is paid like good work and simply fails the user
                let delivered = rng.gen_bool(p.reliability.clamp(0.0, 1.0)) && !p.malicious;
                if delivered {
                    served_hours += h as f64;
                }
                outcomes.push((now + h as i64 * HOUR, delivered));
                revenue[i] += h as f64 * price_usd;
            }
            // KPI: a finished job is completed with a good result; a bad or undelivered one failed
            outcomes.retain(|&(done, good)| {
                if done > now {
                    return true;
                }
                if good {
                    m.jobs_completed += 1;
                } else {
                    m.jobs_failed += 1;
                }
                false
            });
        }
        // emissions to registered capacity, used or not
        let emission_today = emission * emission_multiplier(s, day);
        let gpus: f64 = profiles
            .iter()
            .filter(|p| p.active)
            .map(|p| p.gpus as f64)
            .sum();
        for (i, p) in profiles.iter().enumerate() {
            if p.active && gpus > 0.0 {
                revenue[i] += emission_today * p.gpus as f64 / gpus * world.token_usd;
            }
        }
        m.emitted_tokens = if gpus > 0.0 { emission_today } else { 0.0 };
        emission *= 1.0 - s.market.emission_decay_bps as f64 / 10_000.0;
        // stay or go, as in the AMM run
        let mut ratios = vec![];
        for (i, p) in profiles.iter_mut().enumerate() {
            if !p.active {
                continue;
            }
            let cost = (p.gpus as f64 * cap).floor() * 24.0 * p.cost_usd;
            m.provider_cost_usd += cost;
            m.provider_revenue_usd += revenue[i];
            let ratio = if cost > 0.0 { revenue[i] / cost } else { 1.0 };
            ratios.push(ratio);
            p.losing_streak = if ratio < 1.0 { p.losing_streak + 1 } else { 0 };
            if p.losing_streak >= s.providers.churn_after_epochs {
                p.active = false;
                m.providers_churned += 1;
            }
        }
        let target = churn_target(s, day);
        if target > 0.0 {
            let want = ((1.0 - target) * s.providers.initial as f64).ceil() as usize;
            while profiles.iter().filter(|p| p.active).count() > want {
                if let Some(p) = profiles
                    .iter_mut()
                    .filter(|p| p.active)
                    .max_by(|a, b| a.cost_usd.total_cmp(&b.cost_usd))
                {
                    p.active = false;
                    m.providers_churned += 1;
                }
            }
        }
        let mean = if ratios.is_empty() {
            0.0
        } else {
            ratios.iter().sum::<f64>() / ratios.len() as f64
        };
        if mean > 1.0 + s.providers.entry_margin && target == 0.0 {
            for _ in 0..s.providers.max_entries_per_epoch {
                profiles.push(ProviderProfile::draw(s, &mut prng));
                m.providers_entered += 1;
                total_entered += 1;
            }
        }
        let active: Vec<&ProviderProfile> = profiles.iter().filter(|p| p.active).collect();
        m.active_providers = active.len() as u32;
        m.active_gpus = active
            .iter()
            .map(|p| (p.gpus as f64 * cap).floor() as u32)
            .sum();
        let capacity = m.active_gpus as f64 * 24.0;
        m.utilization = if capacity > 0.0 {
            (served_hours / capacity).min(1.0)
        } else {
            0.0
        };
        let settled = (m.jobs_completed + m.jobs_failed + m.jobs_expired) as f64;
        m.failure_rate = if settled > 0.0 {
            (m.jobs_failed + m.jobs_expired) as f64 / settled
        } else {
            0.0
        };
        m.real_yield = if m.provider_cost_usd > 0.0 {
            m.provider_revenue_usd / m.provider_cost_usd - 1.0
        } else {
            0.0
        };
        m.price_usd = price_usd;
        m.reference_usd = world.reference_usd;
        m.token_usd = world.token_usd;
        m.net_supply_change_tokens = m.emitted_tokens;
        out.push(m);
    }
    let _ = total_entered;
    out
}
