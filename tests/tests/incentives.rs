//! The incentive layer under attack (issue 12). Each test plays one exploit against the program and
//! computes the attacker's profit and loss to the base unit, over every key it controls; the property
//! is P&L ≤ 0 (or a named refusal). The README ("Incentives: who can game what") states each rule and
//! why it holds.

use compute_amm::error::ComputeAmmError as E;
use compute_amm::state::{JobStatus, Market};
use compute_amm_client::{ix, JobAddresses};
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::program_code;
use compute_amm_harness::{Fixture, FixtureConfig, ProviderUser};
use compute_amm_tests::expect_error;
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
    accepted_milestones(fx, u, p, job_id, &[amount], complete_in).await
}

/// A job of the given milestones opened by user `u` (accept within an hour, complete within
/// `complete_in` seconds), accepted by `p`; returns its addresses.
async fn accepted_milestones(
    fx: &mut Fixture,
    u: usize,
    p: &ProviderUser,
    job_id: u64,
    milestones: &[u64],
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
        milestones.to_vec(),
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
    // The burn sells it in chunks (half a swap fee of the reserve, one per interval): crank until
    // it is all sold.
    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    let mut calls = 0;
    while fx
        .env
        .get::<compute_amm::state::Pool>(pp.pool)
        .await
        .protocol_fees_credit
        > 0
    {
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
        calls += 1;
        assert!(calls < 100, "the take does not drain");
        fx.env
            .warp_seconds(compute_amm::constants::BUYBACK_INTERVAL_SECS)
            .await;
    }
    let burned = supply0 - fx.env.mint_supply(fx.protocol_mint).await;
    println!(
        "wash work: {burned} base units of protocol token burned for the take ({calls} chunks)"
    );
    assert!(
        burned as i128 >= d_tokens * 95 / 100,
        "burned {burned} against the {d_tokens} emitted for the work"
    );
}

/// Finding 2 (high): a provider expires a job it took for its own second key. Before the fix the
/// slash paid its bond back to the second key (and the crank reward to itself) at once, escaping the
/// cooldown, and exhausted the epoch cap, so a real user's failed job in the same epoch was
/// compensated with nothing (the user got 0 of 199 tokens; the arbiter's `slash_provider` failed
/// `SlashAboveCap`). Now a failed job's bond is slashed whole, outside the cap, and its compensation
/// and crank reward vest for the unstake cooldown: the provider's keys get nothing back early, the
/// victim gets its full 199 tokens, the arbiter keeps its room.
#[tokio::test]
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
    // The provider expires its own job first, from its own key (it would collect the crank reward).
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
    println!(
        "self-slash: provider's keys got {} base units at the failure",
        liquid1 - liquid0
    );
    assert_eq!(
        liquid1, liquid0,
        "stake came back to the provider's keys before its cooldown"
    );
    // Claiming before the cooldown is refused, and nothing moves.
    let claim_self = ix::claim_compensation(p.key(), &self_job, k_protocol, p_crank);
    expect_error(
        &mut fx.env,
        &[claim_self.clone()],
        &[&p.kp],
        program_code(E::CompensationVesting),
    )
    .await;
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
    // The arbiter's room this epoch is untouched by the two failures.
    let harmed = fx
        .env
        .create_token_account(fx.protocol_mint, Pubkey::new_unique());
    let acc = ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, harmed, fx.treasury, None);
    fx.env
        .execute(
            &[ix::slash_provider(
                acc,
                100 * UNIT,
                0,
                compute_amm::state::SlashReason::LostDispute,
            )],
            &[&fx.arbiter],
        )
        .await
        .expect("the arbiter can still slash within the cap");
    // After the cooldown, both compensations are paid in full.
    let cooldown = fx.market().await.params.unstake_cooldown_secs;
    fx.env.warp_seconds(cooldown).await;
    let claim_victim = ix::claim_compensation(p.key(), &victim_job, v_protocol, p_crank);
    fx.env.execute(&[claim_victim], &[&p.kp]).await.unwrap();
    let victim_paid = fx.env.token_balance(v_protocol).await;
    println!("victim compensated with {victim_paid} base units after the cooldown");
    // The victim is owed the stake value of its refunded 40 credits (200 tokens, less the crank).
    assert!(
        victim_paid >= 199 * UNIT,
        "victim compensated with {victim_paid} of 199 tokens"
    );
    fx.env.execute(&[claim_self], &[&p.kp]).await.unwrap();
    let liquid2 = fx.env.token_balance(k_protocol).await + fx.env.token_balance(p_crank).await;
    let prov: compute_amm::state::Provider = fx.env.get(p.addrs.provider).await;
    // Over every key the provider controls, stake included: what it had staked (1,000 tokens) and
    // held against what it holds now, after the cooldown. It paid two bonds and an arbiter slash and
    // got back its own job's compensation and the two crank rewards.
    let pnl = i128::from(prov.stake) + i128::from(prov.pending_tokens) + i128::from(liquid2)
        - 1_000 * UNIT as i128
        - i128::from(liquid0);
    println!(
        "self-slash P&L over all the provider's keys: {pnl} base units (keys received {})",
        liquid2 - liquid0
    );
    assert!(pnl <= 0, "the self-slash paid: {pnl}");
    let job: compute_amm::state::Job = fx.env.get(victim_job.job).await;
    assert_eq!(job.compensation_held(), 0);
    assert_eq!(fx.market().await.compensation_owed, 0);
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

/// Pushes the class's protocol-pool price (tokens per credit) to where the fixture provider's
/// collateral ratio would be `target` (stake beyond bonds ÷ credits at that price), by buying
/// credits with tokens, then lets the TWAP window pass at that price. Returns the ratio in basis
/// points, computed here from the reserves and the provider's state (not by the program's code).
async fn crash_to(
    fx: &mut Fixture,
    pp: &compute_amm_client::PoolAddresses,
    trader: &compute_amm_tests::pools::Trader,
    target: f64,
) -> u64 {
    let prov: compute_amm::state::Provider = fx.env.get(fx.provider.addrs.provider).await;
    let backing = (prov.stake - prov.locked_bond) as f64;
    let obligations = prov.obligations as f64;
    let pool: compute_amm::state::Pool = fx.env.get(pp.pool).await;
    let (x, y) = (pool.reserve_credit as f64, pool.reserve_quote as f64);
    let p_target = backing / (obligations * target);
    let y_target = (x * y * p_target).sqrt();
    let tokens_in = ((y_target - y) / 0.997).max(0.0) as u64;
    if tokens_in > 0 {
        fx.env.mint_tokens(trader.protocol, tokens_in).await;
        let deadline = fx.env.now().await + 600;
        let acc = ix::swap_accounts(trader.kp.pubkey(), pp, trader.credit, trader.protocol);
        fx.env
            .execute(
                &[ix::swap_exact_in(
                    acc,
                    compute_amm::state::SwapDirection::BuyCredits,
                    tokens_in,
                    0,
                    deadline,
                )],
                &[&trader.kp],
            )
            .await
            .unwrap();
    }
    let window = fx.market().await.params.buyback_twap_window_secs;
    fx.env.warp_seconds(window + 1).await;
    let pool: compute_amm::state::Pool = fx.env.get(pp.pool).await;
    let value = obligations * pool.reserve_quote as f64 / pool.reserve_credit as f64;
    (backing * 10_000.0 / value) as u64
}

/// Finding 8: collateral in value. A token crash (the credit's price in tokens multiplies) crosses
/// each named threshold in turn: below 95% minting still works but logs `CollateralLow`; below 90%
/// minting and accepting are refused (`CollateralBelowHalt`); below 50% unstaking is refused too
/// (`CollateralSevere`). Each refusal changes nothing.
#[tokio::test]
async fn a_token_crash_crossing_each_collateral_threshold_halts_what_it_names() {
    let mut fx = Fixture::new().await;
    let (pp, trader) = protocol_pool(&mut fx).await;
    let p = fx.provider_clone();
    let mint = |p: &ProviderUser, amount| {
        ix::mint_credits(ix::credits_accounts(&p.addrs, p.credit), amount)
    };
    let unstake = |p: &ProviderUser, id, amount| ix::request_unstake(&p.addrs, id, amount);

    let healthy = crash_to(&mut fx, &pp, &trader, 2.0).await;
    println!("collateral before the crash: {healthy} bps");
    fx.env.execute(&[mint(&p, UNIT)], &[&p.kp]).await.unwrap();
    assert!(fx
        .env
        .events::<compute_amm::events::CollateralLow>()
        .is_empty());

    let warn = crash_to(&mut fx, &pp, &trader, 0.925).await;
    println!("after the first leg of the crash: {warn} bps");
    assert!((9_000..9_500).contains(&warn), "{warn}");
    fx.env.execute(&[mint(&p, UNIT)], &[&p.kp]).await.unwrap();
    let low = fx.env.events::<compute_amm::events::CollateralLow>();
    assert_eq!(
        low.len(),
        1,
        "minting below the warning level logs CollateralLow"
    );
    assert!(low[0].ratio_bps < 9_500 && low[0].ratio_bps >= 9_000);

    let halt = crash_to(&mut fx, &pp, &trader, 0.7).await;
    println!("below the halt level: {halt} bps");
    expect_error(
        &mut fx.env,
        &[mint(&p, UNIT)],
        &[&p.kp],
        program_code(E::CollateralBelowHalt),
    )
    .await;
    let user = fx.users[0].key();
    let j = JobAddresses::derive(&fx.protocol_mint, &fx.treasury, 0, &user, 77);
    fx.env.watch_job(j.job);
    let now = fx.env.now().await;
    let open = ix::open_job(
        ix::open_job_accounts(&j, fx.users[0].credit),
        77,
        1,
        vec![UNIT],
        now + 3_600,
        now + DAY,
    );
    fx.env.execute(&[open], &[&fx.users[0].kp]).await.unwrap();
    expect_error(
        &mut fx.env,
        &[ix::accept_job(&p.addrs, j.job)],
        &[&p.kp],
        program_code(E::CollateralBelowHalt),
    )
    .await;
    // Stake may still leave above the severe level.
    let next_ticket = fx
        .env
        .get::<compute_amm::state::Provider>(p.addrs.provider)
        .await
        .next_ticket_id;
    fx.env
        .execute(&[unstake(&p, next_ticket, UNIT)], &[&p.kp])
        .await
        .expect("unstaking is allowed between the halt and severe levels");

    let severe = crash_to(&mut fx, &pp, &trader, 0.4).await;
    println!("below the severe level: {severe} bps");
    expect_error(
        &mut fx.env,
        &[unstake(&p, next_ticket + 1, UNIT)],
        &[&p.kp],
        program_code(E::CollateralSevere),
    )
    .await;
}

/// Finding 3: an absent arbiter is replaced through the timelock: `propose_roles` names a new
/// arbiter and treasury, `apply_roles` refuses before the timelock (`TimelockNotElapsed`) and
/// applies after it; the old arbiter can then no longer rule, and only the admin may propose.
#[tokio::test]
async fn the_arbiter_and_treasury_rotate_through_the_timelock() {
    let mut fx = Fixture::new().await;
    let new_arbiter = fx.env.funded_keypair();
    let new_treasury = fx
        .env
        .create_token_account(fx.protocol_mint, Pubkey::new_unique());
    let intruder = fx.env.funded_keypair();
    expect_error(
        &mut fx.env,
        &[ix::propose_roles(
            intruder.pubkey(),
            fx.addrs.market,
            new_treasury,
            intruder.pubkey(),
        )],
        &[&intruder],
        program_code(E::Unauthorized),
    )
    .await;
    fx.env
        .execute(
            &[ix::propose_roles(
                fx.admin.pubkey(),
                fx.addrs.market,
                new_treasury,
                new_arbiter.pubkey(),
            )],
            &[&fx.admin],
        )
        .await
        .unwrap();
    expect_error(
        &mut fx.env,
        &[ix::apply_roles(fx.addrs.market)],
        &[],
        program_code(E::TimelockNotElapsed),
    )
    .await;
    let timelock = fx.market().await.params.param_timelock_secs;
    fx.env.warp_seconds(timelock).await;
    fx.env
        .execute(&[ix::apply_roles(fx.addrs.market)], &[])
        .await
        .unwrap();
    let m = fx.market().await;
    assert_eq!(m.arbiter, new_arbiter.pubkey());
    assert_eq!(m.treasury, new_treasury);
    assert_eq!(m.pending_roles_effective_at, 0);
    // The old arbiter is out.
    let p = fx.provider_clone();
    let harmed = fx
        .env
        .create_token_account(fx.protocol_mint, Pubkey::new_unique());
    let acc = ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, harmed, new_treasury, None);
    expect_error(
        &mut fx.env,
        &[ix::slash_provider(
            acc,
            UNIT,
            0,
            compute_amm::state::SlashReason::LostDispute,
        )],
        &[&fx.arbiter],
        program_code(E::NotArbiter),
    )
    .await;
}

/// Finding 7: a WITHDRAW pause lapses by itself after `MAX_WITHDRAW_PAUSE_SECS`, and the admin can
/// not re-arm it before as long again has passed (`WithdrawPauseTooSoon`): LP exits cannot be frozen
/// indefinitely.
#[tokio::test]
async fn a_withdraw_pause_lapses_and_cannot_be_renewed_at_once() {
    use compute_amm::constants::MAX_WITHDRAW_PAUSE_SECS;
    use compute_amm::state::pause;
    let mut fx = Fixture::new().await;
    let set = |fx: &Fixture, flags| ix::set_paused(fx.admin.pubkey(), fx.addrs.market, flags);
    fx.env
        .execute(&[set(&fx, pause::WITHDRAW)], &[&fx.admin])
        .await
        .unwrap();
    let (credit, quote, lp) = fx.lp.credit_quote_lp();
    let lp_balance = fx.env.token_balance(lp).await;
    let remove = |fx: &mut Fixture, deadline| {
        ix::remove_liquidity(
            ix::liquidity_accounts(fx.lp.key(), &fx.addrs, credit, quote, lp),
            lp_balance / 10,
            0,
            0,
            deadline,
        )
    };
    let d = fx.deadline().await;
    let r = remove(&mut fx, d);
    expect_error(
        &mut fx.env,
        &[r],
        &[&fx.lp.kp],
        program_code(E::ActionPaused),
    )
    .await;
    fx.env.warp_seconds(MAX_WITHDRAW_PAUSE_SECS).await;
    let d = fx.deadline().await;
    let r = remove(&mut fx, d);
    fx.env
        .execute(&[r], &[&fx.lp.kp])
        .await
        .expect("the pause lapsed: LPs can exit");
    // Lift and re-arm at once: refused until another MAX_WITHDRAW_PAUSE_SECS has passed.
    fx.env.execute(&[set(&fx, 0)], &[&fx.admin]).await.unwrap();
    let rearm = set(&fx, pause::WITHDRAW);
    expect_error(
        &mut fx.env,
        &[rearm],
        &[&fx.admin],
        program_code(E::WithdrawPauseTooSoon),
    )
    .await;
    fx.env.warp_seconds(MAX_WITHDRAW_PAUSE_SECS).await;
    fx.env
        .execute(&[set(&fx, pause::WITHDRAW)], &[&fx.admin])
        .await
        .unwrap();
}

/// Finding 7: a job whose deadline is beyond `MAX_JOB_DURATION_SECS` is refused (`JobTooLong`):
/// before, `complete_by` near `i64::MAX` made the expiry arithmetic overflow, so the job could never
/// be expired and its escrow and bond stayed locked.
#[tokio::test]
async fn a_job_deadline_beyond_the_maximum_duration_is_refused() {
    use compute_amm::constants::MAX_JOB_DURATION_SECS;
    let mut fx = Fixture::new().await;
    let user = fx.users[0].key();
    let now = fx.env.now().await;
    for (id, complete_by) in [(5u64, i64::MAX), (6, now + MAX_JOB_DURATION_SECS + 1)] {
        let j = JobAddresses::derive(&fx.protocol_mint, &fx.treasury, 0, &user, id);
        let i = ix::open_job(
            ix::open_job_accounts(&j, fx.users[0].credit),
            id,
            1,
            vec![UNIT],
            now + 3_600,
            complete_by,
        );
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            program_code(E::JobTooLong),
        )
        .await;
    }
}

/// Finding 7: whoever front-ran `initialize_market` for a mint became its admin. Now the signer must
/// hold the mint's authority (`NotMintAuthority`), and the instruction hands it to the market PDA.
#[tokio::test]
async fn only_the_mint_authority_can_create_a_market_for_its_token() {
    let mut env = compute_amm_harness::Env::new().await;
    let issuer = env.funded_keypair();
    let squatter = env.funded_keypair();
    let protocol_mint = env.create_mint(6, issuer.pubkey());
    let treasury = env.create_token_account(protocol_mint, Pubkey::new_unique());
    let market = compute_amm_client::pda::market(&protocol_mint).0;
    env.watch_account(market);
    let init = |admin: Pubkey| {
        ix::initialize_market(
            admin,
            protocol_mint,
            treasury,
            compute_amm_harness::fixture::default_params(),
            Pubkey::new_unique(),
        )
    };
    expect_error(
        &mut env,
        &[init(squatter.pubkey())],
        &[&squatter],
        program_code(E::NotMintAuthority),
    )
    .await;
    env.execute(&[init(issuer.pubkey())], &[&issuer])
        .await
        .unwrap();
    let mint: spl_token_interface::state::Mint = {
        use solana_program_pack::Pack;
        let acc = env.account(protocol_mint).await.unwrap();
        spl_token_interface::state::Mint::unpack(&acc.data).unwrap()
    };
    assert_eq!(
        mint.mint_authority,
        anchor_lang::solana_program::program_option::COption::Some(market),
        "the market PDA now holds the mint authority"
    );
}

/// Finding 4 (medium): junk milestones. Before the change a provider could submit all four
/// milestones of a job at once with junk hashes; the user had to dispute each inside one challenge
/// window, paying a bond each, or the provider claimed them for no work (by the old rules: a user
/// who disputed only the first lost the other three, 3 × 25 credits less the 10% take = +67.5
/// credits to the provider for nothing; a user who had spent all its credits on the job could not
/// dispute at all, `InsufficientFunds`, and lost all four, +90 credits).
/// After: milestone i opens at its share of the run (or once i−1 is released), a disputed
/// milestone blocks claims of every later one, a provider at fault is paid nothing behind the
/// dispute, and a user with an empty account disputes against its escrow (bond 0).
#[tokio::test]
async fn junk_milestones_cannot_be_rushed_or_claimed_behind_a_dispute() {
    let mut fx = Fixture::with(FixtureConfig {
        users: 1,
        user_credit: 100 * UNIT,
        ..FixtureConfig::default()
    })
    .await;
    let p = fx.provider_clone();
    let user = fx.users[0].key();
    let window = fx.market().await.params.challenge_window_secs;
    // The user spends every credit it has on one four-milestone job over four days.
    let j = accepted_milestones(&mut fx, 0, &p, 1, &[25 * UNIT; 4], 4 * DAY).await;
    assert_eq!(fx.env.token_balance(fx.users[0].credit).await, 0);
    let provider_credit0 = fx.env.token_balance(p.credit).await;

    // Milestone 0 opens at acceptance; milestone 1 not before a quarter of the run has passed.
    fx.env
        .execute(
            &[ix::submit_milestone(&p.addrs, j.job, 0, [9; 32])],
            &[&p.kp],
        )
        .await
        .unwrap();
    expect_error(
        &mut fx.env,
        &[ix::submit_milestone(&p.addrs, j.job, 1, [9; 32])],
        &[&p.kp],
        program_code(E::MilestoneTooEarly),
    )
    .await;

    // The user, with 0 credits left, disputes the junk: bond 0, taken against its escrow.
    let acc = ix::job_user_accounts(&j, &p.addrs, fx.users[0].credit, p.credit);
    fx.env
        .execute(&[ix::dispute_milestone(acc, 0)], &[&fx.users[0].kp])
        .await
        .expect("a user with an empty account can still dispute");
    let job: compute_amm::state::Job = fx.env.get(j.job).await;
    assert_eq!(job.milestones[0].dispute_bond, 0);

    // A day later milestone 1 opens; more junk behind the dispute cannot be claimed.
    fx.env.warp_seconds(DAY).await;
    fx.env
        .execute(
            &[ix::submit_milestone(&p.addrs, j.job, 1, [9; 32])],
            &[&p.kp],
        )
        .await
        .unwrap();
    fx.env.warp_seconds(window).await;
    expect_error(
        &mut fx.env,
        &[ix::claim_milestone(&p.addrs, &j, p.credit, 1)],
        &[&p.kp],
        program_code(E::EarlierMilestoneDisputed),
    )
    .await;

    // The arbiter finds the provider at fault: nothing is paid behind the dispute, the user gets
    // every credit back.
    let user_protocol = fx.env.create_token_account(fx.protocol_mint, user);
    let rule = ix::resolve_dispute(
        fx.arbiter.pubkey(),
        &j,
        &p.addrs,
        fx.users[0].credit,
        p.credit,
        user_protocol,
        0,
        true,
    );
    fx.env.execute(&[rule], &[&fx.arbiter]).await.unwrap();
    let job: compute_amm::state::Job = fx.env.get(j.job).await;
    assert_eq!(job.status, JobStatus::Failed);
    assert_eq!(job.released, 0, "the junk milestone 1 was not paid");
    assert_eq!(fx.env.token_balance(fx.users[0].credit).await, 100 * UNIT);
    let provider_gain = fx.env.token_balance(p.credit).await as i128 - provider_credit0 as i128;
    println!("junk milestones: provider credit P&L {provider_gain} base units");
    assert!(provider_gain <= 0);
}

/// Finding 4, the honest path: a provider that delivers and a user that approves promptly are not
/// slowed by the pacing (milestone i opens as soon as i−1 is released).
#[tokio::test]
async fn approved_milestones_open_the_next_one_at_once() {
    let mut fx = Fixture::new().await;
    let p = fx.provider_clone();
    let j = accepted_milestones(&mut fx, 0, &p, 1, &[10 * UNIT; 3], 3 * DAY).await;
    for i in 0..3u8 {
        let acc = ix::job_user_accounts(&j, &p.addrs, fx.users[0].credit, p.credit);
        fx.env
            .execute(
                &[
                    ix::submit_milestone(&p.addrs, j.job, i, [i + 1; 32]),
                    ix::approve_milestone(acc, i),
                ],
                &[&p.kp, &fx.users[0].kp],
            )
            .await
            .unwrap_or_else(|e| panic!("milestone {i}: {e:?}"));
    }
    let job: compute_amm::state::Job = fx.env.get(j.job).await;
    assert_eq!(job.status, JobStatus::Completed);
}
