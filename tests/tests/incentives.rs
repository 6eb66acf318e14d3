//! The incentive layer under attack (issue 12). Each test plays one exploit against the program and
//! computes the attacker's profit and loss to the base unit, over every key it controls; the property
//! is P&L ≤ 0 (or a named refusal). The README ("Incentives: who can game what") states each rule and
//! why it holds.

use compute_amm::state::{JobStatus, Market};
use compute_amm_client::{ix, JobAddresses};
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::{Fixture, FixtureConfig, ProviderUser};
use compute_amm_tests::pools::protocol_pool;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

const DAY: i64 = 86_400;

/// Warps to the first second of the next epoch (default one-day epochs counted from the Unix epoch).
async fn next_epoch(fx: &mut Fixture) {
    let now = fx.env.now().await;
    fx.env.warp_seconds(DAY - now.rem_euclid(DAY)).await;
}

/// A one-milestone job of `amount` credits opened by user `u`, accepted by `p`; returns its
/// addresses.
async fn accepted_job(
    fx: &mut Fixture,
    u: usize,
    p: &ProviderUser,
    job_id: u64,
    amount: u64,
    complete_in: i64,
) -> JobAddresses {
    let user = fx.users[u].key();
    let j = JobAddresses::derive(&fx.protocol_mint, &fx.treasury, 0, &user, job_id);
    fx.env.watch_job(j.job);
    let now = fx.env.now().await;
    let i = ix::open_job(
        ix::open_job_accounts(&j, fx.users[u].credit),
        job_id,
        1,
        vec![amount],
        now + 3_600,
        now + complete_in,
    );
    fx.env
        .execute(&[i], &[&fx.users[u].kp])
        .await
        .expect("open_job");
    fx.env
        .execute(&[ix::accept_job(&p.addrs, j.job)], &[&p.kp])
        .await
        .expect("accept_job");
    j
}

/// Finding 1 (critical): a provider serves a job paid by a second key it controls, approves it
/// itself, and claims the epoch's emission. Its P&L over both keys, in protocol tokens, counting the
/// credits at the protocol pool's price. Before the fix: +10,000 tokens (the whole emission) at no
/// cost. After: the settlement take (10 credits, 25 tokens) goes to the burn and the reward is
/// capped by its value, so the P&L is at most 0.
#[tokio::test]
async fn wash_work_for_a_second_key_earns_no_net_emission() {
    let mut fx = Fixture::with(FixtureConfig {
        params: compute_amm_harness::fixture::default_params(),
        ..FixtureConfig::default()
    })
    .await;
    let (pp, _) = protocol_pool(&mut fx).await;
    next_epoch(&mut fx).await;
    let p = fx.provider_clone();
    // user 0 is the provider's second key
    let k = 0;
    let k_credit = fx.users[k].credit;
    let tokens0 = fx.env.token_balance(p.protocol).await;
    let credits0 = fx.env.token_balance(p.credit).await + fx.env.token_balance(k_credit).await;

    let j = accepted_job(&mut fx, k, &p, 1, 100 * UNIT, DAY / 2).await;
    fx.env
        .execute(
            &[ix::submit_milestone(&p.addrs, j.job, 0, [9; 32])],
            &[&p.kp],
        )
        .await
        .unwrap();
    let acc = ix::job_user_accounts(&j, &p.addrs, k_credit, p.credit);
    fx.env
        .execute(&[ix::approve_milestone(acc, 0)], &[&fx.users[k].kp])
        .await
        .unwrap();
    let m = fx.market().await;
    let epoch = m.epoch_at(fx.env.now().await);
    next_epoch(&mut fx).await;
    let cranker = fx.env.funded_keypair();
    for e in m.next_epoch_to_finalize..=epoch {
        fx.env
            .execute(
                &[ix::advance_epoch(cranker.pubkey(), fx.addrs.market, e)],
                &[&cranker],
            )
            .await
            .unwrap();
    }
    fx.env
        .execute(&[ix::claim_rewards(&p.addrs, epoch, p.protocol)], &[&p.kp])
        .await
        .unwrap();

    let tokens1 = fx.env.token_balance(p.protocol).await;
    let credits1 = fx.env.token_balance(p.credit).await + fx.env.token_balance(k_credit).await;
    let pool: compute_amm::state::Pool = fx.env.get(pp.pool).await;
    let d_tokens = i128::from(tokens1) - i128::from(tokens0);
    let d_credits = i128::from(credits1) - i128::from(credits0);
    // credits at the pool's spot price, tokens per credit
    let pnl =
        d_tokens + d_credits * i128::from(pool.reserve_quote) / i128::from(pool.reserve_credit);
    println!("wash work P&L: tokens {d_tokens}, credits {d_credits}, total {pnl} base units");
    assert_eq!(
        d_credits,
        -10 * UNIT as i128,
        "the 10% take went to the burn"
    );
    assert!(
        d_tokens > 0,
        "honest-looking work still earns its capped reward"
    );
    assert!(
        pnl <= 0,
        "self-dealt work paid: P&L {pnl} base units (tokens {d_tokens}, credits {d_credits})"
    );
    // The take reaches the burn: moved to the protocol pool, sold and burned.
    fx.env
        .execute(
            &[ix::move_settlement_fees(cranker.pubkey(), &pp)],
            &[&cranker],
        )
        .await
        .unwrap();
    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    fx.env
        .execute(
            &[ix::burn_protocol_fees(
                cranker.pubkey(),
                &pp,
                fx.protocol_mint,
            )],
            &[&cranker],
        )
        .await
        .unwrap();
    let burned = supply0 - fx.env.mint_supply(fx.protocol_mint).await;
    println!("wash work: {burned} base units of protocol token burned for the take");
    assert!(
        burned as i128 >= d_tokens * 95 / 100,
        "burned {burned} against the {d_tokens} emitted for the work"
    );
}

/// Finding 2 (high, open: see the README): a provider expires a job it took for its own second key: the slash pays its
/// bond back to the second key (and the crank reward to itself) at once, escaping the cooldown, and
/// exhausts the epoch cap so a real user's failed job in the same epoch is compensated with nothing.
#[tokio::test]
#[ignore = "finding 2 is not closed yet: `cargo test -- --ignored` shows the exploit"]
async fn a_self_slash_neither_returns_stake_early_nor_empties_a_victims_compensation() {
    let mut fx = Fixture::with(FixtureConfig {
        users: 2,
        ..FixtureConfig::default()
    })
    .await;
    // A provider with 1,000 tokens staked: the epoch cap is 20% = 200 tokens.
    let p = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 1_000 * UNIT).await;
    let (k, victim) = (0, 1);
    let k_protocol = fx
        .env
        .create_token_account(fx.protocol_mint, fx.users[k].key());
    let v_protocol = fx
        .env
        .create_token_account(fx.protocol_mint, fx.users[victim].key());
    let p_crank = fx.env.create_token_account(fx.protocol_mint, p.key());
    next_epoch(&mut fx).await;
    // 40 credits each: a bond of 200 tokens each.
    let self_job = accepted_job(&mut fx, k, &p, 1, 40 * UNIT, DAY / 4).await;
    let victim_job = accepted_job(&mut fx, victim, &p, 2, 40 * UNIT, DAY / 4).await;
    let liquid0 = fx.env.token_balance(k_protocol).await + fx.env.token_balance(p_crank).await;
    fx.env.warp_seconds(DAY / 4 + 3_600 + 1).await;
    // The provider expires its own job first, from its own key (it collects the crank reward).
    let i = ix::expire_job(
        p.key(),
        &self_job,
        &p.addrs,
        fx.users[k].credit,
        p.credit,
        k_protocol,
        p_crank,
    );
    fx.env.execute(&[i], &[&p.kp]).await.unwrap();
    let liquid1 = fx.env.token_balance(k_protocol).await + fx.env.token_balance(p_crank).await;
    let i = ix::expire_job(
        p.key(),
        &victim_job,
        &p.addrs,
        fx.users[victim].credit,
        p.credit,
        v_protocol,
        p_crank,
    );
    fx.env.execute(&[i], &[&p.kp]).await.unwrap();
    let victim_paid = fx.env.token_balance(v_protocol).await;
    // The victim is owed the stake value of its refunded 40 credits (200 tokens, less the crank).
    assert!(
        victim_paid >= 199 * UNIT,
        "victim compensated with {victim_paid} of 199 tokens"
    );
    assert!(
        liquid1 <= liquid0,
        "stake came back to the provider's keys before its cooldown: {} tokens",
        liquid1 - liquid0
    );
}

/// Finding 3 (medium): with the arbiter absent, a disputed job locks its escrow and the provider's
/// bond forever: expiry, cancellation and claims are all refused, 100 days later.
#[tokio::test]
async fn a_dispute_with_an_absent_arbiter_settles_after_the_dispute_window() {
    let mut fx = Fixture::new().await;
    let p = fx.provider_clone();
    let u = 0;
    let j = accepted_job(&mut fx, u, &p, 1, 50 * UNIT, DAY).await;
    fx.env
        .execute(
            &[ix::submit_milestone(&p.addrs, j.job, 0, [1; 32])],
            &[&p.kp],
        )
        .await
        .unwrap();
    let acc = ix::job_user_accounts(&j, &p.addrs, fx.users[u].credit, p.credit);
    fx.env
        .execute(&[ix::dispute_milestone(acc, 0)], &[&fx.users[u].kp])
        .await
        .unwrap();
    fx.env.warp_seconds(100 * DAY).await;
    let cranker = fx.env.funded_keypair();
    let cranker_protocol = fx
        .env
        .create_token_account(fx.protocol_mint, cranker.pubkey());
    let user_protocol = fx
        .env
        .create_token_account(fx.protocol_mint, fx.users[u].key());
    let settle = ix::expire_job(
        cranker.pubkey(),
        &j,
        &p.addrs,
        fx.users[u].credit,
        p.credit,
        user_protocol,
        cranker_protocol,
    );
    let r = fx.env.execute(&[settle], &[&cranker]).await;
    let job: compute_amm::state::Job = fx.env.get(j.job).await;
    assert!(
        r.is_ok() && job.status != JobStatus::Accepted,
        "100 days after the dispute the job is still {:?} ({r:?}); escrow {} locked",
        job.status,
        fx.env.token_balance(j.escrow_vault).await
    );
}

/// Finding 5 (medium): a small increase of `epoch_length_secs` renumbers epochs from Unix time 0:
/// new work lands in an epoch that was already finalized and claimed.
#[tokio::test]
async fn changing_the_epoch_length_never_renumbers_finalized_epochs() {
    let mut fx = Fixture::new().await;
    next_epoch(&mut fx).await;
    let m0: Market = fx.market().await;
    let first = m0.next_epoch_to_finalize;
    let mut params = m0.params;
    params.epoch_length_secs = DAY + 1;
    fx.env
        .execute(
            &[ix::propose_params(
                fx.admin.pubkey(),
                fx.addrs.market,
                params,
            )],
            &[&fx.admin],
        )
        .await
        .unwrap();
    // Finalize the epochs the timelock spans, then apply the change.
    let cranker = fx.env.funded_keypair();
    fx.env.warp_seconds(params.param_timelock_secs).await;
    for e in first..first + (params.param_timelock_secs / DAY) as u64 {
        fx.env
            .execute(
                &[ix::advance_epoch(cranker.pubkey(), fx.addrs.market, e)],
                &[&cranker],
            )
            .await
            .unwrap();
    }
    fx.env
        .execute(&[ix::apply_params(fx.addrs.market)], &[])
        .await
        .unwrap();
    let m1: Market = fx.market().await;
    let now = fx.env.now().await;
    assert!(
        m1.epoch_at(now) >= m1.next_epoch_to_finalize,
        "after the change the clock is in epoch {} but epochs up to {} are finalized",
        m1.epoch_at(now),
        m1.next_epoch_to_finalize - 1
    );
    let _ = Pubkey::default();
}

trait ProviderClone {
    fn provider_clone(&self) -> ProviderUser;
}

impl ProviderClone for Fixture {
    fn provider_clone(&self) -> ProviderUser {
        ProviderUser {
            kp: self.provider.kp.insecure_clone(),
            addrs: self.provider.addrs,
            protocol: self.provider.protocol,
            credit: self.provider.credit,
        }
    }
}
