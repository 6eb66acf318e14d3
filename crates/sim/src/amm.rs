//! One run of the Compute AMM market: the agents' behaviour rules, hour by hour, applied through an
//! [`Engine`] (the model or the real program), with per-epoch KPIs.
//!
//! Behaviour rules (parameters from the scenario file; the strategic decisions are
//! [`crate::agents`], shared with the naive baseline, which differs only in its market rules):
//! - **Users** arrive as a Poisson process (`jobs_per_hour` × demand-spike multiplier). Each wants a
//!   job of `job_gpu_hours` GPU-hours and buys it here with `buy_and_open_job` rather than on the
//!   reference cloud by `agents::user_buys`; a good result is approved at once with
//!   `approve_probability` (else the provider claims after the challenge window); a bad one is
//!   disputed with `dispute_probability`.
//! - **Providers** (capacity, cost, reliability, a malicious fraction) accept open jobs while they
//!   have free GPUs and free stake and the job pays (`agents::accepts`: the credits at the pool
//!   price less the settlement take, plus the emission a served hour earned last epoch); they fake
//!   the result when that pays against the pay and bond they would forfeit (`agents::cheats`), walk
//!   away from a running job when that pays despite the bond (`agents::abandons`), deliver after
//!   the job's hours with probability `reliability` (malicious ones deliver bad results), sell the
//!   credits they earn, and mint + sell new credits when the pool price exceeds their cost by
//!   `mint_margin`. They leave after `churn_after_epochs` losing epochs (retiring the credits they
//!   hold, moving their free stake into cooldown and withdrawing it when the cooldown ends) and
//!   enter when incumbents earn more than `1 + entry_margin` of their cost, buying their stake.
//! - **Token market**: users buy the tokens they spend, entrants their stake; providers sell
//!   `token.provider_sell_share` of what they earn and leavers all they withdraw
//!   (`World::settle_tokens`).
//! - **Arbitrageurs** trade the pool toward the reference price as they see it (`lag_hours` old)
//!   when it is more than `threshold_bps + cost_bps` off, closing `aggressiveness` of the gap; each
//!   trade costs `cost_bps` of its notional (their P&L, marked at the true reference, is reported).
//! - **Keeper** (cranks and arbiter): finalizes epochs, pays rewards claims, burns fees, expires late
//!   jobs, cancels unaccepted ones, and rules disputed bad results against the provider.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::action::{Action, Actor, Side};
use crate::agents::{self, Economics, JobTerms};
use crate::engine::Engine;
use crate::metrics::EpochMetrics;
use crate::model::{ChainState, JobPhase};
use crate::scenario::{EventKind, Scenario};
use crate::world::*;

/// User wallets jobs are spread over (the chain engine creates one keypair each).
pub const USERS: u32 = 8;
/// Tokens each user wallet starts with (enough never to bind: demand is limited by price, not cash).
const USER_TOKENS: f64 = 50_000_000.0;
/// Tokens each arbitrageur starts with.
const ARB_TOKENS: f64 = 2_000_000.0;
/// Time a job waits for a provider, and slack past its running time before it is late.
const ACCEPT_WINDOW: i64 = 6 * HOUR;
/// The wash farmer's stake and daily job (modelling assumption: a small provider's stake, one
/// GPU-day of self-dealt work a day).
const WASH_STAKE_TOKENS: f64 = 2_000.0;
const WASH_JOB_GPU_HOURS: f64 = 24.0;
const COMPLETE_SLACK: i64 = 12 * HOUR;
/// GPU-hours per milestone of a user's job (modelling assumption: a user checks a result every
/// 12 GPU-hours, so the model's 4-48 GPU-hour jobs have 1 to 4 milestones).
const MILESTONE_GPU_HOURS: u32 = 12;

/// Milestones of a user's job of `gpu_hours`: one per started `MILESTONE_GPU_HOURS`, at most the
/// program's `MAX_MILESTONES`.
fn user_milestones(gpu_hours: u32) -> u8 {
    let n = gpu_hours.div_ceil(MILESTONE_GPU_HOURS).max(1);
    n.min(compute_amm::constants::MAX_MILESTONES as u32) as u8
}

/// Milestones of the junk-milestone attacker's jobs (modelling assumption: a day-long job paid in
/// four six-hour parts; the program allows up to `MAX_MILESTONES`).
const JUNK_MILESTONES: u8 = 4;

/// The junk-milestone attacker: its provider key, the ordinary user whose jobs it grabs, its
/// opening value, and the job it holds.
#[derive(Clone, Copy, Debug)]
struct Junk {
    provider: u32,
    user: u32,
    start: f64,
    job: Option<u32>,
}

/// Market parameters of the program for this scenario.
pub fn market_params(s: &Scenario) -> compute_amm::state::MarketParams {
    let m = &s.market;
    // a high-emission regime is a market configured that way from the start
    let high = multiplier(s, 0, EventKind::HighEmissions);
    compute_amm::state::MarketParams {
        swap_fee_ppm: m.swap_fee_ppm,
        protocol_fee_share_ppm: m.protocol_fee_share_ppm,
        challenge_window_secs: HOUR,
        dispute_window_secs: DAY,
        unstake_cooldown_secs: 7 * DAY,
        param_timelock_secs: 8 * DAY,
        stake_per_credit: (m.stake_per_credit_tokens * UNIT) as u64,
        epoch_length_secs: DAY,
        slash_cap_bps: m.slash_cap_bps,
        slash_burn_bps: m.slash_burn_bps,
        crank_reward_bps: 50,
        dispute_bond_bps: 1_000,
        buyback_twap_window_secs: 2 * HOUR,
        buyback_max_deviation_bps: 300,
        emission_initial: (m.emission_initial_tokens * high * UNIT) as u64,
        emission_decay_bps: m.emission_decay_bps,
        emission_cap: 0,
        settlement_fee_bps: m.settlement_fee_bps,
    }
}

/// The starting chain state: a market at the start of an epoch, user and arbitrageur wallets.
pub fn genesis(s: &Scenario, start: i64) -> ChainState {
    let mut st = ChainState::new(market_params(s), start);
    // the wash farmer's second key is one more user
    let users = USERS
        + u32::from(s.attackers.junk_milestones)
        + u32::from(s.attackers.wash_farmer)
        + u32::from(s.attackers.self_slasher)
        + u32::from(s.attackers.dispute_griefer)
        + u32::from(s.attackers.twap_manipulator);
    st.users = vec![Default::default(); users as usize];
    // the sandwicher is one more trader after the arbitrageurs
    let traders = s.arbitrage.agents + u32::from(s.attackers.sandwicher);
    st.arbs = vec![Default::default(); traders as usize];
    st
}

/// Off-chain bookkeeping of a run.
struct Run<'a> {
    s: &'a Scenario,
    rng: ChaCha8Rng,
    prng: ChaCha8Rng,
    world: World,
    profiles: Vec<ProviderProfile>,
    /// Jobs waiting for a provider, FIFO.
    open: Vec<u32>,
    /// Submitted milestones left to the challenge window: (job, provider, milestone, when the
    /// window closes).
    submitted: Vec<(u32, u32, u8, i64)>,
    /// Disputed milestones awaiting the arbiter: (job, whether the result was good, milestone).
    disputed: Vec<(u32, bool, u8)>,
    /// Running jobs' next milestone to deliver (absent: the first).
    progress: std::collections::BTreeMap<u32, u8>,
    /// Accepted jobs the provider failed to deliver: (job, when it can be expired).
    failed: Vec<(u32, i64)>,
    m: EpochMetrics,
    /// Fee burns since the epoch began, base units (`EpochMetrics::fee_burned_tokens`).
    fee_burned_units: u64,
    /// Sum of hourly prices this epoch (the epoch's price is their mean).
    price_sum: f64,
    /// Arbitrageurs' trade costs so far (`arbitrage.cost_bps` of each trade's notional), USD.
    arb_costs_usd: f64,
    /// Arbitrageurs' wallets at the start, tokens and credits (base units), for their P&L.
    arb_start: (u64, u64),
    /// The wash farmer: its provider index, its second key's user index, and the value of both at
    /// the start (tokens, credits at the pool price).
    wash: Option<(u32, u32, f64)>,
    /// The sandwicher: its trader index and its opening inventory (tokens, credits).
    sandwich: Option<(u32, u64, u64)>,
    /// The self-slasher: provider index, second key's user index, opening value (as `wash`).
    slasher: Option<(u32, u32, f64)>,
    /// The dispute griefer's user index and its P&L so far against approving (tokens).
    griefer: Option<(u32, f64)>,
    /// The price manipulator: provider index, second key's user index, opening value (as `wash`).
    pumper: Option<(u32, u32, f64)>,
    /// The junk-milestone attacker.
    junk: Option<Junk>,
    /// Jobs whose provider chose to fake the result (`agents::cheats`).
    faked: std::collections::BTreeSet<u32>,
    /// Open jobs a provider with a free GPU refused (`agents::accepts`), counted if they expire.
    refused: std::collections::BTreeSet<u32>,
    /// Unstake tickets of leavers to withdraw: (provider, ticket id, unlocks at).
    tickets: Vec<(u32, u64, i64)>,
    /// Emission one served GPU-hour earned last epoch, tokens (what `agents::accepts` adds).
    emission_per_hour: f64,
    /// Today's trades on the outside token market.
    flows: TokenFlows,
}

fn tokens(x: f64) -> u64 {
    (x * UNIT).max(0.0) as u64
}

impl<'a> Run<'a> {
    fn price_usd<E: Engine>(&self, e: &E) -> f64 {
        e.state().price_tokens() * self.world.token_usd
    }

    fn act<E: Engine>(&mut self, e: &mut E, a: Action) -> bool {
        e.apply(&a).is_ok()
    }

    /// Provider `i`'s tokens now (to measure revenue from a sale or a claim).
    fn wallet_tokens<E: Engine>(e: &E, i: u32) -> u64 {
        e.state().provider_wallets[i as usize].tokens
    }

    fn setup<E: Engine>(&mut self, e: &mut E) {
        let s = self.s;
        let spc = s.market.stake_per_credit_tokens;
        for u in 0..USERS {
            self.act(
                e,
                Action::Seed {
                    who: Actor::User(u),
                    tokens: tokens(USER_TOKENS),
                },
            );
        }
        for a in 0..s.arbitrage.agents {
            self.act(
                e,
                Action::Seed {
                    who: Actor::Arb(a),
                    tokens: tokens(ARB_TOKENS),
                },
            );
        }
        // provider 0: the market maker that opens the pool at the reference price
        let pool_credits = s.market.initial_pool_gpu_hours;
        let price_tokens = s.reference_start_usd() / s.token.initial_usd;
        self.act(
            e,
            Action::Register {
                provider: 0,
                stake: tokens(pool_credits * spc * 1.1),
            },
        );
        self.profiles.push(ProviderProfile::idle());
        self.act(
            e,
            Action::Seed {
                who: Actor::Provider(0),
                tokens: tokens(pool_credits * price_tokens),
            },
        );
        self.act(
            e,
            Action::MintCredits {
                provider: 0,
                amount: tokens(pool_credits),
            },
        );
        self.act(
            e,
            Action::InitialLiquidity {
                provider: 0,
                credits: tokens(pool_credits),
                tokens: tokens(pool_credits * price_tokens),
            },
        );
        for _ in 0..s.providers.initial {
            self.enter(e);
        }
        // KPI: the initial providers are the churn denominator's `initial`, not entrants
        self.m.providers_entered = 0;
        self.setup_attackers(e);
        // the manipulation attacker buys an inventory of credits up front
        if s.events
            .iter()
            .any(|ev| ev.kind == EventKind::BuybackManipulation)
            && s.arbitrage.agents > 0
        {
            let amount = tokens(pool_credits * price_tokens * 0.1);
            self.act(
                e,
                Action::SwapExactIn {
                    who: Actor::Arb(0),
                    side: Side::BuyCredits,
                    amount_in: amount,
                    min_out: 0,
                },
            );
        }
    }

    /// The wash farmer's keys' value in protocol tokens: wallets, stake (active and cooling down)
    /// and credits at the pool price.
    fn wash_value<E: Engine>(e: &E, provider: u32, user: u32) -> f64 {
        let st = e.state();
        let price = st.price_tokens();
        let w = &st.provider_wallets[provider as usize];
        let u = &st.users[user as usize];
        let p = &st.providers[provider as usize];
        (w.tokens + u.tokens + p.stake + p.pending_tokens) as f64 / UNIT
            + (w.credits + u.credits) as f64 / UNIT * price
    }

    /// Registers the wash farmer: a provider key with stake and no GPUs for anyone else, and a
    /// second key (one more user) holding tokens to buy its own jobs with.
    fn setup_attackers<E: Engine>(&mut self, e: &mut E) {
        if self.s.attackers.sandwicher {
            // tokens to trade with, and a credit inventory bought for 5% of the pool's tokens
            let a = self.s.arbitrage.agents;
            self.act(
                e,
                Action::Seed {
                    who: Actor::Arb(a),
                    tokens: tokens(ARB_TOKENS),
                },
            );
            self.act(
                e,
                Action::SwapExactIn {
                    who: Actor::Arb(a),
                    side: Side::BuyCredits,
                    amount_in: e.state().pool.reserve_quote / 20,
                    min_out: 0,
                },
            );
            let w = e.state().arbs[a as usize];
            self.sandwich = Some((a, w.tokens, w.credits));
        }
        let mut user = USERS;
        if self.s.attackers.wash_farmer {
            self.wash = self.attacker_keys(e, user);
            user += 1;
        }
        if self.s.attackers.self_slasher {
            self.slasher = self.attacker_keys(e, user);
            user += 1;
        }
        if self.s.attackers.dispute_griefer {
            self.act(
                e,
                Action::Seed {
                    who: Actor::User(user),
                    tokens: tokens(USER_TOKENS),
                },
            );
            self.griefer = Some((user, 0.0));
            user += 1;
        }
        if self.s.attackers.twap_manipulator {
            self.pumper = self.attacker_keys(e, user);
            user += 1;
        }
        if self.s.attackers.junk_milestones {
            // the user is an ordinary one (seeded like the others); only the provider key is the
            // attacker's, so its P&L is the provider's value alone
            self.junk = self.attacker_keys(e, user).map(|(provider, user, _)| Junk {
                provider,
                user,
                start: Self::provider_value(e, provider),
                job: None,
            });
        }
    }

    /// A provider key's value in protocol tokens: wallet, stake (active and cooling down) and
    /// credits at the pool price.
    fn provider_value<E: Engine>(e: &E, provider: u32) -> f64 {
        let st = e.state();
        let w = &st.provider_wallets[provider as usize];
        let p = &st.providers[provider as usize];
        (w.tokens + p.stake + p.pending_tokens) as f64 / UNIT
            + w.credits as f64 / UNIT * st.price_tokens()
    }

    /// The junk-milestone attacker, every hour: grabs a new 4-milestone job from its user once a
    /// day, submits junk for the next milestone the program lets it (refused with
    /// `MilestoneTooEarly` before the milestone's share of the run, `EarlierMilestoneDisputed`
    /// behind a dispute), claims what the user left undisputed after the challenge window; the
    /// user disputes junk with `dispute_probability` and the arbiter rules against the provider;
    /// the keeper expires what is left at the deadline. Credits it is paid are sold.
    fn junk_step<E: Engine>(&mut self, e: &mut E, hour: u32) {
        use compute_amm::state::{JobStatus, MilestoneStatus};
        let Some(mut junk) = self.junk else {
            return;
        };
        let (provider, user) = (junk.provider, junk.user);
        if junk.job.is_none() && hour == 3 {
            let run = WASH_JOB_GPU_HOURS as i64 * HOUR;
            let complete = ACCEPT_WINDOW + run + COMPLETE_SLACK;
            if let Some(job) = self.buy_job_in(e, user, complete, JUNK_MILESTONES) {
                if self.act(e, Action::AcceptJob { provider, job }) {
                    junk.job = Some(job);
                } else {
                    self.act(e, Action::CancelJob { job });
                }
            }
        }
        if let Some(job) = junk.job {
            let now = e.state().now;
            let window = e.state().params().challenge_window_secs;
            let j = e.state().jobs[job as usize].job.clone();
            if j.status != JobStatus::Accepted {
                junk.job = None;
            } else if now > j.complete_by + window {
                self.act(e, Action::Expire { job });
            } else {
                let count = j.milestone_count.min(JUNK_MILESTONES);
                for k in 0..count {
                    let m = j.milestones[k as usize];
                    match m.status {
                        MilestoneStatus::Submitted if now >= m.submitted_at + window => {
                            let milestone = k;
                            self.act(
                                e,
                                Action::Claim {
                                    provider,
                                    job,
                                    milestone,
                                },
                            );
                        }
                        MilestoneStatus::Disputed => {
                            let ruling = Action::Resolve {
                                job,
                                provider_at_fault: true,
                                milestone: k,
                            };
                            self.act(e, ruling);
                        }
                        _ => {}
                    }
                }
                // junk for the first milestone not yet submitted, as early as it is allowed
                let next = (0..count)
                    .find(|&k| j.milestones[k as usize].status == MilestoneStatus::Pending);
                if let Some(milestone) = next {
                    let junked = Action::Submit {
                        provider,
                        job,
                        good: false,
                        milestone,
                    };
                    if self.act(e, junked)
                        && self
                            .rng
                            .gen_bool(self.s.users.dispute_probability.clamp(0.0, 1.0))
                    {
                        self.act(e, Action::Dispute { job, milestone });
                    }
                }
            }
            let held = e.state().provider_wallets[provider as usize].credits;
            if held > 0 {
                self.sell_credits(e, provider, held);
            }
        }
        self.junk = Some(junk);
    }

    /// An attacker's second key `user` buys exactly one attacker-sized job's credits (1% slippage
    /// allowance) and opens the job, completing within `complete_secs`; returns the job.
    fn buy_job<E: Engine>(&mut self, e: &mut E, user: u32, complete_secs: i64) -> Option<u32> {
        self.buy_job_in(e, user, complete_secs, 1)
    }

    /// [`Self::buy_job`] with `milestones` milestones.
    fn buy_job_in<E: Engine>(
        &mut self,
        e: &mut E,
        user: u32,
        complete_secs: i64,
        milestones: u8,
    ) -> Option<u32> {
        let job = e.state().jobs.len() as u32;
        let credits = tokens(WASH_JOB_GPU_HOURS);
        let q = compute_amm_math::swap_exact_out(
            e.state().pool.reserve_quote,
            e.state().pool.reserve_credit,
            credits,
            e.state().params().fee_schedule(),
        )
        .ok()?;
        self.act(
            e,
            Action::BuyAndOpenJob {
                user,
                job,
                credits,
                max_in: q.amount_in + q.amount_in / 100,
                accept_secs: ACCEPT_WINDOW,
                complete_secs,
                milestones,
            },
        )
        .then_some(job)
    }

    /// Once a day the dispute griefer buys a job like any user; the market matches it.
    fn grief<E: Engine>(&mut self, e: &mut E) {
        let Some((user, _)) = self.griefer else {
            return;
        };
        let run = WASH_JOB_GPU_HOURS as i64 * HOUR;
        if let Some(job) = self.buy_job(e, user, ACCEPT_WINDOW + run + COMPLETE_SLACK) {
            self.open.push(job);
        }
    }

    /// An attacker's two keys: a provider with stake and no GPUs for anyone else, and user `user`
    /// holding tokens to buy its own jobs with; returns them with their opening value.
    fn attacker_keys<E: Engine>(&mut self, e: &mut E, user: u32) -> Option<(u32, u32, f64)> {
        self.act(
            e,
            Action::Seed {
                who: Actor::User(user),
                tokens: tokens(USER_TOKENS),
            },
        );
        let provider = e.state().providers.len() as u32;
        let registered = self.act(
            e,
            Action::Register {
                provider,
                stake: tokens(WASH_STAKE_TOKENS),
            },
        );
        registered.then(|| {
            self.profiles.push(ProviderProfile::idle());
            (provider, user, Self::wash_value(e, provider, user))
        })
    }

    /// Once a day the self-slasher's second key buys a job's credits and its provider key accepts
    /// it and never delivers: the keeper expires it (bond slashed, compensation to the second key
    /// after the cooldown, crank reward to the keeper).
    fn self_slash<E: Engine>(&mut self, e: &mut E) {
        let Some((provider, user, _)) = self.slasher else {
            return;
        };
        // refunds of failed jobs come back as credits: sell them, so the P&L is the mechanism's
        // and not a bet on the credit price
        let refunded = e.state().users[user as usize].credits;
        if refunded > 0 {
            self.act(
                e,
                Action::SwapExactIn {
                    who: Actor::User(user),
                    side: Side::SellCredits,
                    amount_in: refunded,
                    min_out: 0,
                },
            );
        }
        let Some(job) = self.buy_job(e, user, ACCEPT_WINDOW + COMPLETE_SLACK) else {
            return;
        };
        if self.act(e, Action::AcceptJob { provider, job }) {
            let j = &e.state().jobs[job as usize].job;
            let at = j.complete_by + e.state().params().challenge_window_secs + 1;
            self.failed.push((job, at));
        } else {
            self.act(e, Action::CancelJob { job });
        }
    }

    /// Once a day the wash farmer's second key buys a job's credits, its provider key accepts,
    /// delivers and the second key approves at once; the provider sells the credits it was paid.
    /// Its emission share is claimed with everyone's at the epoch boundary.
    fn wash_farm<E: Engine>(&mut self, e: &mut E) {
        for keys in [self.wash, self.pumper].into_iter().flatten() {
            self.self_dealt_job(e, keys.0, keys.1);
        }
    }

    /// One self-dealt job: bought by `user`, accepted, delivered and approved by its own keys;
    /// the provider sells the credits it is paid.
    fn self_dealt_job<E: Engine>(&mut self, e: &mut E, provider: u32, user: u32) {
        let Some(job) = self.buy_job(e, user, ACCEPT_WINDOW + COMPLETE_SLACK) else {
            return;
        };
        let served = self.act(e, Action::AcceptJob { provider, job })
            && self.act(
                e,
                Action::Submit {
                    provider,
                    job,
                    good: true,
                    milestone: 0,
                },
            )
            && self.act(e, Action::Approve { job, milestone: 0 });
        if !served {
            // not accepted or not delivered: cancel or leave it to the keeper like any job
            self.act(e, Action::CancelJob { job });
        }
        let held = e.state().provider_wallets[provider as usize].credits;
        if held > 0 {
            self.act(
                e,
                Action::SwapExactIn {
                    who: Actor::Provider(provider),
                    side: Side::SellCredits,
                    amount_in: held,
                    min_out: 0,
                },
            );
        }
    }

    /// What a GPU-hour of a job pays a provider here, USD: one credit at the pool price less the
    /// settlement take, the emission a served hour earned last epoch, and `bond` tokens at risk.
    fn terms<E: Engine>(&self, e: &E, bond_tokens: f64) -> JobTerms {
        let take = f64::from(e.state().params().settlement_fee_bps) / 10_000.0;
        JobTerms {
            pay_per_hour: (1.0 - take) * self.price_usd(e),
            emission_per_hour: self.emission_per_hour * self.world.token_usd,
            penalty: bond_tokens * self.world.token_usd,
        }
    }

    fn enter<E: Engine>(&mut self, e: &mut E) {
        let profile = ProviderProfile::draw(self.s, &mut self.prng);
        let i = e.state().providers.len() as u32;
        let stake = tokens(profile.gpus as f64 * self.s.providers.stake_tokens_per_gpu);
        if self.act(e, Action::Register { provider: i, stake }) {
            self.profiles.push(profile);
            self.m.providers_entered += 1;
            // the entrant buys its stake on the token market
            self.flows.bought_usd += stake as f64 / UNIT * self.world.token_usd;
        }
    }

    fn leave<E: Engine>(&mut self, e: &mut E, i: usize, epoch: u32) {
        self.profiles[i].active = false;
        self.profiles[i].left_epoch = Some(epoch);
        self.m.providers_churned += 1;
        // retire the credits it holds (releasing their obligation) so more stake comes free
        let (held, owed) = (
            e.state().provider_wallets[i].credits,
            e.state().providers[i].obligations,
        );
        if held.min(owed) > 0 {
            self.act(
                e,
                Action::RetireCredits {
                    provider: i as u32,
                    amount: held.min(owed),
                },
            );
        }
        let p = &e.state().providers[i];
        let free = compute_amm_math::stake::free_stake(
            p.stake,
            p.obligations,
            p.locked_bond,
            e.state().params().stake_per_credit,
        )
        .unwrap_or(0);
        let ticket = p.next_ticket_id;
        if free > 0
            && self.act(
                e,
                Action::RequestUnstake {
                    provider: i as u32,
                    amount: free,
                },
            )
        {
            let unlock = e.state().now + e.state().params().unstake_cooldown_secs;
            self.tickets.push((i as u32, ticket, unlock));
        }
    }

    /// Leavers withdraw their stake once the cooldown has passed, and sell it.
    fn withdraw_due<E: Engine>(&mut self, e: &mut E) {
        let now = e.state().now;
        let due: Vec<(u32, u64, i64)> = self
            .tickets
            .iter()
            .copied()
            .filter(|t| now >= t.2)
            .collect();
        self.tickets.retain(|t| now < t.2);
        for (provider, ticket, _) in due {
            let before = Self::wallet_tokens(e, provider);
            if self.act(e, Action::WithdrawUnstaked { provider, ticket }) {
                let got = Self::wallet_tokens(e, provider).saturating_sub(before);
                self.flows.sold_usd += got as f64 / UNIT * self.world.token_usd;
            }
        }
    }

    /// Sell `amount` credits (or buy with `amount` tokens) as `who`; returns tokens gained.
    fn sell_credits<E: Engine>(&mut self, e: &mut E, provider: u32, amount: u64) -> f64 {
        if amount == 0 {
            return 0.0;
        }
        let before = Self::wallet_tokens(e, provider);
        self.act(
            e,
            Action::SwapExactIn {
                who: Actor::Provider(provider),
                side: Side::SellCredits,
                amount_in: amount,
                min_out: 0,
            },
        );
        (Self::wallet_tokens(e, provider).saturating_sub(before)) as f64 / UNIT
    }

    /// Provider `i`'s running job at `k` (job `job`) is over for it.
    fn drop_running(&mut self, i: usize, k: usize, job: u32) {
        self.profiles[i].running.swap_remove(k);
        self.progress.remove(&job);
        self.faked.remove(&job);
    }

    /// The keeper expires `job` once its deadline and challenge window have passed.
    fn expire_later<E: Engine>(&mut self, e: &E, job: u32) {
        let j = &e.state().jobs[job as usize].job;
        let at = j.complete_by + e.state().params().challenge_window_secs + 1;
        self.failed.push((job, at));
    }

    /// The user's answer to a delivered milestone: the griefer disputes everything; an honest
    /// user approves a good result at once with `approve_probability` (else the provider claims
    /// after the challenge window) and disputes a bad one with `dispute_probability`.
    fn user_reacts<E: Engine>(
        &mut self,
        e: &mut E,
        job: u32,
        provider: u32,
        milestone: u8,
        good: bool,
    ) {
        let s = self.s;
        let closes = e.state().now + e.state().params().challenge_window_secs;
        let griefed = self
            .griefer
            .is_some_and(|(g, _)| e.state().jobs[job as usize].user == g);
        if griefed {
            if self.act(e, Action::Dispute { job, milestone }) {
                self.disputed.push((job, good, milestone));
            } else {
                self.submitted.push((job, provider, milestone, closes));
            }
        } else if good
            && self
                .rng
                .gen_bool(s.users.approve_probability.clamp(0.0, 1.0))
        {
            self.act(e, Action::Approve { job, milestone });
        } else if !good
            && self
                .rng
                .gen_bool(s.users.dispute_probability.clamp(0.0, 1.0))
        {
            self.act(e, Action::Dispute { job, milestone });
            self.disputed.push((job, good, milestone));
        } else {
            self.submitted.push((job, provider, milestone, closes));
        }
    }

    fn hour<E: Engine>(&mut self, e: &mut E, day: u32, hour: u32) {
        let s = self.s;
        self.act(e, Action::Warp { secs: HOUR });
        let now = e.state().now;
        self.price_sum += self.price_usd(e);

        // users
        let demand = s.users.jobs_per_hour * multiplier(s, day, EventKind::DemandSpike);
        let arrivals = poisson(&mut self.rng, demand);
        for _ in 0..arrivals {
            let h = self.rng.gen_range(
                s.users.job_gpu_hours_min
                    ..=s.users.job_gpu_hours_max.max(s.users.job_gpu_hours_min),
            );
            let price = self.price_usd(e);
            if !agents::user_buys(s, &mut self.rng, self.world.reference_usd, price) {
                self.m.unmet_gpu_hours += h as f64;
                continue;
            }
            let user = self.rng.gen_range(0..USERS);
            let job = e.state().jobs.len() as u32;
            let credits = tokens(h as f64);
            let quote = compute_amm_math::swap_exact_out(
                e.state().pool.reserve_quote,
                e.state().pool.reserve_credit,
                credits,
                e.state().params().fee_schedule(),
            );
            let Ok(q) = quote else {
                self.m.unmet_gpu_hours += h as f64;
                continue;
            };
            let a = Action::BuyAndOpenJob {
                user,
                job,
                credits,
                max_in: q.amount_in + q.amount_in / 100,
                accept_secs: ACCEPT_WINDOW,
                complete_secs: ACCEPT_WINDOW + h as i64 * HOUR + COMPLETE_SLACK,
                milestones: user_milestones(h),
            };
            let before = e.state().users[user as usize].tokens;
            if self.act(e, a) {
                self.open.push(job);
                self.m.jobs_opened += 1;
                // the user bought the tokens it spent on the token market
                let spent = before.saturating_sub(e.state().users[user as usize].tokens);
                self.flows.bought_usd += spent as f64 / UNIT * self.world.token_usd;
            } else {
                self.m.unmet_gpu_hours += h as f64;
            }
        }

        // matching: FIFO jobs to a random eligible provider with a free GPU
        let cap = capacity_factor(s, day);
        let mut still_open = Vec::with_capacity(self.open.len());
        let open = std::mem::take(&mut self.open);
        for job in open {
            let sj = &e.state().jobs[job as usize];
            let (phase, accept_by, credits) = (sj.phase(), sj.job.accept_by, sj.job.total_credits);
            if phase != JobPhase::Open {
                continue;
            }
            if now > accept_by {
                self.act(e, Action::CancelJob { job });
                // KPI: not taken in time is an expired job for the user, cancelled or not
                self.m.jobs_expired += 1;
                if self.refused.remove(&job) {
                    self.m.jobs_refused += 1;
                }
                continue;
            }
            let n = self.profiles.len();
            let start = self.rng.gen_range(0..n.max(1));
            let mut taken = false;
            let hours = (credits as f64 / UNIT).ceil();
            let terms = self.terms(e, hours * s.market.stake_per_credit_tokens);
            for k in 0..n {
                let i = (start + k) % n;
                let p = &self.profiles[i];
                let online = (p.gpus as f64 * cap).floor() as u32;
                if !p.active || p.running.len() as u32 >= online {
                    continue;
                }
                let econ = Economics::of(s, p.cost_usd, self.world.reference_usd);
                if !agents::accepts(econ, terms) {
                    self.refused.insert(job);
                    continue;
                }
                if self.act(
                    e,
                    Action::AcceptJob {
                        provider: i as u32,
                        job,
                    },
                ) {
                    self.profiles[i]
                        .running
                        .push((job, now + hours as i64 * HOUR));
                    self.refused.remove(&job);
                    if agents::cheats(econ, terms, hours, s.users.dispute_probability) {
                        self.faked.insert(job);
                        if !self.profiles[i].malicious {
                            self.m.jobs_cheated += 1;
                        }
                    }
                    taken = true;
                    break;
                }
            }
            if !taken {
                still_open.push(job);
            }
        }
        self.open = still_open;

        // deliveries, milestone by milestone, and running jobs walked away from when that pays
        // despite the bond. Deliveries, approvals and claims trade nothing, so the pool price, and
        // with it the pay side of the terms, holds for the whole loop: computed once; only the
        // bond differs by job.
        let pay = self.terms(e, 0.0);
        for i in 0..self.profiles.len() {
            let econ = Economics::of(s, self.profiles[i].cost_usd, self.world.reference_usd);
            let mut k = 0;
            while k < self.profiles[i].running.len() {
                let (job, done_at) = self.profiles[i].running[k];
                if done_at > now {
                    let p = &self.profiles[i];
                    let honest = !p.malicious && !self.faked.contains(&job);
                    let bond = e.state().jobs[job as usize].job.bond as f64 / UNIT;
                    let terms = JobTerms {
                        penalty: bond * self.world.token_usd,
                        ..pay
                    };
                    let left = (done_at - now) as f64 / HOUR as f64;
                    if honest && agents::abandons(econ, terms, left) {
                        // KPI: walked away from is a failed job now; the keeper expires it later
                        // (bond slashed)
                        self.drop_running(i, k, job);
                        self.m.jobs_failed += 1;
                        self.m.jobs_abandoned += 1;
                        self.expire_later(e, job);
                        continue;
                    }
                }
                let j = &e.state().jobs[job as usize].job;
                let next = self.progress.get(&job).copied().unwrap_or(0);
                let count = j.milestone_count.max(1);
                // milestone `next` is done after its share of the job's running time
                let run = done_at - j.accepted_at;
                let due = j.accepted_at + run * i64::from(next + 1) / i64::from(count);
                if now < due {
                    k += 1;
                    continue;
                }
                if j.status != compute_amm::state::JobStatus::Accepted {
                    // ruled against on a disputed milestone (the job failed): KPI failed
                    self.drop_running(i, k, job);
                    self.m.jobs_failed += 1;
                    continue;
                }
                let complete_by = j.complete_by;
                let p = &self.profiles[i];
                if next == 0 && !self.rng.gen_bool(p.reliability.clamp(0.0, 1.0)) {
                    // KPI: not delivered is a failed job at the hour it was due (the keeper
                    // expires it on chain later)
                    self.drop_running(i, k, job);
                    self.m.jobs_failed += 1;
                    self.expire_later(e, job);
                    continue;
                }
                let good = !p.malicious && !self.faked.contains(&job);
                let submitted = self.act(
                    e,
                    Action::Submit {
                        provider: i as u32,
                        job,
                        good,
                        milestone: next,
                    },
                );
                if !submitted {
                    if now > complete_by {
                        // out of time (earlier milestones held up): failed, the keeper expires it
                        self.drop_running(i, k, job);
                        self.m.jobs_failed += 1;
                        self.expire_later(e, job);
                    } else {
                        // too early (the previous milestone not yet released): next hour
                        k += 1;
                    }
                    continue;
                }
                self.user_reacts(e, job, i as u32, next, good);
                if next + 1 == count {
                    // KPI: a job's outcome counts when its last result is delivered, as in the
                    // baseline market: good is a completed job; bad a failed job for the user
                    // whether or not it is disputed and whether or not the dispute's bond could
                    // be posted
                    self.drop_running(i, k, job);
                    if good {
                        self.m.jobs_completed += 1;
                    } else {
                        self.m.jobs_failed += 1;
                    }
                } else {
                    self.progress.insert(job, next + 1);
                    k += 1;
                }
            }
        }

        // optimistic claims after the window
        let submitted = std::mem::take(&mut self.submitted);
        for (job, p, milestone, closes) in submitted {
            // (the job's outcome was counted at delivery)
            if now >= closes {
                self.act(
                    e,
                    Action::Claim {
                        provider: p,
                        job,
                        milestone,
                    },
                );
            } else {
                self.submitted.push((job, p, milestone, closes));
            }
        }
        // the arbiter rules on the evidence: a bad result is the provider's fault, a good one the
        // disputing user's
        for (job, good, milestone) in std::mem::take(&mut self.disputed) {
            // (the job's outcome was counted at delivery)
            let sj = &e.state().jobs[job as usize];
            let (user, bond) = (
                sj.user,
                sj.job.milestones[usize::from(milestone)].dispute_bond,
            );
            let ruled = self.act(
                e,
                Action::Resolve {
                    job,
                    provider_at_fault: !good,
                    milestone,
                },
            );
            if let Some((g, pnl)) = &mut self.griefer {
                if ruled && *g == user && good {
                    // against an honest user (who disputes bad results too, and approves good
                    // ones): only its disputes of good work differ, and each costs it the bond
                    *pnl -= bond as f64 / UNIT * e.state().price_tokens();
                }
            }
        }
        // the keeper expires undelivered jobs
        let failed = std::mem::take(&mut self.failed);
        for (job, at) in failed {
            if now >= at {
                // (counted as failed when it was due)
                self.act(e, Action::Expire { job });
            } else {
                self.failed.push((job, at));
            }
        }
        // ... and pays failed jobs' compensation once it has vested (held for the unstake cooldown)
        if e.state().market.compensation_owed > 0 {
            let due: Vec<u32> = e
                .state()
                .jobs
                .iter()
                .enumerate()
                .filter(|(_, j)| {
                    j.job.compensation_held() > 0 && now >= j.job.compensation_vests_at
                })
                .map(|(i, _)| i as u32)
                .collect();
            for job in due {
                self.act(e, Action::ClaimCompensation { job });
            }
        }

        // arbitrageurs trade toward the reference price as they see it (`lag_hours` old), when the
        // gap beats their threshold plus the trade's cost
        let cost = s.arbitrage.cost_bps as f64 / 10_000.0;
        let thr = s.arbitrage.threshold_bps as f64 / 10_000.0 + cost;
        let seen = self.world.reference_seen(day, hour, s.arbitrage.lag_hours);
        for a in 0..s.arbitrage.agents {
            let target_tokens = seen / self.world.token_usd;
            let st = e.state();
            let (rc, rq) = (st.pool.reserve_credit as f64, st.pool.reserve_quote as f64);
            if rc <= 0.0 {
                break;
            }
            let p = rq / rc;
            let k = rc * rq;
            let w = st.arbs[a as usize];
            if p < target_tokens * (1.0 - thr) {
                let target_rq = (k * target_tokens).sqrt();
                let amount =
                    ((target_rq - rq) * s.arbitrage.aggressiveness).min(w.tokens as f64 * 0.5);
                if amount >= 1.0
                    && self.act(
                        e,
                        Action::SwapExactIn {
                            who: Actor::Arb(a),
                            side: Side::BuyCredits,
                            amount_in: amount as u64,
                            min_out: 0,
                        },
                    )
                {
                    self.arb_costs_usd += amount / UNIT * self.world.token_usd * cost;
                }
            } else if p > target_tokens * (1.0 + thr) {
                let target_rc = (k / target_tokens).sqrt();
                let amount = ((target_rc - rc) * s.arbitrage.aggressiveness).min(w.credits as f64);
                if amount >= 1.0
                    && self.act(
                        e,
                        Action::SwapExactIn {
                            who: Actor::Arb(a),
                            side: Side::SellCredits,
                            amount_in: amount as u64,
                            min_out: 0,
                        },
                    )
                {
                    self.arb_costs_usd += amount / UNIT * seen * cost;
                }
            }
        }

        // the attackers (none unless the scenario enables them)
        self.junk_step(e, hour);
        if hour == 3 {
            self.wash_farm(e);
            self.self_slash(e);
            self.grief(e);
        }

        // the keeper burns every hour, after the arbitrageurs: a burn sells at most one chunk of
        // credit fees (half a swap fee of the credit reserve, one per BUYBACK_INTERVAL_SECS), so a
        // daily burn alone would leave most of the settlement take unsold
        if e.state().class.settlement_fees > 0 {
            self.act(e, Action::MoveSettlementFees);
        }
        if e.state().pool.protocol_fees_credit > 0 || e.state().pool.protocol_fees_quote > 0 {
            self.burn_fees(e);
        }

        // providers sell what they earned and mint when the price pays (every 6 hours)
        if hour % 6 == 2 {
            for i in 1..self.profiles.len() {
                if !self.profiles[i].active {
                    continue;
                }
                let held = e.state().provider_wallets[i].credits;
                let gained = self.sell_credits(e, i as u32, held) * self.world.token_usd;
                self.profiles[i].revenue_usd_epoch += gained;
                self.m.revenue_jobs_usd += gained;
                self.flows.sold_usd += gained * s.token.provider_sell_share;
                let price = self.price_usd(e);
                let p = &self.profiles[i];
                if price > p.cost_usd * (1.0 + s.providers.mint_margin) {
                    let want = tokens((p.gpus as f64 * cap).floor() * 6.0);
                    let pr = &e.state().providers[i];
                    // half the stake stays free for job bonds
                    let room = compute_amm_math::stake::mintable_credits(
                        pr.stake / 2,
                        pr.obligations,
                        pr.locked_bond,
                        e.state().params().stake_per_credit,
                    )
                    .unwrap_or(0);
                    let amount = want.min(room);
                    if amount > 0
                        && self.act(
                            e,
                            Action::MintCredits {
                                provider: i as u32,
                                amount,
                            },
                        )
                    {
                        let gained = self.sell_credits(e, i as u32, amount) * self.world.token_usd;
                        self.profiles[i].revenue_usd_epoch += gained;
                        self.m.revenue_credit_sales_usd += gained;
                        self.flows.sold_usd += gained * s.token.provider_sell_share;
                    }
                }
            }
        }
    }

    /// The keeper's fee burn; what it burns is counted as this epoch's fee burn. With the
    /// sandwicher on, it sells credits right before the burn and buys back with what it got right
    /// after.
    fn burn_fees<E: Engine>(&mut self, e: &mut E) {
        let front = self.sandwich.and_then(|(a, _, _)| {
            let st = e.state();
            let q = (st.pool.reserve_credit / 200).min(st.arbs[a as usize].credits);
            let before = st.arbs[a as usize].tokens;
            let sold = q > 0
                && self.act(
                    e,
                    Action::SwapExactIn {
                        who: Actor::Arb(a),
                        side: Side::SellCredits,
                        amount_in: q,
                        min_out: 0,
                    },
                );
            sold.then(|| (a, e.state().arbs[a as usize].tokens - before))
        });
        let before = e.state().total_burned();
        if self.act(e, Action::BurnFees) {
            self.fee_burned_units += e.state().total_burned() - before;
        }
        if let Some((a, got)) = front {
            self.act(
                e,
                Action::SwapExactIn {
                    who: Actor::Arb(a),
                    side: Side::BuyCredits,
                    amount_in: got,
                    min_out: 0,
                },
            );
        }
    }

    /// The attackers' P&L so far, protocol tokens: the wash farmer's keys against their opening
    /// value, the sandwicher against holding its opening inventory.
    fn attacker_pnl<E: Engine>(&self, e: &E) -> f64 {
        let mut pnl = 0.0;
        if let Some((p, u, start)) = self.wash {
            pnl += Self::wash_value(e, p, u) - start;
        }
        for (p, u, start) in [self.slasher, self.pumper].into_iter().flatten() {
            pnl += Self::wash_value(e, p, u) - start;
        }
        if let Some((_, griefed)) = self.griefer {
            pnl += griefed;
        }
        if let Some(j) = self.junk {
            pnl += Self::provider_value(e, j.provider) - j.start;
        }
        if let Some((a, t0, c0)) = self.sandwich {
            let w = e.state().arbs[a as usize];
            pnl += (w.tokens as f64 - t0 as f64) / UNIT
                + (w.credits as f64 - c0 as f64) / UNIT * e.state().price_tokens();
        }
        pnl
    }

    /// Epoch boundary: finalize, claim, burn, then the providers' stay-or-go decisions.
    fn epoch_start<E: Engine>(&mut self, e: &mut E, day: u32) {
        let s = self.s;
        let prev = e.state().next_epoch();
        // the manipulator pushes the spot up right before the claims ...
        let pumped = self.pumper.and_then(|(_, user, _)| {
            let amount = e.state().pool.reserve_quote / 10;
            self.act(
                e,
                Action::SwapExactIn {
                    who: Actor::User(user),
                    side: Side::BuyCredits,
                    amount_in: amount,
                    min_out: 0,
                },
            )
            .then_some(user)
        });
        if self.act(e, Action::AdvanceEpoch) {
            for i in 1..self.profiles.len() {
                let has = e.state().providers[i]
                    .served
                    .iter()
                    .any(|x| x.epoch == prev && x.amount > 0);
                if has {
                    let before = Self::wallet_tokens(e, i as u32);
                    if self.act(
                        e,
                        Action::ClaimRewards {
                            provider: i as u32,
                            epoch: prev,
                        },
                    ) {
                        if [self.wash, self.pumper]
                            .into_iter()
                            .flatten()
                            .any(|(w, _, _)| w == i as u32)
                        {
                            // the attacker's reward is in its own P&L, not providers' revenue
                            continue;
                        }
                        let got = (Self::wallet_tokens(e, i as u32) - before) as f64 / UNIT
                            * self.world.token_usd;
                        // rewards for the epoch that just ended: they count in that epoch's
                        // stay-or-go decision and in this epoch's reported revenue
                        self.profiles[i].revenue_usd_epoch += got;
                        self.m.provider_revenue_usd += got;
                        self.m.revenue_emissions_usd += got;
                        self.flows.sold_usd += got * s.token.provider_sell_share;
                    }
                }
            }
        }
        // ... and sells what it bought right after them
        if let Some(user) = pumped {
            let held = e.state().users[user as usize].credits;
            if held > 0 {
                self.act(
                    e,
                    Action::SwapExactIn {
                        who: Actor::User(user),
                        side: Side::SellCredits,
                        amount_in: held,
                        min_out: 0,
                    },
                );
            }
        }
        // emission cliffs: governance proposes the cut one timelock ahead and applies it on the day
        let timelock_days = (e.state().params().param_timelock_secs / DAY) as u32;
        for ev in s
            .events
            .iter()
            .filter(|ev| ev.kind == EventKind::EmissionCliff)
        {
            if day + timelock_days == ev.start_day || (day == 0 && ev.start_day < timelock_days) {
                let cut = (e.state().next_emission() as f64 * ev.magnitude) as u64;
                self.act(e, Action::ProposeEmission { emission: cut });
            }
        }
        if e.state()
            .pending()
            .is_some_and(|(_, at)| e.state().now >= at)
        {
            self.act(e, Action::ApplyParams);
        }
        // fee burn, with the attacker moving the price first when the scenario says so
        let manip = multiplier(s, day, EventKind::BuybackManipulation);
        let attacking = s.events.iter().any(|ev| {
            ev.kind == EventKind::BuybackManipulation
                && day >= ev.start_day
                && day < ev.start_day + ev.duration_days.max(1)
        });
        let mut attacker_sold = 0u64;
        if attacking && s.arbitrage.agents > 0 {
            let rc = e.state().pool.reserve_credit as f64;
            let dump = (rc * (1.0 / (1.0 - manip.min(0.9)).sqrt() - 1.0)) as u64;
            let dump = dump.min(e.state().arbs[0].credits);
            if dump > 0
                && self.act(
                    e,
                    Action::SwapExactIn {
                        who: Actor::Arb(0),
                        side: Side::SellCredits,
                        amount_in: dump,
                        min_out: 0,
                    },
                )
            {
                attacker_sold = dump;
            }
        }
        if e.state().class.settlement_fees > 0 {
            self.act(e, Action::MoveSettlementFees);
        }
        self.burn_fees(e);
        if attacker_sold > 0 {
            let tokens_now = e.state().arbs[0].tokens / 2;
            let rq = e.state().pool.reserve_quote as f64;
            let buy = ((rq * 0.05) as u64).min(tokens_now);
            self.act(
                e,
                Action::SwapExactIn {
                    who: Actor::Arb(0),
                    side: Side::BuyCredits,
                    amount_in: buy,
                    min_out: 0,
                },
            );
        }

        // stay or go
        if day > 0 {
            let cap = capacity_factor(s, day);
            let mut ratios = vec![];
            for i in 1..self.profiles.len() {
                let p = &mut self.profiles[i];
                if !p.active {
                    continue;
                }
                let cost = (p.gpus as f64 * cap).floor() * 24.0 * p.cost_usd;
                let ratio = if cost > 0.0 {
                    p.revenue_usd_epoch / cost
                } else {
                    1.0
                };
                ratios.push(ratio);
                p.losing_streak = if agents::losing_epoch(p.revenue_usd_epoch, cost) {
                    p.losing_streak + 1
                } else {
                    0
                };
            }
            let leaving: Vec<usize> = (1..self.profiles.len())
                .filter(|i| {
                    self.profiles[*i].active
                        && self.profiles[*i].losing_streak >= s.providers.churn_after_epochs
                })
                .collect();
            for i in leaving {
                self.leave(e, i, day);
            }
            // forced churn (event): the most expensive providers leave until the target is met
            let target = churn_target(s, day);
            if target > 0.0 {
                let ever = (self.profiles.len() - 1) as f64;
                let want_active = ((1.0 - target) * s.providers.initial as f64).ceil() as usize;
                let mut act: Vec<usize> = (1..self.profiles.len())
                    .filter(|i| self.profiles[*i].active)
                    .collect();
                act.sort_by(|a, b| {
                    self.profiles[*b]
                        .cost_usd
                        .total_cmp(&self.profiles[*a].cost_usd)
                });
                while act.len() > want_active {
                    let i = act.remove(0);
                    self.leave(e, i, day);
                }
                let _ = ever;
            }
            let mean = if ratios.is_empty() {
                0.0
            } else {
                ratios.iter().sum::<f64>() / ratios.len() as f64
            };
            let stake_usd = s.providers.stake_tokens_per_gpu * self.world.token_usd;
            if agents::enters(s, mean, stake_usd) && target == 0.0 {
                for _ in 0..s.providers.max_entries_per_epoch {
                    self.enter(e);
                }
            }
        }
        for p in &mut self.profiles {
            p.revenue_usd_epoch = 0.0;
        }
    }

    fn close_epoch<E: Engine>(
        &mut self,
        e: &E,
        day: u32,
        served_before: u64,
        emitted_before: u64,
        slashed_before: u64,
    ) -> EpochMetrics {
        let st = e.state();
        let cap = capacity_factor(self.s, day);
        let mut m = std::mem::take(&mut self.m);
        m.epoch = day;
        m.price_usd = self.price_sum / 24.0;
        self.price_sum = 0.0;
        m.reference_usd = self.world.reference_usd;
        m.token_usd = self.world.token_usd;
        let active: Vec<&ProviderProfile> =
            self.profiles.iter().skip(1).filter(|p| p.active).collect();
        m.active_providers = active.len() as u32;
        m.active_gpus = active
            .iter()
            .map(|p| (p.gpus as f64 * cap).floor() as u32)
            .sum();
        let served: u64 = st
            .providers
            .iter()
            .map(|p| p.gpu_hours_delivered)
            .sum::<u64>()
            - served_before;
        let capacity_hours = m.active_gpus as f64 * 24.0;
        m.utilization = if capacity_hours > 0.0 {
            (served as f64 / UNIT / capacity_hours).min(1.0)
        } else {
            0.0
        };
        let settled = (m.jobs_completed + m.jobs_failed + m.jobs_expired) as f64;
        m.failure_rate = if settled > 0.0 {
            (m.jobs_failed + m.jobs_expired) as f64 / settled
        } else {
            0.0
        };
        m.provider_cost_usd = active
            .iter()
            .map(|p| (p.gpus as f64 * cap).floor() * 24.0 * p.cost_usd)
            .sum();
        m.staked_tokens = st.stake_vault() as f64 / UNIT;
        m.slashed_tokens = (st.total_slashed() - slashed_before) as f64 / UNIT;
        m.emitted_tokens = (st.total_emitted() - emitted_before) as f64 / UNIT;
        m.net_supply_change_tokens = m.emitted_tokens - m.burned_tokens;
        m.lp_share_value_usd = st.lp_share_value_tokens() * self.world.token_usd;
        let owed = st.class.total_obligations as f64 / UNIT * st.price_tokens();
        m.collateral_coverage = if owed > 0.0 {
            st.stake_vault() as f64 / UNIT / owed
        } else {
            0.0
        };
        // what a served GPU-hour earned in emissions this epoch (claimed next epoch)
        self.emission_per_hour = if served > 0 {
            m.emitted_tokens / (served as f64 / UNIT)
        } else {
            0.0
        };
        // arbitrageurs' P&L since the start: wallets marked at the token price and the true
        // reference (not the lagged one they trade on), less trade costs
        let (t0, c0) = self.arb_start;
        let (t1, c1) = st
            .arbs
            .iter()
            .take(self.s.arbitrage.agents as usize)
            .fold((0u64, 0u64), |acc, w| (acc.0 + w.tokens, acc.1 + w.credits));
        m.arb_pnl_usd = (t1 as f64 - t0 as f64) / UNIT * self.world.token_usd
            + (c1 as f64 - c0 as f64) / UNIT * self.world.reference_usd
            - self.arb_costs_usd;
        m.attacker_pnl_tokens = self.attacker_pnl(e);
        m
    }
}

/// Runs `s` with `seed` on engine `e` (which must hold [`genesis`] state) and returns per-epoch KPIs.
pub fn run<E: Engine>(s: &Scenario, seed: u64, e: &mut E) -> Vec<EpochMetrics> {
    let mut r = Run {
        s,
        rng: ChaCha8Rng::seed_from_u64(seed),
        prng: profile_rng(seed),
        world: World::new(s, seed),
        profiles: vec![],
        open: vec![],
        submitted: vec![],
        disputed: vec![],
        progress: Default::default(),
        failed: vec![],
        m: EpochMetrics::default(),
        fee_burned_units: 0,
        price_sum: 0.0,
        arb_costs_usd: 0.0,
        arb_start: (0, 0),
        wash: None,
        sandwich: None,
        slasher: None,
        griefer: None,
        pumper: None,
        junk: None,
        faked: Default::default(),
        refused: Default::default(),
        tickets: vec![],
        emission_per_hour: 0.0,
        flows: TokenFlows::default(),
    };
    r.setup(e);
    // the opening providers bought their stake before the run: not today's flow
    r.flows = TokenFlows::default();
    r.arb_start = e
        .state()
        .arbs
        .iter()
        .take(s.arbitrage.agents as usize)
        .fold((0, 0), |acc, w| (acc.0 + w.tokens, acc.1 + w.credits));
    let mut out = Vec::with_capacity(s.days as usize);
    for day in 0..s.days {
        let served0: u64 = e
            .state()
            .providers
            .iter()
            .map(|p| p.gpu_hours_delivered)
            .sum();
        let (emitted0, slashed0, burned0) = (
            e.state().total_emitted(),
            e.state().total_slashed(),
            e.state().total_burned(),
        );
        r.epoch_start(e, day);
        r.withdraw_due(e);
        r.world.step_day(s, day);
        for hour in 0..24 {
            r.hour(e, day, hour);
        }
        let rev: f64 = r.profiles.iter().skip(1).map(|p| p.revenue_usd_epoch).sum();
        let mut m = r.close_epoch(e, day, served0, emitted0, slashed0);
        // fee burns and the burned share of slashes
        m.burned_tokens = (e.state().total_burned() - burned0) as f64 / UNIT;
        m.fee_burned_tokens = std::mem::take(&mut r.fee_burned_units) as f64 / UNIT;
        m.net_supply_change_tokens = m.emitted_tokens - m.burned_tokens;
        m.provider_revenue_usd += rev;
        m.real_yield = if m.provider_cost_usd > 0.0 {
            m.provider_revenue_usd / m.provider_cost_usd - 1.0
        } else {
            0.0
        };
        let flows = r.world.settle_tokens(s, std::mem::take(&mut r.flows));
        m.token_bought_usd = flows.bought_usd;
        m.token_sold_usd = flows.sold_usd;
        out.push(m);
    }
    out
}
