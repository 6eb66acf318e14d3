//! Unit tests of the core: hand-computed summaries and every error branch, on plain state values
//! (no bank). Amounts are in base units of 6-decimal tokens.

use anchor_lang::prelude::*;

use super::jobs::{self, JobKeys, OpenJobArgs, Resolution};
use super::slash::{slash, CapPolicy};
use super::{admin, burn, emissions, error_code, stake, swap};
use crate::error::ComputeAmmError as E;
use crate::state::{
    pause, zeroed, EpochRecord, GpuClass, Job, JobStatus, Market, MarketParams, MilestoneStatus,
    Pool, Provider, SwapDirection, UnstakeTicket,
};

const UNIT: u64 = 1_000_000;
const T0: i64 = 1_700_000_000;
const DAY: i64 = 86_400;

fn params() -> MarketParams {
    MarketParams {
        swap_fee_ppm: 3_000,
        protocol_fee_share_ppm: 200_000,
        challenge_window_secs: 3_600,
        dispute_window_secs: DAY,
        unstake_cooldown_secs: 7 * DAY,
        param_timelock_secs: 8 * DAY,
        stake_per_credit: 5 * UNIT,
        epoch_length_secs: DAY,
        slash_cap_bps: 2_000,
        slash_burn_bps: 5_000,
        crank_reward_bps: 50,
        dispute_bond_bps: 1_000,
        buyback_twap_window_secs: 1_800,
        buyback_max_deviation_bps: 300,
        emission_initial: 10_000 * UNIT,
        emission_decay_bps: 100,
        emission_cap: 1_000_000 * UNIT,
        settlement_fee_bps: 0,
    }
}

fn market() -> Market {
    let mut m: Market = zeroed();
    m.params = params();
    m.next_emission = m.params.emission_initial;
    m.next_epoch_to_finalize = m.epoch_at(T0);
    m
}

fn provider(stake: u64) -> Provider {
    let mut p: Provider = zeroed();
    p.stake = stake;
    p
}

fn err<T: std::fmt::Debug>(r: Result<T>) -> u32 {
    error_code(&r.expect_err("should fail"))
}

fn code(e: E) -> u32 {
    u32::from(e)
}

struct JobWorld {
    market: Market,
    class: GpuClass,
    job: Job,
    provider: Provider,
}

/// A job of `amounts`, accepted by a provider holding 1,000 tokens of stake, at T0.
fn accepted(amounts: &[u64]) -> JobWorld {
    let mut w = JobWorld {
        market: market(),
        class: zeroed(),
        job: zeroed(),
        provider: provider(1_000 * UNIT),
    };
    let args = OpenJobArgs {
        job_id: 1,
        gpu_count: 1,
        milestone_amounts: amounts.to_vec(),
        accept_by: T0 + 3_600,
        complete_by: T0 + DAY,
    };
    let keys = JobKeys {
        bump: 255,
        market: Pubkey::new_unique(),
        gpu_class: Pubkey::new_unique(),
        user: Pubkey::new_unique(),
    };
    let total = jobs::open_job(
        &w.market,
        &mut w.class,
        &mut w.job,
        keys,
        &args,
        u64::MAX,
        T0,
    )
    .unwrap();
    assert_eq!(total, amounts.iter().sum::<u64>());
    assert_eq!(w.class.total_escrowed, total);
    jobs::accept_job(
        &w.market,
        &mut w.job,
        &mut w.provider,
        Pubkey::new_unique(),
        None,
        T0,
    )
    .unwrap();
    w
}

#[test]
fn open_job_refuses_bad_terms_funds_and_pause() {
    let m = market();
    let mut class: GpuClass = zeroed();
    let mut job: Job = zeroed();
    let keys = JobKeys {
        bump: 1,
        market: Pubkey::default(),
        gpu_class: Pubkey::default(),
        user: Pubkey::default(),
    };
    let good = OpenJobArgs {
        job_id: 1,
        gpu_count: 1,
        milestone_amounts: vec![10 * UNIT],
        accept_by: T0 + 10,
        complete_by: T0 + 20,
    };
    let cases: Vec<(OpenJobArgs, u32)> = vec![
        (
            OpenJobArgs {
                milestone_amounts: vec![],
                ..good.clone()
            },
            code(E::InvalidJobTerms),
        ),
        (
            OpenJobArgs {
                milestone_amounts: vec![0],
                ..good.clone()
            },
            code(E::InvalidJobTerms),
        ),
        (
            OpenJobArgs {
                milestone_amounts: vec![1; 9],
                ..good.clone()
            },
            code(E::InvalidJobTerms),
        ),
        (
            OpenJobArgs {
                gpu_count: 0,
                ..good.clone()
            },
            code(E::InvalidJobTerms),
        ),
        (
            OpenJobArgs {
                accept_by: T0,
                ..good.clone()
            },
            code(E::InvalidJobTerms),
        ),
        (
            OpenJobArgs {
                complete_by: T0 + 5,
                ..good.clone()
            },
            code(E::InvalidJobTerms),
        ),
        (
            OpenJobArgs {
                milestone_amounts: vec![u64::MAX, 1],
                ..good.clone()
            },
            code(E::MathOverflow),
        ),
    ];
    for (args, want) in cases {
        assert_eq!(
            err(jobs::open_job(
                &m,
                &mut class,
                &mut job,
                keys,
                &args,
                u64::MAX,
                T0
            )),
            want
        );
    }
    assert_eq!(
        err(jobs::open_job(
            &m,
            &mut class,
            &mut job,
            keys,
            &good,
            10 * UNIT - 1,
            T0
        )),
        code(E::InsufficientFunds)
    );
    let mut paused = market();
    paused.paused = pause::JOBS;
    assert_eq!(
        err(jobs::open_job(
            &paused,
            &mut class,
            &mut job,
            keys,
            &good,
            u64::MAX,
            T0
        )),
        code(E::ActionPaused)
    );
    assert_eq!(class.total_escrowed, 0, "nothing escrowed by refusals");
}

#[test]
fn accept_locks_the_bond_from_free_stake() {
    let w = accepted(&[10 * UNIT, 30 * UNIT]);
    // 40 credits × 5 tokens = 200 tokens
    assert_eq!(w.job.bond, 200 * UNIT);
    assert_eq!(
        (w.provider.locked_bond, w.provider.open_jobs),
        (200 * UNIT, 1)
    );
    assert_eq!(w.job.status, JobStatus::Accepted);

    let mut w2 = accepted(&[10 * UNIT]);
    w2.job.status = JobStatus::Open;
    let mut poor = provider(49 * UNIT);
    assert_eq!(
        err(jobs::accept_job(
            &w2.market,
            &mut w2.job,
            &mut poor,
            Pubkey::default(),
            None,
            T0
        )),
        code(E::InsufficientFreeStake)
    );
    assert_eq!(
        err(jobs::accept_job(
            &w2.market,
            &mut w2.job,
            &mut poor,
            Pubkey::default(),
            None,
            T0 + 3_601
        )),
        code(E::JobDeadlinePassed)
    );
    let mut w3 = accepted(&[10 * UNIT]);
    let mut p = provider(1_000 * UNIT);
    assert_eq!(
        err(jobs::accept_job(
            &w3.market,
            &mut w3.job,
            &mut p,
            Pubkey::default(),
            None,
            T0
        )),
        code(E::InvalidJobState)
    );
}

#[test]
fn milestones_release_in_order_and_complete_the_job() {
    let mut w = accepted(&[10 * UNIT, 30 * UNIT]);
    assert_eq!(
        err(jobs::submit_milestone(&mut w.job, 1, [1; 32], T0)),
        code(E::InvalidMilestoneState)
    );
    assert_eq!(
        err(jobs::submit_milestone(&mut w.job, 2, [1; 32], T0)),
        code(E::InvalidMilestoneState)
    );
    jobs::submit_milestone(&mut w.job, 0, [1; 32], T0 + 10).unwrap();
    assert_eq!(
        err(jobs::submit_milestone(&mut w.job, 0, [1; 32], T0)),
        code(E::InvalidMilestoneState)
    );
    let o = jobs::approve_milestone(
        &mut w.market,
        &mut w.class,
        &mut w.job,
        &mut w.provider,
        0,
        T0 + 20,
    )
    .unwrap();
    assert_eq!(
        (o.release.amount, o.release.pay, o.release.index),
        (10 * UNIT, 10 * UNIT, 0)
    );
    assert_eq!(o.release.epoch, w.market.epoch_at(T0));
    assert!(o.settled.is_none());
    assert_eq!(w.class.total_escrowed, 30 * UNIT);

    jobs::submit_milestone(&mut w.job, 1, [2; 32], T0 + 100).unwrap();
    assert_eq!(
        err(jobs::claim_milestone(
            &mut w.market,
            &mut w.class,
            &mut w.job,
            &mut w.provider,
            1,
            T0 + 100 + 3_599
        )),
        code(E::ChallengeWindowOpen)
    );
    let o = jobs::claim_milestone(
        &mut w.market,
        &mut w.class,
        &mut w.job,
        &mut w.provider,
        1,
        T0 + 100 + 3_600,
    )
    .unwrap();
    let s = o.settled.expect("the last release completes the job");
    assert_eq!(
        (s.status, s.released, s.refunded, s.bond_unlocked),
        (JobStatus::Completed, 40 * UNIT, 0, 200 * UNIT)
    );
    assert_eq!(
        (
            w.provider.locked_bond,
            w.provider.open_jobs,
            w.provider.jobs_served
        ),
        (0, 0, 1)
    );
    assert_eq!(w.provider.gpu_hours_delivered, 40 * UNIT);
    assert_eq!(w.market.served_in(w.market.epoch_at(T0)), 40 * UNIT);
    assert_eq!(w.class.total_escrowed, 0);
    // a settled job takes no more actions; it can be closed
    assert_eq!(
        err(jobs::approve_milestone(
            &mut w.market,
            &mut w.class,
            &mut w.job,
            &mut w.provider,
            1,
            T0
        )),
        code(E::InvalidJobState)
    );
    jobs::close_job(&w.job).unwrap();
}

#[test]
fn dispute_posts_a_bond_and_the_ruling_routes_it() {
    let mut w = accepted(&[10 * UNIT, 30 * UNIT]);
    jobs::submit_milestone(&mut w.job, 0, [1; 32], T0).unwrap();
    // A user that cannot pay the bond disputes against its escrow: bond 0 (finding 4).
    let mut broke = w.job.clone();
    let mut broke_class = w.class.clone();
    assert_eq!(
        jobs::dispute_milestone(&w.market, &mut broke_class, &mut broke, 0, UNIT - 1, T0).unwrap(),
        0
    );
    assert_eq!(broke.milestones[0].status, MilestoneStatus::Disputed);
    assert_eq!(broke_class.total_escrowed, w.class.total_escrowed);
    assert_eq!(
        err(jobs::dispute_milestone(
            &w.market,
            &mut w.class,
            &mut w.job,
            0,
            UNIT,
            T0 + 3_600
        )),
        code(E::ChallengeWindowClosed)
    );
    // 10% of 10 credits
    let bond =
        jobs::dispute_milestone(&w.market, &mut w.class, &mut w.job, 0, UNIT, T0 + 5).unwrap();
    assert_eq!(bond, UNIT);
    assert_eq!(w.class.total_escrowed, 41 * UNIT);
    assert_eq!(w.job.milestones[0].status, MilestoneStatus::Disputed);

    // For the provider: it gets the milestone and the bond.
    let mut w1 = JobWorld {
        market: w.market.clone(),
        class: w.class.clone(),
        job: w.job.clone(),
        provider: w.provider.clone(),
    };
    match jobs::resolve_dispute(
        &mut w1.market,
        &mut w1.class,
        &mut w1.job,
        &mut w1.provider,
        0,
        false,
        T0 + 10,
    )
    .unwrap()
    {
        Resolution::ForProvider(o) => {
            assert_eq!((o.release.amount, o.release.pay), (10 * UNIT, 11 * UNIT))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(w1.class.total_escrowed, 30 * UNIT);

    // Against the provider: everything back to the user, the bond slashed with the user first.
    w.market.total_stake = 1_000 * UNIT;
    match jobs::resolve_dispute(
        &mut w.market,
        &mut w.class,
        &mut w.job,
        &mut w.provider,
        0,
        true,
        T0 + 10,
    )
    .unwrap()
    {
        Resolution::AgainstProvider(f) => {
            assert_eq!((f.refunded, f.refund), (40 * UNIT, 41 * UNIT));
            assert_eq!(f.settled.status, JobStatus::Failed);
            assert_eq!(f.settled.bond_unlocked, 200 * UNIT);
            // bond 200 within the cap (20% of 1,000); claim = 40 credits × 5 = 200 → all to the user
            let s = f.slash.split;
            assert_eq!(
                (s.total, s.to_crank, s.to_harmed, s.to_burn, s.to_treasury),
                (200 * UNIT, 0, 200 * UNIT, 0, 0)
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        (
            w.provider.stake,
            w.provider.locked_bond,
            w.provider.jobs_failed
        ),
        (800 * UNIT, 0, 1)
    );
    assert_eq!(w.class.total_escrowed, 0);
    assert_eq!(
        err(jobs::resolve_dispute(
            &mut w.market,
            &mut w.class,
            &mut w.job,
            &mut w.provider,
            0,
            true,
            T0
        )),
        code(E::InvalidJobState)
    );
}

#[test]
fn expiry_releases_what_was_delivered_and_slashes_the_rest() {
    let mut w = accepted(&[10 * UNIT, 30 * UNIT]);
    w.market.total_stake = 1_000 * UNIT;
    jobs::submit_milestone(&mut w.job, 0, [1; 32], T0).unwrap();
    let at = T0 + DAY + 3_600;
    assert_eq!(
        err(jobs::expire_job(
            &mut w.market,
            &mut w.class,
            &mut w.job,
            &mut w.provider,
            Pubkey::default(),
            at
        )),
        code(E::JobNotExpired)
    );
    let e = jobs::expire_job(
        &mut w.market,
        &mut w.class,
        &mut w.job,
        &mut w.provider,
        Pubkey::default(),
        at + 1,
    )
    .unwrap();
    assert_eq!(e.to_provider, 10 * UNIT);
    assert_eq!(e.released[0].map(|r| r.amount), Some(10 * UNIT));
    assert!(e.released[1].is_none());
    let f = e.failure.expect("milestone 1 was never delivered");
    assert_eq!((f.refunded, f.refund), (30 * UNIT, 30 * UNIT));
    // bond 200, capped at 200; crank 0.5% = 1; user claim 30 × 5 = 150; rest 49 half burned
    let s = f.slash.split;
    assert_eq!(
        (s.total, s.to_crank, s.to_harmed, s.to_burn, s.to_treasury),
        (200 * UNIT, UNIT, 150 * UNIT, 24_500_000, 24_500_000)
    );
    assert_eq!(e.settled.status, JobStatus::Expired);
    assert_eq!(w.market.total_burned, 24_500_000);
    // The crank reward and the compensation are held on the job for the unstake cooldown.
    assert_eq!(f.slash.vests_at, Some(at + 1 + 7 * DAY));
    assert_eq!((w.job.compensation, w.job.crank_reward), (150 * UNIT, UNIT));
    assert_eq!(w.market.compensation_owed, 151 * UNIT);
    assert_eq!(err(jobs::close_job(&w.job)), code(E::CompensationUnclaimed));
    assert_eq!(
        err(jobs::claim_compensation(
            &mut w.market,
            &mut w.job,
            true,
            at + 7 * DAY
        )),
        code(E::CompensationVesting)
    );
    // Without the cranker's account only the user is paid; the crank reward stays held.
    assert_eq!(
        jobs::claim_compensation(&mut w.market, &mut w.job, false, at + 1 + 7 * DAY).unwrap(),
        (150 * UNIT, 0)
    );
    assert_eq!(w.market.compensation_owed, UNIT);
    assert_eq!(
        jobs::claim_compensation(&mut w.market, &mut w.job, true, at + 1 + 7 * DAY).unwrap(),
        (0, UNIT)
    );
    assert_eq!(w.market.compensation_owed, 0);
    assert_eq!(
        err(jobs::claim_compensation(
            &mut w.market,
            &mut w.job,
            true,
            at + 1 + 7 * DAY
        )),
        code(E::NothingToDo)
    );
    jobs::close_job(&w.job).unwrap();
    // A bond slash is not limited by, and does not use, the epoch cap.
    assert_eq!(w.provider.slashed_this_epoch, 0);

    // An open dispute blocks expiry until its dispute window has passed; then it settles by default:
    // credits and bond back to the user, the provider's bond unlocked, nobody slashed.
    let mut w = accepted(&[10 * UNIT]);
    let sub_at = T0 + DAY - 100;
    jobs::submit_milestone(&mut w.job, 0, [1; 32], sub_at).unwrap();
    jobs::dispute_milestone(&w.market, &mut w.class, &mut w.job, 0, UNIT, sub_at).unwrap();
    let deadline = sub_at + 3_600 + DAY;
    assert_eq!(
        err(jobs::expire_job(
            &mut w.market,
            &mut w.class,
            &mut w.job,
            &mut w.provider,
            Pubkey::default(),
            deadline - 1
        )),
        code(E::DisputeOpen)
    );
    let e = jobs::expire_job(
        &mut w.market,
        &mut w.class,
        &mut w.job,
        &mut w.provider,
        Pubkey::default(),
        deadline,
    )
    .unwrap();
    assert!(e.failure.is_none());
    assert_eq!(
        (e.default_refund, e.default_refunded, e.to_provider),
        (11 * UNIT, 10 * UNIT, 0)
    );
    assert_eq!(
        (e.settled.status, e.settled.bond_unlocked),
        (JobStatus::Expired, 50 * UNIT)
    );
    assert_eq!(
        (
            w.provider.locked_bond,
            w.provider.jobs_failed,
            w.provider.stake
        ),
        (0, 0, 1_000 * UNIT)
    );
    assert_eq!(w.class.total_escrowed, 0);

    // Everything submitted: a late but complete job, no slash.
    let mut w = accepted(&[10 * UNIT]);
    jobs::submit_milestone(&mut w.job, 0, [1; 32], T0).unwrap();
    let e = jobs::expire_job(
        &mut w.market,
        &mut w.class,
        &mut w.job,
        &mut w.provider,
        Pubkey::default(),
        at + 1,
    )
    .unwrap();
    assert!(e.failure.is_none());
    assert_eq!(
        (e.settled.status, e.to_provider),
        (JobStatus::Completed, 10 * UNIT)
    );
}

#[test]
fn cancel_needs_the_user_or_a_passed_accept_by() {
    let mut w = accepted(&[10 * UNIT]);
    assert_eq!(
        err(jobs::cancel_job(&mut w.class, &mut w.job, true, T0)),
        code(E::InvalidJobState)
    );
    w.job.status = JobStatus::Open;
    assert_eq!(
        err(jobs::cancel_job(
            &mut w.class,
            &mut w.job,
            false,
            T0 + 3_600
        )),
        code(E::NotJobUser)
    );
    assert_eq!(
        jobs::cancel_job(&mut w.class, &mut w.job, false, T0 + 3_601).unwrap(),
        10 * UNIT
    );
    assert_eq!(w.job.status, JobStatus::Expired);
    assert_eq!(
        err(jobs::close_job(&{
            let mut j = w.job.clone();
            j.status = JobStatus::Accepted;
            j
        })),
        code(E::InvalidJobState)
    );
}

#[test]
fn slash_is_capped_per_epoch_and_strict_refuses_above_it() {
    let mut m = market();
    m.total_stake = 1_000 * UNIT;
    let mut p = provider(1_000 * UNIT);
    assert_eq!(
        err(slash(
            &mut m,
            &mut p,
            200 * UNIT + 1,
            0,
            false,
            CapPolicy::Strict,
            T0
        )),
        code(E::SlashAboveCap)
    );
    let s = slash(
        &mut m,
        &mut p,
        150 * UNIT,
        10 * UNIT,
        false,
        CapPolicy::Strict,
        T0,
    )
    .unwrap();
    assert_eq!(
        (
            s.split.total,
            s.split.to_harmed,
            s.split.to_burn,
            s.split.to_treasury
        ),
        (150 * UNIT, 10 * UNIT, 70 * UNIT, 70 * UNIT)
    );
    assert_eq!(s.slashed_this_epoch, 150 * UNIT);
    // clamp: only 50 left this epoch
    let s = slash(&mut m, &mut p, 500 * UNIT, 0, true, CapPolicy::Clamp, T0).unwrap();
    assert_eq!((s.split.total, s.split.to_crank), (50 * UNIT, 250_000));
    assert_eq!(
        (p.stake, m.total_stake, m.total_slashed),
        (800 * UNIT, 800 * UNIT, 200 * UNIT)
    );
    // a new epoch opens a new cap: 20% of 800
    let s = slash(
        &mut m,
        &mut p,
        u64::MAX,
        0,
        false,
        CapPolicy::Clamp,
        T0 + DAY,
    )
    .unwrap();
    assert_eq!(s.split.total, 160 * UNIT);
}

#[test]
fn epochs_finalize_in_order_and_rewards_are_pro_rata() {
    let mut m = market();
    let e0 = m.epoch_at(T0);
    assert_eq!(
        err(emissions::advance_epoch(&mut m, T0)),
        code(E::EpochNotFinished)
    );
    let mut a = provider(0);
    let mut b = provider(0);
    // Takes of 3 and 1 credits (10%).
    a.record_served(e0, 30 * UNIT, 3 * UNIT).unwrap();
    b.record_served(e0, 10 * UNIT, UNIT).unwrap();
    m.record_served(e0, 40 * UNIT, 4 * UNIT).unwrap();
    let f = emissions::advance_epoch(&mut m, T0 + DAY).unwrap();
    assert_eq!(
        (f.epoch, f.emission, f.total_served),
        (e0, 10_000 * UNIT, 40 * UNIT)
    );
    assert_eq!(m.next_emission, 9_900 * UNIT, "1% decay");
    let mut rec: EpochRecord = zeroed();
    emissions::write_record(&mut rec, 1, Pubkey::default(), &f);
    // A protocol-token pool at 2.5 tokens per credit with a TWAP history (no swaps: spot = TWAP).
    let mut pool = pool(10_000 * UNIT, 25_000 * UNIT);
    pool.last_update_ts = T0;
    pool.update_oracle(T0 + 3_600).unwrap();
    let now = T0 + DAY + 3_600;
    pool.update_oracle(now).unwrap();
    assert_eq!(
        err(emissions::claim_rewards(
            &mut m, &mut a, &mut rec, &pool, e0, false, now
        )),
        code(E::EmissionsDisabled)
    );
    // 30 of 40 GPU-hours: pro rata 7,500 tokens, capped by the take's value: 3 credits × 2.5 = 7.5.
    let r = emissions::claim_rewards(&mut m, &mut a, &mut rec, &pool, e0, true, now).unwrap();
    assert_eq!(
        (r.served, r.fees, r.pro_rata),
        (30 * UNIT, 3 * UNIT, 7_500 * UNIT)
    );
    assert!(r.cap <= 7_500_000 && r.cap >= 7_499_990, "cap {}", r.cap);
    assert_eq!(r.amount, r.cap);
    assert_eq!(
        err(emissions::claim_rewards(
            &mut m, &mut a, &mut rec, &pool, e0, true, now
        )),
        code(E::NothingToDo)
    );
    let r2 = emissions::claim_rewards(&mut m, &mut b, &mut rec, &pool, e0, true, now).unwrap();
    assert!(r2.amount <= 2_500_000 && r2.amount + 10 >= 2_500_000);
    // claims never exceed the emission, and what the cap cut is never minted
    assert_eq!(rec.claimed, r.amount + r2.amount);
    assert_eq!(m.total_emitted, rec.claimed);
    let mut over = rec.clone();
    over.emission = 1;
    let mut c = provider(0);
    c.record_served(e0, 40 * UNIT, 4 * UNIT).unwrap();
    assert_eq!(
        err(emissions::claim_rewards(
            &mut m, &mut c, &mut over, &pool, e0, true, now
        )),
        code(E::EmissionExceeded)
    );
}

fn pool(credit: u64, quote: u64) -> Pool {
    let mut p: Pool = zeroed();
    p.reserve_credit = credit;
    p.reserve_quote = quote;
    p.lp_supply = 1;
    p.last_update_ts = T0;
    p
}

#[test]
fn swap_applies_the_curve_and_refuses_limits() {
    let m = market();
    let mut p = pool(10_000 * UNIT, 25_000 * UNIT);
    let buy = swap::SwapKind::ExactIn {
        amount_in: 100 * UNIT,
        min_amount_out: 0,
    };
    assert_eq!(
        err(swap::swap(
            &m,
            &mut p.clone(),
            SwapDirection::BuyCredits,
            buy,
            100 * UNIT,
            T0 - 1,
            T0
        )),
        code(E::DeadlineExceeded)
    );
    assert_eq!(
        err(swap::swap(
            &m,
            &mut p.clone(),
            SwapDirection::BuyCredits,
            buy,
            100 * UNIT - 1,
            T0,
            T0
        )),
        code(E::InsufficientFunds)
    );
    let tight = swap::SwapKind::ExactIn {
        amount_in: 100 * UNIT,
        min_amount_out: 40 * UNIT,
    };
    assert_eq!(
        err(swap::swap(
            &m,
            &mut p.clone(),
            SwapDirection::BuyCredits,
            tight,
            u64::MAX,
            T0,
            T0
        )),
        code(E::SlippageExceeded)
    );
    let out = swap::SwapKind::ExactOut {
        amount_out: 10 * UNIT,
        max_amount_in: 25 * UNIT,
    };
    assert_eq!(
        err(swap::swap(
            &m,
            &mut p.clone(),
            SwapDirection::BuyCredits,
            out,
            u64::MAX,
            T0,
            T0
        )),
        code(E::MaxInputExceeded)
    );
    let r = swap::swap(
        &m,
        &mut p,
        SwapDirection::BuyCredits,
        buy,
        100 * UNIT,
        T0,
        T0,
    )
    .unwrap();
    // fee 0.3% of 100 = 0.3, protocol 20% of it = 0.06; out = 10,000 × 99.7 / 25,099.7
    assert_eq!((r.fee_total, r.fee_protocol), (300_000, 60_000));
    assert_eq!(r.amount_out, 39_721_590);
    assert_eq!(
        (p.reserve_quote, p.reserve_credit, p.protocol_fees_quote),
        (25_099_940_000, 10_000 * UNIT - 39_721_590, 60_000)
    );
    let mut paused = market();
    paused.paused = pause::SWAP;
    assert_eq!(
        err(swap::swap(
            &paused,
            &mut p,
            SwapDirection::BuyCredits,
            buy,
            u64::MAX,
            T0,
            T0
        )),
        code(E::ActionPaused)
    );
}

#[test]
fn burn_burns_quote_fees_and_waits_without_a_twap() {
    let mut m = market();
    let mut p = pool(10_000 * UNIT, 25_000 * UNIT);
    assert_eq!(
        err(burn::burn_protocol_fees(&mut m, &mut p, T0)),
        code(E::NothingToDo)
    );
    p.protocol_fees_quote = 7 * UNIT;
    p.protocol_fees_credit = 2 * UNIT;
    // No TWAP history yet: the credit leg cannot be priced, the quote fees burn all the same.
    let plan = burn::burn_protocol_fees(&mut m, &mut p, T0).unwrap();
    assert_eq!((plan.burned, plan.credit_fees_sold), (7 * UNIT, 0));
    assert_eq!(
        (p.protocol_fees_quote, p.protocol_fees_credit),
        (0, 2 * UNIT)
    );
    // With only credit fees left, the burn says why it cannot sell them.
    assert_eq!(
        err(burn::burn_protocol_fees(&mut m, &mut p, T0)),
        code(E::TwapUnavailable)
    );
    let mut src = pool(1, 1);
    let mut dst = pool(1, 1);
    assert_eq!(
        err(burn::move_credit_fees(&m, &mut src, &mut dst, T0)),
        code(E::NothingToDo)
    );
    src.protocol_fees_credit = 5;
    assert_eq!(
        burn::move_credit_fees(&m, &mut src, &mut dst, T0)
            .unwrap()
            .moved,
        5
    );
    assert_eq!((src.protocol_fees_credit, dst.protocol_fees_credit), (0, 5));
}

#[test]
fn stake_unstake_and_credits_follow_free_stake() {
    let mut m = market();
    let mut class: GpuClass = zeroed();
    let mut p = provider(0);
    assert_eq!(
        err(stake::stake(&mut m, &mut p, 0, 10)),
        code(E::ZeroAmount)
    );
    assert_eq!(
        err(stake::stake(&mut m, &mut p, 11, 10)),
        code(E::InsufficientFunds)
    );
    stake::stake(&mut m, &mut p, 1_000 * UNIT, 1_000 * UNIT).unwrap();
    // 1,000 tokens back 200 credits at 5 tokens each
    assert_eq!(
        err(stake::mint_credits(
            &m,
            &mut class,
            &mut p,
            200 * UNIT + 1,
            None,
            T0
        )),
        code(E::InsufficientFreeStake)
    );
    stake::mint_credits(&m, &mut class, &mut p, 100 * UNIT, None, T0).unwrap();
    assert_eq!(
        (p.obligations, class.total_obligations),
        (100 * UNIT, 100 * UNIT)
    );
    let mut t: UnstakeTicket = zeroed();
    let keys = (1, Pubkey::default(), Pubkey::default());
    assert_eq!(
        err(stake::request_unstake(
            &m,
            &mut p,
            &mut t,
            keys,
            500 * UNIT + 1,
            None,
            T0
        )),
        code(E::InsufficientFreeStake)
    );
    stake::request_unstake(&m, &mut p, &mut t, keys, 500 * UNIT, None, T0).unwrap();
    assert_eq!(
        (p.stake, p.pending_tokens, t.unlock_at),
        (500 * UNIT, 500 * UNIT, T0 + 7 * DAY)
    );
    assert_eq!(
        err(stake::withdraw_unstaked(
            &mut m,
            &mut p,
            &t,
            T0 + 7 * DAY - 1
        )),
        code(E::CooldownNotElapsed)
    );
    assert_eq!(
        stake::withdraw_unstaked(&mut m, &mut p, &t, T0 + 7 * DAY).unwrap(),
        500 * UNIT
    );
    assert_eq!(m.total_stake, 500 * UNIT);
    assert_eq!(
        err(stake::retire_credits(
            &mut class,
            &mut p,
            101 * UNIT,
            u64::MAX
        )),
        code(E::RetireExceedsObligations)
    );
    assert_eq!(
        err(stake::retire_credits(&mut class, &mut p, 10, 9)),
        code(E::InsufficientFunds)
    );
    stake::retire_credits(&mut class, &mut p, 100 * UNIT, u64::MAX).unwrap();
    assert_eq!(class.total_obligations, 0);
    m.paused = pause::MINT;
    assert_eq!(
        err(stake::mint_credits(&m, &mut class, &mut p, 1, None, T0)),
        code(E::ActionPaused)
    );
}

#[test]
fn params_wait_for_their_timelock() {
    let mut m = market();
    assert_eq!(
        err(admin::apply_params(&mut m, T0)),
        code(E::NoPendingChange)
    );
    assert_eq!(err(admin::cancel_params(&mut m)), code(E::NoPendingChange));
    let mut bad = params();
    bad.swap_fee_ppm = 1_000_000;
    assert_eq!(
        err(admin::propose_params(&mut m, bad, T0)),
        code(E::FeeAboveCap)
    );
    let mut next = params();
    next.emission_initial = 5_000 * UNIT;
    assert_eq!(
        admin::propose_params(&mut m, next, T0).unwrap(),
        T0 + 8 * DAY
    );
    assert_eq!(
        err(admin::apply_params(&mut m, T0 + 8 * DAY - 1)),
        code(E::TimelockNotElapsed)
    );
    admin::apply_params(&mut m, T0 + 8 * DAY).unwrap();
    assert_eq!(
        (m.params.emission_initial, m.next_emission),
        (5_000 * UNIT, 5_000 * UNIT)
    );
    assert_eq!(
        err(admin::set_paused(&mut m, 1 << 15, T0)),
        code(E::InvalidPauseFlags)
    );
    assert_eq!(admin::set_paused(&mut m, pause::SWAP, T0).unwrap(), 0);
}

#[test]
fn error_code_is_the_program_number() {
    let e: anchor_lang::error::Error = E::SlashAboveCap.into();
    assert_eq!(error_code(&e), 6000 + E::SlashAboveCap as u32);
}

#[test]
fn the_settlement_take_stays_for_the_burn_and_rounds_up() {
    let mut w = accepted(&[10 * UNIT + 1]);
    w.market.params.settlement_fee_bps = 1_000;
    jobs::submit_milestone(&mut w.job, 0, [1; 32], T0).unwrap();
    let o = jobs::approve_milestone(
        &mut w.market,
        &mut w.class,
        &mut w.job,
        &mut w.provider,
        0,
        T0,
    )
    .unwrap();
    // 10% of 10.000001 credits = 1.0000001, rounded up to 1.000001
    assert_eq!((o.release.take, o.release.pay), (1_000_001, 9_000_000));
    assert_eq!(
        (w.class.total_escrowed, w.class.settlement_fees),
        (0, 1_000_001)
    );
    assert_eq!(
        w.provider.served.iter().map(|s| s.fees).sum::<u64>(),
        1_000_001
    );
    let mut p = pool(1, 1);
    assert_eq!(
        burn::move_settlement_fees(&mut w.class, &mut p).unwrap(),
        1_000_001
    );
    assert_eq!(
        (w.class.settlement_fees, p.protocol_fees_credit),
        (0, 1_000_001)
    );
    assert_eq!(
        err(burn::move_settlement_fees(&mut w.class, &mut p)),
        code(E::NothingToDo)
    );
}

#[test]
fn an_epoch_length_change_starts_a_new_epoch_and_renumbers_nothing() {
    let mut m = market();
    let e0 = m.epoch_at(T0);
    let mut next = params();
    next.epoch_length_secs = 2 * DAY;
    admin::propose_params(&mut m, next, T0).unwrap();
    let at = T0 + 8 * DAY;
    let before = m.epoch_at(at);
    assert_eq!(before, e0 + 8);
    admin::apply_params(&mut m, at).unwrap();
    assert_eq!(
        m.epoch_at(at),
        before + 1,
        "the change opens the next epoch"
    );
    assert_eq!(m.epoch_at(at + 2 * DAY - 1), before + 1);
    assert_eq!(m.epoch_at(at + 2 * DAY), before + 2);
}

#[test]
fn unclaimed_work_expires_only_after_every_slot_is_taken() {
    use crate::constants::PROVIDER_SERVED_SLOTS;
    use crate::state::Expired;
    let mut p = provider(0);
    // Work in PROVIDER_SERVED_SLOTS consecutive epochs fills the slots; nothing expires.
    for e in 10..10 + PROVIDER_SERVED_SLOTS as u64 {
        assert_eq!(p.record_served(e, UNIT, 0), Some(Expired::default()));
        // more work in the same epoch adds to its slot
        assert_eq!(p.record_served(e, UNIT, 0), Some(Expired::default()));
    }
    // The next epoch displaces the oldest, PROVIDER_SERVED_SLOTS epochs old, and reports it.
    let next = 10 + PROVIDER_SERVED_SLOTS as u64;
    assert_eq!(
        p.record_served(next, UNIT, 0),
        Some(Expired {
            epoch: 10,
            served: 2 * UNIT
        })
    );
    // A claimed (emptied) slot is reused without expiring anything.
    let slot = p.served.iter().position(|s| s.epoch == 11).unwrap();
    p.served[slot].amount = 0;
    assert_eq!(p.record_served(next + 1, UNIT, 0), Some(Expired::default()));
}
