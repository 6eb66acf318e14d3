//! The strategic agents' decision rules, shared by both markets. The AMM run (`amm.rs`) and the naive
//! baseline (`baseline.rs`) call exactly these functions with what their market pays and what it
//! puts at risk; only the market rules (price, payment, escrow, bond, slashing, emissions) differ.
//!
//! Short-run decisions (accept, abandon, cheat) weigh a GPU-hour's **marginal cost** (`cost_usd ×
//! marginal_cost_share`: power, hosting, wear; the hardware is already paid for) against the
//! provider's **outside option** (`outside_share × reference`: what an idle GPU-hour earns renting
//! on the reference clouds, after their fees and idle time). The long-run decision (stay or go) uses
//! the all-in cost (`cost_usd`), as before.
//!
//! - **Accept** a job when what one of its GPU-hours pays (the market's pay, plus the emission a
//!   served hour earns where emissions follow served work) covers the larger of marginal cost and
//!   the outside option ([`accepts`]).
//! - **Abandon** a running job when walking away (the outside option on the remaining hours, less
//!   what walking costs: in the AMM the job's bond, slashed whole; in the naive market nothing)
//!   beats finishing (the remaining pay less the remaining marginal cost) ([`abandons`]).
//! - **Cheat** (fake the result, run nothing) when the marginal cost saved exceeds the expected loss
//!   if the user disputes: the pay withheld plus, in the AMM, the bond ([`cheats`]). Users dispute
//!   bad results with `users.dispute_probability`, which providers know.
//! - **Users** choose between this market and the reference cloud: they buy here with probability
//!   `min(1, (reference / price)^elasticity)` ([`user_buys`]).
//! - **Stay or go**: leave after `churn_after_epochs` epochs in a row of revenue below all-in cost
//!   ([`losing_epoch`]); leavers retire the credits they hold (releasing obligations), move their
//!   free stake into cooldown and withdraw it after the cooldown (AMM).

use crate::scenario::Scenario;

/// What one provider weighs about one job, all in USD at today's prices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobTerms {
    /// Pay per GPU-hour of the job as the provider will receive it (AMM: the credits it is paid,
    /// less the settlement take, at the pool price; naive: the governance price).
    pub pay_per_hour: f64,
    /// Emission a served GPU-hour earns on top (AMM: emissions follow verified work; naive: 0,
    /// since emissions go to capacity whether it serves or not).
    pub emission_per_hour: f64,
    /// What walking away or being caught cheating forfeits beyond the pay (AMM: the job's bond;
    /// naive: 0).
    pub penalty: f64,
}

/// A provider's short-run economics: marginal cost and outside option per GPU-hour, USD.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Economics {
    pub marginal_cost: f64,
    pub outside: f64,
}

impl Economics {
    /// `cost_usd` is the provider's all-in cost per GPU-hour; `reference_usd` today's reference.
    pub fn of(s: &Scenario, cost_usd: f64, reference_usd: f64) -> Self {
        Self {
            marginal_cost: cost_usd * s.providers.marginal_cost_share,
            outside: reference_usd * s.providers.outside_share,
        }
    }

    /// The least a GPU-hour here must earn: marginal cost, or the outside option when larger.
    pub fn floor(&self) -> f64 {
        self.marginal_cost.max(self.outside)
    }
}

/// Accept a job whose GPU-hours pay `t`.
pub fn accepts(e: Economics, t: JobTerms) -> bool {
    t.pay_per_hour + t.emission_per_hour >= e.floor()
}

/// Walk away from a running job with `hours_left` GPU-hours to go.
pub fn abandons(e: Economics, t: JobTerms, hours_left: f64) -> bool {
    let finish = (t.pay_per_hour + t.emission_per_hour - e.marginal_cost) * hours_left;
    let walk = (e.outside - e.marginal_cost).max(0.0) * hours_left - t.penalty;
    walk > finish
}

/// Fake the result of a job of `hours` GPU-hours, when users dispute bad results with
/// `p_dispute`: saved marginal cost against the expected forfeit (pay, emission, penalty).
pub fn cheats(e: Economics, t: JobTerms, hours: f64, p_dispute: f64) -> bool {
    let saved = e.marginal_cost * hours;
    let forfeit = p_dispute * ((t.pay_per_hour + t.emission_per_hour) * hours + t.penalty);
    saved > forfeit
}

/// Probability a user buys here rather than on the reference cloud.
pub fn buy_probability(s: &Scenario, reference_usd: f64, price_usd: f64) -> f64 {
    (reference_usd / price_usd.max(1e-9))
        .powf(s.users.elasticity)
        .clamp(0.0, 1.0)
}

/// Whether a user buys here (one Bernoulli draw on the shared rule).
pub fn user_buys<R: rand::Rng>(
    s: &Scenario,
    rng: &mut R,
    reference_usd: f64,
    price_usd: f64,
) -> bool {
    rng.gen_bool(buy_probability(s, reference_usd, price_usd))
}

/// A new provider enters when the incumbents' mean revenue / all-in cost beats `1 + entry_margin`
/// plus what the stake it must buy costs to hold: `stake_usd_per_gpu` (0 in the naive market, which
/// asks for none) at `providers.stake_capital_cost_per_year`, per GPU-hour of the entrant's mean
/// all-in cost. Without that term, a token whose price runs up would keep drawing entrants who buy
/// ever dearer stake, a bubble no one with a cost of capital joins.
pub fn enters(s: &Scenario, incumbents_ratio: f64, stake_usd_per_gpu: f64) -> bool {
    let p = &s.providers;
    let mean_cost = (p.cost_usd_min + p.cost_usd_max) / 2.0;
    let capital = stake_usd_per_gpu * p.stake_capital_cost_per_year / 365.0;
    let stake_share = if mean_cost > 0.0 {
        capital / (24.0 * mean_cost)
    } else {
        0.0
    };
    incumbents_ratio > 1.0 + p.entry_margin + stake_share
}

/// An epoch whose revenue did not cover the provider's all-in cost.
pub fn losing_epoch(revenue_usd: f64, cost_usd: f64) -> bool {
    cost_usd > 0.0 && revenue_usd < cost_usd
}

#[cfg(test)]
mod tests {
    use super::*;

    const E: Economics = Economics {
        marginal_cost: 1.0,
        outside: 1.2,
    };

    fn terms(pay: f64, emission: f64, penalty: f64) -> JobTerms {
        JobTerms {
            pay_per_hour: pay,
            emission_per_hour: emission,
            penalty,
        }
    }

    #[test]
    fn accepts_when_pay_and_emission_cover_the_larger_of_cost_and_outside() {
        // floor = max(1.0, 1.2) = 1.2
        assert!(accepts(E, terms(1.2, 0.0, 0.0)));
        assert!(!accepts(E, terms(1.19, 0.0, 0.0)));
        // emission tops it up (AMM)
        assert!(accepts(E, terms(1.0, 0.2, 0.0)));
        let cheap_outside = Economics {
            marginal_cost: 1.0,
            outside: 0.5,
        };
        assert!(accepts(cheap_outside, terms(1.0, 0.0, 0.0)));
        assert!(!accepts(cheap_outside, terms(0.99, 0.0, 0.0)));
    }

    #[test]
    fn abandons_when_walking_beats_finishing_and_a_bond_holds_it() {
        // pay fell to 1.1: finish (1.1 - 1.0) * 10 = 1.0; walk (1.2 - 1.0) * 10 = 2.0 > 1.0
        assert!(abandons(E, terms(1.1, 0.0, 0.0), 10.0));
        // a bond of 1.5 makes walking worth 0.5 < 1.0: it stays
        assert!(!abandons(E, terms(1.1, 0.0, 1.5), 10.0));
        // pay below marginal cost: finish -2.0 < walk 2.0 - penalty 3.0 = -1.0 -> walks
        assert!(abandons(E, terms(0.8, 0.0, 3.0), 10.0));
        // ... unless the penalty is larger still: walk 2.0 - 5.0 = -3.0 < -2.0
        assert!(!abandons(E, terms(0.8, 0.0, 5.0), 10.0));
        // an outside option below marginal cost is worth nothing: walk = -penalty
        let idle = Economics {
            marginal_cost: 1.0,
            outside: 0.3,
        };
        assert!(!abandons(idle, terms(1.0, 0.0, 0.0), 10.0));
        assert!(abandons(idle, terms(0.99, 0.0, 0.0), 10.0));
    }

    #[test]
    fn cheats_only_when_the_saved_cost_beats_the_expected_forfeit() {
        // saved 1.0 * 10 = 10; forfeit 0.9 * (1.1 * 10) = 9.9 -> cheats (naive, pay 1.1)
        assert!(cheats(E, terms(1.1, 0.0, 0.0), 10.0, 0.9));
        // pay 1.2: forfeit 10.8 > 10 -> honest
        assert!(!cheats(E, terms(1.2, 0.0, 0.0), 10.0, 0.9));
        // the same pay 1.1 with a bond of 5: forfeit 0.9 * (11 + 5) = 14.4 -> honest (AMM)
        assert!(!cheats(E, terms(1.1, 0.0, 5.0), 10.0, 0.9));
        // nobody disputes: any positive cost saved pays
        assert!(cheats(E, terms(5.0, 0.0, 100.0), 10.0, 0.0));
    }

    #[test]
    fn users_buy_with_the_elasticity_rule_and_losses_need_a_cost() {
        let s =
            crate::scenario::Scenario::from_toml(include_str!("../../../scenarios/baseline.toml"))
                .expect("baseline");
        // elasticity 1.5: price 2x the reference -> 0.5^1.5
        assert!((buy_probability(&s, 1.0, 2.0) - 0.5f64.powf(1.5)).abs() < 1e-12);
        assert_eq!(buy_probability(&s, 2.0, 1.0), 1.0);
        // entry: margin 0.2; mean cost 2.25 USD/GPU-hour = 54 USD per GPU-day; 15%/year on
        // 500 USD of stake = 0.2055 USD a day = 0.38% of 54
        assert!(enters(&s, 1.21, 0.0));
        assert!(!enters(&s, 1.20, 0.0));
        assert!(enters(&s, 1.21, 500.0));
        assert!(!enters(&s, 1.203, 500.0));
        // at 100x the token price the stake costs 38% of the GPU cost: no entry at 1.5
        assert!(!enters(&s, 1.5, 50_000.0));
        assert!(losing_epoch(9.0, 10.0));
        assert!(!losing_epoch(10.0, 10.0));
        assert!(!losing_epoch(0.0, 0.0));
    }
}
