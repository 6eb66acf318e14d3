//! The naive baseline market run on the same scenario, for comparison: a fixed price set by
//! governance (tokens per GPU-hour), FIFO jobs matched to a provider with a free GPU by a rotation
//! from a random start (the AMM run's rule), no stake-backed credits and no slashing, emissions paid
//! to registered capacity whether it is used or not. Payment is on delivery, at the governance price,
//! in tokens; a user who disputes a bad result does not pay (there is no bond and no arbiter beyond
//! that). Same users, same providers, same world, and the same strategic decision rules
//! ([`crate::agents`]): providers refuse, abandon and cheat by what this market pays and risks.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::agents::{self, Economics, JobTerms};
use crate::metrics::EpochMetrics;
use crate::scenario::{EventKind, Scenario};
use crate::world::*;

/// A job running in the naive market.
struct Running {
    provider: usize,
    /// GPU-hours.
    hours: u32,
    /// Hour it finishes.
    done: i64,
    /// A good result (false: a malicious provider or one that chose to cheat).
    good: bool,
}

/// Runs the baseline market; same seed, same world as the AMM run.
pub fn run(s: &Scenario, seed: u64) -> Vec<EpochMetrics> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut world = World::new(s, seed);
    let mut prng = profile_rng(seed);
    let mut profiles: Vec<ProviderProfile> = (0..s.providers.initial)
        .map(|_| ProviderProfile::draw(s, &mut prng))
        .collect();
    // jobs waiting: (gpu-hours, posted at, refused by a provider with a free GPU)
    let mut queue: std::collections::VecDeque<(u32, i64, bool)> = Default::default();
    let mut running: Vec<Running> = vec![];
    let mut out = Vec::with_capacity(s.days as usize);
    let mut emission = s.baseline.emission_tokens;
    let price_tokens = s.baseline.price_tokens;
    let sell = s.token.provider_sell_share;
    for day in 0..s.days {
        let mut m = EpochMetrics {
            epoch: day,
            ..Default::default()
        };
        world.step_day(s, day);
        let cap = capacity_factor(s, day);
        let token_usd = world.token_usd;
        let price_usd = price_tokens * token_usd;
        // what a GPU-hour of a job pays here, and what walking away or cheating risks: nothing
        // beyond the pay (no bond), and no emission for serving (emissions go to capacity)
        let terms = JobTerms {
            pay_per_hour: price_usd,
            emission_per_hour: 0.0,
            penalty: 0.0,
        };
        let mut flows = TokenFlows::default();
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
                if agents::user_buys(s, &mut rng, world.reference_usd, price_usd) {
                    queue.push_back((h, now, false));
                    m.jobs_opened += 1;
                } else {
                    m.unmet_gpu_hours += h as f64;
                }
            }
            // running jobs: finish, or are walked away from when that pays the provider more
            let mut k = 0;
            while k < running.len() {
                let r = &running[k];
                let p = &profiles[r.provider];
                let left = ((r.done - now) as f64 / HOUR as f64).max(0.0);
                let econ = Economics::of(s, p.cost_usd, world.reference_usd);
                if r.done > now {
                    if r.good && agents::abandons(econ, terms, left) {
                        // KPI: walked away from is a failed job; not paid
                        m.jobs_failed += 1;
                        m.jobs_abandoned += 1;
                        running.swap_remove(k);
                    } else {
                        k += 1;
                    }
                    continue;
                }
                let r = running.swap_remove(k);
                let p = &profiles[r.provider];
                // delivered with the provider's reliability; KPI: a finished job is completed
                // with a good result, failed otherwise
                let delivered = rng.gen_bool(p.reliability.clamp(0.0, 1.0));
                let paid = if delivered && r.good {
                    m.jobs_completed += 1;
                    served_hours += f64::from(r.hours);
                    true
                } else {
                    m.jobs_failed += 1;
                    // a bad result is paid unless the user disputes it; nothing delivered, nothing paid
                    delivered && !rng.gen_bool(s.users.dispute_probability.clamp(0.0, 1.0))
                };
                if paid {
                    let pay = f64::from(r.hours) * price_usd;
                    revenue[r.provider] += pay;
                    m.revenue_jobs_usd += pay;
                    // the user bought the tokens it pays with; the provider sells its share
                    flows.bought_usd += pay;
                    flows.sold_usd += pay * sell;
                }
            }
            for p in profiles.iter_mut() {
                p.running.clear();
            }
            for r in &running {
                profiles[r.provider].running.push((0, r.done));
            }
            // FIFO jobs, each to a provider with a free GPU found by a rotation from a random start
            // that accepts it (the AMM run's matching rule and the shared accept rule)
            let n = profiles.len();
            let mut waiting = std::collections::VecDeque::with_capacity(queue.len());
            while let Some((h, posted, refused)) = queue.pop_front() {
                if now - posted > 6 * HOUR {
                    m.jobs_expired += 1;
                    if refused {
                        m.jobs_refused += 1;
                    }
                    continue;
                }
                let start = rng.gen_range(0..n.max(1));
                let mut refused_now = false;
                let taker = (0..n).map(|k| (start + k) % n).find(|&i| {
                    let p = &profiles[i];
                    if !p.active || (p.running.len() as f64) >= (p.gpus as f64 * cap).floor() {
                        return false;
                    }
                    let ok =
                        agents::accepts(Economics::of(s, p.cost_usd, world.reference_usd), terms);
                    refused_now |= !ok;
                    ok
                });
                let Some(i) = taker else {
                    waiting.push_back((h, posted, refused || refused_now));
                    continue;
                };
                let p = &mut profiles[i];
                let done = now + h as i64 * HOUR;
                p.running.push((0, done));
                let econ = Economics::of(s, p.cost_usd, world.reference_usd);
                let cheat = agents::cheats(econ, terms, f64::from(h), s.users.dispute_probability);
                if cheat && !p.malicious {
                    m.jobs_cheated += 1;
                }
                running.push(Running {
                    provider: i,
                    hours: h,
                    done,
                    good: !(p.malicious || cheat),
                });
            }
            queue = waiting;
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
                let got = emission_today * p.gpus as f64 / gpus * token_usd;
                revenue[i] += got;
                m.revenue_emissions_usd += got;
                flows.sold_usd += got * sell;
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
            p.losing_streak = if agents::losing_epoch(revenue[i], cost) {
                p.losing_streak + 1
            } else {
                0
            };
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
        // no stake to buy in the naive market
        if agents::enters(s, mean, 0.0) && target == 0.0 {
            for _ in 0..s.providers.max_entries_per_epoch {
                profiles.push(ProviderProfile::draw(s, &mut prng));
                m.providers_entered += 1;
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
        m.token_usd = token_usd;
        m.net_supply_change_tokens = m.emitted_tokens;
        let flows = world.settle_tokens(s, flows);
        m.token_bought_usd = flows.bought_usd;
        m.token_sold_usd = flows.sold_usd;
        out.push(m);
    }
    out
}
