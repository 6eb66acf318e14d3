//! Escrowed job settlement: every path of the lifecycle, the races at the window edges, and the
//! adversarial matrix of every job instruction. The invariant checker (escrow vault = open jobs'
//! unspent escrow + dispute bonds; supply = seeded + emitted − burned) runs after every transaction.

use anchor_lang::error::ErrorCode as A;
use compute_amm::error::ComputeAmmError as E;
use compute_amm::state::{pause, GpuClass, Job, JobStatus, MilestoneStatus, Provider};
use compute_amm_client::quote::{self, JobStage};
use compute_amm_client::{ix, JobAddresses};
use compute_amm_harness::fixture::{default_params, UNIT};
use compute_amm_harness::{anchor_code, program_code, Fixture};
use compute_amm_math::stake::required_stake;
use compute_amm_tests::expect_error;
use compute_amm_tests::jobs::{open, JobCtx};
use solana_signer::Signer;

const WINDOW: i64 = 3_600; // default challenge window

async fn job(fx: &mut Fixture, c: &JobCtx) -> Job {
    fx.env.get(c.j.job).await
}

async fn provider(fx: &mut Fixture) -> Provider {
    fx.env.get(fx.provider.addrs.provider).await
}

async fn accept(fx: &mut Fixture, c: &JobCtx) {
    fx.env
        .execute(
            &[ix::accept_job(&fx.provider.addrs, c.j.job)],
            &[&fx.provider.kp],
        )
        .await
        .expect("accept");
}

async fn submit(fx: &mut Fixture, c: &JobCtx, index: u8) {
    fx.env
        .execute(
            &[ix::submit_milestone(
                &fx.provider.addrs,
                c.j.job,
                index,
                [index + 1; 32],
            )],
            &[&fx.provider.kp],
        )
        .await
        .expect("submit");
}

#[tokio::test]
async fn job_lifecycle_approve_claim_complete_close() {
    let mut fx = Fixture::new().await;
    let credit0 = fx.env.token_balance(fx.users[0].credit).await;
    let c = open(&mut fx, 1, &[10 * UNIT, 20 * UNIT, 30 * UNIT]).await;
    assert_eq!(
        credit0 - fx.env.token_balance(fx.users[0].credit).await,
        60 * UNIT
    );
    assert_eq!(fx.env.token_balance(c.j.escrow_vault).await, 60 * UNIT);
    let market = fx.market().await;
    let now = fx.env.now().await;
    assert_eq!(
        quote::job_stage(&market, &job(&mut fx, &c).await, now),
        JobStage::AwaitingProvider
    );

    let p0 = provider(&mut fx).await;
    accept(&mut fx, &c).await;
    let p1 = provider(&mut fx).await;
    let bond = required_stake(60 * UNIT, default_params().stake_per_credit).unwrap();
    assert_eq!(bond, 300 * UNIT);
    assert_eq!((p1.locked_bond - p0.locked_bond, p1.open_jobs), (bond, 1));

    let pc0 = fx.env.token_balance(fx.provider.credit).await;
    submit(&mut fx, &c, 0).await;
    fx.env
        .execute(
            &[ix::approve_milestone(c.user_accounts(&fx), 0)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    assert_eq!(
        fx.env.token_balance(fx.provider.credit).await - pc0,
        10 * UNIT
    );

    submit(&mut fx, &c, 1).await;
    let claim = ix::claim_milestone(&fx.provider.addrs, &c.j, fx.provider.credit, 1);
    expect_error(
        &mut fx.env,
        &[claim.clone()],
        &[&fx.provider.kp],
        program_code(E::ChallengeWindowOpen),
    )
    .await;
    fx.env.warp_seconds(WINDOW).await;
    fx.env
        .execute(&[claim.clone()], &[&fx.provider.kp])
        .await
        .unwrap();
    // a double claim
    expect_error(
        &mut fx.env,
        &[claim],
        &[&fx.provider.kp],
        program_code(E::InvalidMilestoneState),
    )
    .await;

    submit(&mut fx, &c, 2).await;
    fx.env
        .execute(
            &[ix::approve_milestone(c.user_accounts(&fx), 2)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let jb = job(&mut fx, &c).await;
    assert_eq!(
        (jb.status, jb.released, jb.refunded),
        (JobStatus::Completed, 60 * UNIT, 0)
    );
    let p2 = provider(&mut fx).await;
    assert_eq!(
        (p2.locked_bond, p2.open_jobs, p2.jobs_served),
        (p0.locked_bond, 0, 1)
    );
    assert_eq!(p2.gpu_hours_delivered - p0.gpu_hours_delivered, 60 * UNIT);
    assert_eq!(
        fx.env.token_balance(fx.provider.credit).await - pc0,
        60 * UNIT
    );
    assert_eq!(fx.env.token_balance(c.j.escrow_vault).await, 0);

    fx.env
        .execute(&[ix::close_job(&c.j)], &[&fx.users[0].kp])
        .await
        .unwrap();
    assert!(fx.env.account(c.j.job).await.is_none());
}

#[tokio::test]
async fn cancel_refunds_and_blocks_acceptance() {
    let mut fx = Fixture::new().await;
    let credit0 = fx.env.token_balance(fx.users[0].credit).await;
    let c = open(&mut fx, 2, &[40 * UNIT]).await;
    // a stranger cannot cancel before accept-by
    let stranger = fx.env.funded_keypair();
    let i = ix::cancel_job(stranger.pubkey(), &c.j, fx.users[0].credit);
    expect_error(&mut fx.env, &[i], &[&stranger], program_code(E::NotJobUser)).await;
    // closing an open job is refused
    expect_error(
        &mut fx.env,
        &[ix::close_job(&c.j)],
        &[&fx.users[0].kp],
        program_code(E::InvalidJobState),
    )
    .await;
    fx.env
        .execute(
            &[ix::cancel_job(fx.users[0].key(), &c.j, fx.users[0].credit)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    assert_eq!(fx.env.token_balance(fx.users[0].credit).await, credit0);
    assert_eq!(job(&mut fx, &c).await.status, JobStatus::Cancelled);
    // accept after cancel
    let i = ix::accept_job(&fx.provider.addrs, c.j.job);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.provider.kp],
        program_code(E::InvalidJobState),
    )
    .await;

    // an unaccepted job past accept-by: anyone may cancel it, the refund goes to the user
    let c2 = open(&mut fx, 3, &[5 * UNIT]).await;
    fx.env.warp_seconds(3_601).await;
    let i = ix::accept_job(&fx.provider.addrs, c2.j.job);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.provider.kp],
        program_code(E::JobDeadlinePassed),
    )
    .await;
    fx.env
        .execute(
            &[ix::cancel_job(stranger.pubkey(), &c2.j, fx.users[0].credit)],
            &[&stranger],
        )
        .await
        .unwrap();
    assert_eq!(job(&mut fx, &c2).await.status, JobStatus::Expired);
    assert_eq!(fx.env.token_balance(fx.users[0].credit).await, credit0);
}

#[tokio::test]
async fn window_edges_decide_dispute_versus_claim() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 4, &[10 * UNIT, 10 * UNIT]).await;
    accept(&mut fx, &c).await;
    submit(&mut fx, &c, 0).await;
    // one second before the window closes: the user can still dispute, the provider cannot claim
    fx.env.warp_seconds(WINDOW - 1).await;
    let claim = ix::claim_milestone(&fx.provider.addrs, &c.j, fx.provider.credit, 0);
    expect_error(
        &mut fx.env,
        &[claim.clone()],
        &[&fx.provider.kp],
        program_code(E::ChallengeWindowOpen),
    )
    .await;
    // at the edge: the claim goes through and a dispute is too late
    fx.env.warp_seconds(1).await;
    let dispute = ix::dispute_milestone(c.user_accounts(&fx), 0);
    expect_error(
        &mut fx.env,
        &[dispute],
        &[&fx.users[0].kp],
        program_code(E::ChallengeWindowClosed),
    )
    .await;
    fx.env.execute(&[claim], &[&fx.provider.kp]).await.unwrap();
    // approving what was already claimed
    let approve = ix::approve_milestone(c.user_accounts(&fx), 0);
    expect_error(
        &mut fx.env,
        &[approve],
        &[&fx.users[0].kp],
        program_code(E::InvalidMilestoneState),
    )
    .await;
}

#[tokio::test]
async fn dispute_lost_by_the_user_pays_the_provider_the_bond() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 5, &[20 * UNIT, 20 * UNIT]).await;
    accept(&mut fx, &c).await;
    submit(&mut fx, &c, 0).await;
    let u0 = fx.env.token_balance(fx.users[0].credit).await;
    fx.env
        .execute(
            &[ix::dispute_milestone(c.user_accounts(&fx), 0)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    // bond: 10% of 20 credits
    assert_eq!(
        u0 - fx.env.token_balance(fx.users[0].credit).await,
        2 * UNIT
    );
    let now = fx.env.now().await;
    let market = fx.market().await;
    assert_eq!(
        quote::job_stage(&market, &job(&mut fx, &c).await, now),
        JobStage::Disputed { index: 0 }
    );
    // not claimable while disputed, not resolvable by anyone but the arbiter
    fx.env.warp_seconds(WINDOW).await;
    let claim = ix::claim_milestone(&fx.provider.addrs, &c.j, fx.provider.credit, 0);
    expect_error(
        &mut fx.env,
        &[claim],
        &[&fx.provider.kp],
        program_code(E::InvalidMilestoneState),
    )
    .await;
    let intruder = fx.env.funded_keypair();
    let i = ix::resolve_dispute(
        intruder.pubkey(),
        &c.j,
        &fx.provider.addrs,
        fx.users[0].credit,
        fx.provider.credit,
        c.user_protocol,
        0,
        false,
    );
    expect_error(&mut fx.env, &[i], &[&intruder], program_code(E::NotArbiter)).await;

    let pc0 = fx.env.token_balance(fx.provider.credit).await;
    let i = ix::resolve_dispute(
        fx.arbiter.pubkey(),
        &c.j,
        &fx.provider.addrs,
        fx.users[0].credit,
        fx.provider.credit,
        c.user_protocol,
        0,
        false,
    );
    fx.env.execute(&[i], &[&fx.arbiter]).await.unwrap();
    assert_eq!(
        fx.env.token_balance(fx.provider.credit).await - pc0,
        22 * UNIT,
        "milestone + dispute bond"
    );
    let jb = job(&mut fx, &c).await;
    assert_eq!(
        (jb.status, jb.milestones[0].status),
        (JobStatus::Accepted, MilestoneStatus::Released)
    );
}

#[tokio::test]
async fn dispute_lost_by_the_provider_refunds_and_slashes() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 6, &[20 * UNIT, 30 * UNIT]).await;
    accept(&mut fx, &c).await;
    submit(&mut fx, &c, 0).await;
    fx.env
        .execute(
            &[ix::approve_milestone(c.user_accounts(&fx), 0)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    submit(&mut fx, &c, 1).await;
    let u0 = fx.env.token_balance(fx.users[0].credit).await;
    fx.env
        .execute(
            &[ix::dispute_milestone(c.user_accounts(&fx), 1)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let p0 = provider(&mut fx).await;
    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    let i = ix::resolve_dispute(
        fx.arbiter.pubkey(),
        &c.j,
        &fx.provider.addrs,
        fx.users[0].credit,
        fx.provider.credit,
        c.user_protocol,
        1,
        true,
    );
    fx.env.execute(&[i], &[&fx.arbiter]).await.unwrap();
    // the 30 unreleased credits and the 3-credit bond come back (u0 was read before the bond left)
    assert_eq!(
        fx.env.token_balance(fx.users[0].credit).await,
        u0 + 30 * UNIT
    );
    let jb = job(&mut fx, &c).await;
    assert_eq!(
        (jb.status, jb.released, jb.refunded),
        (JobStatus::Failed, 20 * UNIT, 30 * UNIT)
    );
    // bond = 250 tokens slashed; the user gets the stake value of 30 credits (150), half the rest burned
    let p1 = provider(&mut fx).await;
    assert_eq!(p0.stake - p1.stake, 250 * UNIT);
    assert_eq!(
        (p1.locked_bond, p1.jobs_failed),
        (p0.locked_bond - 250 * UNIT, 1)
    );
    assert_eq!(
        supply0 - fx.env.mint_supply(fx.protocol_mint).await,
        50 * UNIT
    );
    // the user's 150 tokens vest for the unstake cooldown, then anyone pays them out
    assert_eq!(fx.env.token_balance(c.user_protocol).await, 0);
    assert_eq!(jb.compensation, 150 * UNIT);
    let claim = ix::claim_compensation(c.cranker.pubkey(), &c.j, c.user_protocol, c.user_protocol);
    expect_error(
        &mut fx.env,
        &[claim.clone()],
        &[&c.cranker],
        program_code(E::CompensationVesting),
    )
    .await;
    let cooldown = fx.market().await.params.unstake_cooldown_secs;
    fx.env.warp_seconds(cooldown).await;
    fx.env.execute(&[claim], &[&c.cranker]).await.unwrap();
    assert_eq!(fx.env.token_balance(c.user_protocol).await, 150 * UNIT);
}

#[tokio::test]
async fn expiry_releases_what_was_delivered_refunds_the_rest_and_pays_the_crank() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 7, &[10 * UNIT, 10 * UNIT, 10 * UNIT]).await;
    accept(&mut fx, &c).await;
    submit(&mut fx, &c, 0).await;
    let expire = ix::expire_job(
        c.cranker.pubkey(),
        &c.j,
        &fx.provider.addrs,
        fx.users[0].credit,
        fx.provider.credit,
        c.user_protocol,
        c.cranker_protocol,
    );
    expect_error(
        &mut fx.env,
        &[expire.clone()],
        &[&c.cranker],
        program_code(E::JobNotExpired),
    )
    .await;
    fx.env.warp_seconds(86_400 + WINDOW).await;
    expect_error(
        &mut fx.env,
        &[expire.clone()],
        &[&c.cranker],
        program_code(E::JobNotExpired),
    )
    .await;
    fx.env.warp_seconds(1).await;
    let market = fx.market().await;
    let now = fx.env.now().await;
    assert_eq!(
        quote::job_stage(&market, &job(&mut fx, &c).await, now),
        JobStage::Expirable
    );
    // too late to submit now
    let i = ix::submit_milestone(&fx.provider.addrs, c.j.job, 1, [0; 32]);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.provider.kp],
        program_code(E::JobDeadlinePassed),
    )
    .await;

    let u0 = fx.env.token_balance(fx.users[0].credit).await;
    let pc0 = fx.env.token_balance(fx.provider.credit).await;
    fx.env
        .execute(&[expire.clone()], &[&c.cranker])
        .await
        .unwrap();
    assert_eq!(
        fx.env.token_balance(fx.provider.credit).await - pc0,
        10 * UNIT,
        "submitted milestone released"
    );
    assert_eq!(
        fx.env.token_balance(fx.users[0].credit).await - u0,
        20 * UNIT,
        "undelivered refunded"
    );
    // bond 150 tokens slashed for liveness: 0.5% crank, the user's claim is the stake value of 20 credits (100)
    // both vest on the job for the unstake cooldown
    let jb = job(&mut fx, &c).await;
    assert_eq!((jb.crank_reward, jb.compensation), (750_000, 100 * UNIT));
    assert_eq!(fx.env.token_balance(c.cranker_protocol).await, 0);
    assert_eq!(jb.status, JobStatus::Expired);
    expect_error(
        &mut fx.env,
        &[expire],
        &[&c.cranker],
        program_code(E::InvalidJobState),
    )
    .await;
    let cooldown = fx.market().await.params.unstake_cooldown_secs;
    fx.env.warp_seconds(cooldown).await;
    let claim = ix::claim_compensation(
        c.cranker.pubkey(),
        &c.j,
        c.user_protocol,
        c.cranker_protocol,
    );
    fx.env.execute(&[claim], &[&c.cranker]).await.unwrap();
    assert_eq!(fx.env.token_balance(c.cranker_protocol).await, 750_000);
    assert_eq!(fx.env.token_balance(c.user_protocol).await, 100 * UNIT);
}

#[tokio::test]
async fn expiry_waits_for_an_open_dispute() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 8, &[10 * UNIT]).await;
    accept(&mut fx, &c).await;
    // delivered just before the deadline, disputed at once
    fx.env.warp_seconds(86_400 - 100).await;
    submit(&mut fx, &c, 0).await;
    fx.env
        .execute(
            &[ix::dispute_milestone(c.user_accounts(&fx), 0)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let expire = ix::expire_job(
        c.cranker.pubkey(),
        &c.j,
        &fx.provider.addrs,
        fx.users[0].credit,
        fx.provider.credit,
        c.user_protocol,
        c.cranker_protocol,
    );
    // Past the job's deadline but inside the dispute window: the arbiter still has time.
    fx.env.warp_seconds(3_700 + 1).await;
    expect_error(
        &mut fx.env,
        &[expire.clone()],
        &[&c.cranker],
        program_code(E::DisputeOpen),
    )
    .await;
    // After the dispute window nobody ruled: the credits and the bond go back to the user, the
    // provider's bond is unlocked, nobody is slashed.
    fx.env.warp_seconds(86_400).await;
    let credit0 = fx.env.token_balance(fx.users[0].credit).await;
    let p0: Provider = fx.env.get(fx.provider.addrs.provider).await;
    fx.env.execute(&[expire], &[&c.cranker]).await.unwrap();
    let j: Job = fx.env.get(c.j.job).await;
    let p1: Provider = fx.env.get(fx.provider.addrs.provider).await;
    assert_eq!(j.status, JobStatus::Expired);
    assert_eq!(
        fx.env.token_balance(fx.users[0].credit).await - credit0,
        11 * UNIT
    );
    assert_eq!(
        (p1.stake, p1.jobs_failed, p1.locked_bond),
        (p0.stake, p0.jobs_failed, 0)
    );
    assert_eq!(fx.env.token_balance(c.j.escrow_vault).await, 0);
}

#[tokio::test]
async fn buy_and_open_job_is_atomic() {
    let mut fx = Fixture::new().await;
    let user = fx.users[1].key();
    let j = JobAddresses::derive(&fx.protocol_mint, &fx.treasury, 0, &user, 9);
    fx.env.watch_job(j.job);
    let market = fx.market().await;
    let pool = fx.pool().await;
    let q = quote::swap_exact_out(
        &market,
        &pool,
        compute_amm::state::SwapDirection::BuyCredits,
        50 * UNIT,
    )
    .unwrap();
    let now = fx.env.now().await;
    let acc = ix::buy_and_open_job_accounts(&j, &fx.addrs, fx.users[1].quote);
    // one unit below the quote: neither the swap nor the job happens
    let i = ix::buy_and_open_job(
        acc.clone(),
        9,
        2,
        vec![25 * UNIT, 25 * UNIT],
        now + 3_600,
        now + 86_400,
        q.amount_in - 1,
        now + 60,
    );
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[1].kp],
        program_code(E::MaxInputExceeded),
    )
    .await;
    assert!(fx.env.account(j.job).await.is_none());
    // bad SLA terms: neither happens either
    let i = ix::buy_and_open_job(
        acc.clone(),
        9,
        2,
        vec![25 * UNIT, 25 * UNIT],
        now + 3_600,
        now + 60,
        q.amount_in,
        now + 60,
    );
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[1].kp],
        program_code(E::InvalidJobTerms),
    )
    .await;
    let q0 = fx.env.token_balance(fx.users[1].quote).await;
    let i = ix::buy_and_open_job(
        acc,
        9,
        2,
        vec![25 * UNIT, 25 * UNIT],
        now + 3_600,
        now + 86_400,
        q.amount_in,
        now + 60,
    );
    fx.env.execute(&[i], &[&fx.users[1].kp]).await.unwrap();
    assert_eq!(
        q0 - fx.env.token_balance(fx.users[1].quote).await,
        q.amount_in
    );
    let jb: Job = fx.env.get(j.job).await;
    assert_eq!(
        (jb.total_credits, jb.status, jb.gpu_count),
        (50 * UNIT, JobStatus::Open, 2)
    );
    assert_eq!(fx.env.token_balance(j.escrow_vault).await, 50 * UNIT);
}

#[tokio::test]
async fn open_job_adversarial() {
    let mut fx = Fixture::new().await;
    let user = fx.users[0].key();
    let now = fx.env.now().await;
    let j = JobAddresses::derive(&fx.protocol_mint, &fx.treasury, 0, &user, 10);
    fx.env.watch_job(j.job);
    let acc = || ix::open_job_accounts(&j, fx.users[0].credit);
    for (amounts, accept_by, complete_by) in [
        (vec![], now + 10, now + 20),
        (vec![UNIT; 9], now + 10, now + 20),
        (vec![UNIT, 0], now + 10, now + 20),
        (vec![UNIT], now, now + 20),
        (vec![UNIT], now + 30, now + 20),
    ] {
        let i = ix::open_job(acc(), 10, 1, amounts, accept_by, complete_by);
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            program_code(E::InvalidJobTerms),
        )
        .await;
    }
    let i = ix::open_job(acc(), 10, 0, vec![UNIT], now + 10, now + 20);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InvalidJobTerms),
    )
    .await;
    let i = ix::open_job(acc(), 10, 1, vec![u64::MAX, 1], now + 10, now + 20);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::MathOverflow),
    )
    .await;
    let i = ix::open_job(acc(), 10, 1, vec![u64::MAX], now + 10, now + 20);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InsufficientFunds),
    )
    .await;
    // paying from someone else's credits
    let mut a = acc();
    a.user_credit = fx.users[1].credit;
    let i = ix::open_job(a, 10, 1, vec![UNIT], now + 10, now + 20);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        anchor_code(A::ConstraintTokenOwner),
    )
    .await;
    // a substituted escrow vault
    let mut a = acc();
    a.escrow_vault = fx.users[1].credit;
    let i = ix::open_job(a, 10, 1, vec![UNIT], now + 10, now + 20);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        anchor_code(A::ConstraintHasOne),
    )
    .await;
    // paused
    fx.env
        .execute(
            &[ix::set_paused(
                fx.admin.pubkey(),
                fx.addrs.market,
                pause::JOBS,
            )],
            &[&fx.admin],
        )
        .await
        .unwrap();
    let i = ix::open_job(acc(), 10, 1, vec![UNIT], now + 10, now + 20);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::ActionPaused),
    )
    .await;
}

#[tokio::test]
async fn provider_side_adversarial() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 11, &[10 * UNIT, 10 * UNIT]).await;
    // a provider of another class
    fx.env
        .execute(
            &[ix::create_gpu_class(
                fx.admin.pubkey(),
                fx.addrs.market,
                1,
                "A100",
            )],
            &[&fx.admin],
        )
        .await
        .unwrap();
    fx.env
        .watch_class(compute_amm_client::pda::gpu_class(&fx.addrs.market, 1).0);
    let other = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 1, 10_000 * UNIT).await;
    let i = ix::accept_job(&other.addrs, c.j.job);
    expect_error(
        &mut fx.env,
        &[i],
        &[&other.kp],
        program_code(E::WrongGpuClass),
    )
    .await;
    // a provider of the class without enough free stake (bond 100 tokens, stake 50)
    let poor = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 50 * UNIT).await;
    let i = ix::accept_job(&poor.addrs, c.j.job);
    expect_error(
        &mut fx.env,
        &[i],
        &[&poor.kp],
        program_code(E::InsufficientFreeStake),
    )
    .await;
    accept(&mut fx, &c).await;
    // submitting for a job the signer does not serve
    let i = ix::submit_milestone(&poor.addrs, c.j.job, 0, [1; 32]);
    expect_error(
        &mut fx.env,
        &[i],
        &[&poor.kp],
        program_code(E::NotJobProvider),
    )
    .await;
    // out of order, out of range
    let i = ix::submit_milestone(&fx.provider.addrs, c.j.job, 1, [1; 32]);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.provider.kp],
        program_code(E::InvalidMilestoneState),
    )
    .await;
    let i = ix::submit_milestone(&fx.provider.addrs, c.j.job, 7, [1; 32]);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.provider.kp],
        program_code(E::InvalidMilestoneState),
    )
    .await;
    // approving as someone else; approving a milestone not yet submitted
    let mut acc = c.user_accounts(&fx);
    acc.user = fx.users[1].key();
    acc.user_credit = fx.users[1].credit;
    expect_error(
        &mut fx.env,
        &[ix::approve_milestone(acc, 0)],
        &[&fx.users[1].kp],
        program_code(E::NotJobUser),
    )
    .await;
    let i = ix::approve_milestone(c.user_accounts(&fx), 0);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InvalidMilestoneState),
    )
    .await;
    // paying the provider's credits into someone else's account
    submit(&mut fx, &c, 0).await;
    let mut acc = c.user_accounts(&fx);
    acc.provider_credit = fx.users[1].credit;
    expect_error(
        &mut fx.env,
        &[ix::approve_milestone(acc, 0)],
        &[&fx.users[0].kp],
        anchor_code(A::ConstraintTokenOwner),
    )
    .await;
    // a substituted provider account
    let mut acc = c.user_accounts(&fx);
    acc.provider = poor.addrs.provider;
    expect_error(
        &mut fx.env,
        &[ix::approve_milestone(acc, 0)],
        &[&fx.users[0].kp],
        anchor_code(A::ConstraintHasOne),
    )
    .await;
    let class: GpuClass = fx.env.get(c.j.gpu_class).await;
    assert_eq!(class.total_escrowed, 20 * UNIT);
}
