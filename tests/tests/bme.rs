//! Burn-and-mint: protocol fees burned through a TWAP-guarded buyback (a sandwich must fail), and
//! emissions paid only for verified work. After every transaction the checker asserts
//! protocol-token supply = seeded + emitted − burned.

use compute_amm::error::ComputeAmmError as E;
use compute_amm::state::{EpochRecord, Market, SwapDirection};
use compute_amm_client::{ix, pda, PoolAddresses};
use compute_amm_harness::fixture::{default_params, UNIT};
use compute_amm_harness::{program_code, Fixture};
use compute_amm_tests::expect_error;
use compute_amm_tests::jobs::open;
use compute_amm_tests::pools::{protocol_pool, Trader};
use solana_pubkey::Pubkey;
use solana_signer::Signer;

async fn trade(fx: &mut Fixture, a: &PoolAddresses, t: &Trader, dir: SwapDirection, amount: u64) {
    let deadline = fx.env.now().await + 600;
    let i = ix::swap_exact_in(
        ix::swap_accounts(t.kp.pubkey(), a, t.credit, t.protocol),
        dir,
        amount,
        0,
        deadline,
    );
    fx.env.execute(&[i], &[&t.kp]).await.unwrap();
}

#[tokio::test]
async fn protocol_fees_are_burned_through_a_guarded_buyback() {
    let mut fx = Fixture::new().await;
    let (a, t) = protocol_pool(&mut fx).await;
    trade(&mut fx, &a, &t, SwapDirection::SellCredits, 20 * UNIT).await;
    trade(&mut fx, &a, &t, SwapDirection::BuyCredits, 50 * UNIT).await;
    let burn = ix::burn_protocol_fees(t.kp.pubkey(), &a, fx.protocol_mint);
    // fees: 0.3% of 20 credits, a fifth to the protocol = 12,000 units; of 50 tokens = 30,000 units
    let pool0: compute_amm::state::Pool = fx.env.get(a.pool).await;
    assert_eq!(
        (pool0.protocol_fees_credit, pool0.protocol_fees_quote),
        (12_000, 30_000)
    );
    // The pool is younger than the TWAP window: the protocol-token fees still burn directly (no
    // price is involved), the credit fees wait (finding 6: the direct burn no longer depends on the
    // credit leg).
    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    fx.env.execute(&[burn.clone()], &[&t.kp]).await.unwrap();
    assert_eq!(supply0 - fx.env.mint_supply(fx.protocol_mint).await, 30_000);
    let pool0: compute_amm::state::Pool = fx.env.get(a.pool).await;
    assert_eq!(
        (pool0.protocol_fees_credit, pool0.protocol_fees_quote),
        (12_000, 0)
    );
    // with only credit fees left and no TWAP yet, the burn says why it cannot sell them
    expect_error(
        &mut fx.env,
        &[burn.clone()],
        &[&t.kp],
        program_code(E::TwapUnavailable),
    )
    .await;
    fx.env.warp_seconds(2_000).await;

    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    fx.env.execute(&[burn.clone()], &[&t.kp]).await.unwrap();
    let pool1: compute_amm::state::Pool = fx.env.get(a.pool).await;
    assert_eq!(
        (pool1.protocol_fees_credit, pool1.protocol_fees_quote),
        (0, 0)
    );
    let burned = supply0 - fx.env.mint_supply(fx.protocol_mint).await;
    let market: Market = fx.market().await;
    assert_eq!(market.total_burned, burned + 30_000);
    // the tokens 12,000 credit units bought (~2.5 tokens each, less the fee)
    assert!(burned > 29_000 && burned < 30_100, "burned {burned}");
    assert_eq!(pool1.reserve_quote, pool0.reserve_quote - burned);
    // nothing left to burn
    expect_error(&mut fx.env, &[burn], &[&t.kp], program_code(E::NothingToDo)).await;
    let _ = t.lp;
}

/// Finding 6 (medium): before, the whole credit-fee balance was sold in one swap whose own impact
/// counted against the 3% band, so a balance above ~2.8% of the credit reserve could never be sold;
/// and a sandwich inside the band paid (measured then: +0.3 tokens around a 26-token burn). Now a
/// burn sells at most `reserve · swap_fee / 2` per call, one call per `BUYBACK_INTERVAL_SECS`: 30
/// credits of settlement take (3% of the reserve) drain in chunks, and a sandwich of any size around
/// a chunk, in one transaction, loses.
#[tokio::test]
async fn a_large_fee_balance_sells_in_chunks_and_no_sandwich_pays() {
    use compute_amm::constants::{BUYBACK_CHUNK_FEE_DIVISOR, BUYBACK_INTERVAL_SECS};
    use compute_amm::state::Pool;
    let mut fx = Fixture::with(compute_amm_harness::FixtureConfig {
        params: default_params(),
        ..Default::default()
    })
    .await;
    let (a, t) = protocol_pool(&mut fx).await;
    let pa = fx.provider_ref();
    // 300 credits of verified work pay a 10% take: 30 credits, 3% of the pool's 1,000.
    serve(&mut fx, &pa, 1, 300 * UNIT).await;
    fx.env
        .execute(&[ix::move_settlement_fees(t.kp.pubkey(), &a)], &[&t.kp])
        .await
        .unwrap();
    let pool: Pool = fx.env.get(a.pool).await;
    assert_eq!(pool.protocol_fees_credit, 30 * UNIT);
    fx.env.warp_seconds(2_000).await;
    let fee_ppm = u64::from(fx.market().await.params.swap_fee_ppm);

    // The attacker sells q credits, lets the burn sell a chunk, buys the q credits back: one
    // transaction, so nobody else trades in between.
    let burn = ix::burn_protocol_fees(t.kp.pubkey(), &a, fx.protocol_mint);
    let mut worst = i128::MIN;
    for q in [
        1_000,
        100_000,
        UNIT,
        10 * UNIT,
        50 * UNIT,
        200 * UNIT,
        400 * UNIT,
    ] {
        let deadline = fx.env.now().await + 600;
        let acc = ix::swap_accounts(t.kp.pubkey(), &a, t.credit, t.protocol);
        let sandwich = [
            ix::swap_exact_in(acc, SwapDirection::SellCredits, q, 0, deadline),
            burn.clone(),
            ix::swap_exact_out(acc, SwapDirection::BuyCredits, q, u64::MAX, deadline),
        ];
        let credit0 = fx.env.token_balance(t.credit).await;
        let tokens0 = fx.env.token_balance(t.protocol).await;
        match fx.env.execute(&sandwich, &[&t.kp]).await {
            Ok(()) => {
                let pnl = fx.env.token_balance(t.protocol).await as i128 - tokens0 as i128;
                assert_eq!(fx.env.token_balance(t.credit).await, credit0);
                let sold =
                    fx.env.events::<compute_amm::events::ProtocolFeesBurned>()[0].credit_fees_sold;
                println!("sandwich of {q} credit units around a {sold}-unit chunk: P&L {pnl} token units");
                // small pushes leave the spot above the floor and the chunk sells; larger ones
                // push it below, the chunk waits and only accrued protocol-token fees burn
                if q <= UNIT {
                    assert!(sold > 0, "the chunk was sold");
                }
                assert!(pnl <= 0, "a sandwich of {q} paid {pnl}");
                worst = worst.max(pnl);
            }
            Err(e) => {
                // pushed below the floor: the burn refuses and the whole sandwich reverts
                assert_eq!(
                    compute_amm_harness::custom_code(&e),
                    Some(program_code(E::BuybackPriceDeviation)),
                    "q = {q}: {e:?}"
                );
                println!("sandwich of {q} credit units: refused (BuybackPriceDeviation)");
            }
        }
        fx.env.warp_seconds(BUYBACK_INTERVAL_SECS).await;
    }
    println!("worst sandwich P&L: {worst} token units");

    // Two chunks in one transaction: the second is refused, the transaction reverts.
    expect_error(
        &mut fx.env,
        &[burn.clone(), burn.clone()],
        &[&t.kp],
        program_code(E::FeeTradeTooSoon),
    )
    .await;

    // The rest drains a chunk per interval, each at most half a swap fee of the reserve.
    let mut calls = 0;
    while fx.env.get::<Pool>(a.pool).await.protocol_fees_credit > 0 {
        let before: Pool = fx.env.get(a.pool).await;
        fx.env.execute(&[burn.clone()], &[&t.kp]).await.unwrap();
        let after: Pool = fx.env.get(a.pool).await;
        let sold = before.protocol_fees_credit - after.protocol_fees_credit;
        let cap = before.reserve_credit * fee_ppm / (1_000_000 * BUYBACK_CHUNK_FEE_DIVISOR);
        assert!(sold > 0 && sold <= cap, "sold {sold}, cap {cap}");
        calls += 1;
        assert!(calls < 100, "the fee balance does not drain");
        fx.env.warp_seconds(BUYBACK_INTERVAL_SECS).await;
    }
    println!("30 credits of fees sold in {calls} more chunks");
}

#[tokio::test]
async fn a_sandwiched_buyback_fails() {
    let mut fx = Fixture::new().await;
    let (a, t) = protocol_pool(&mut fx).await;
    trade(&mut fx, &a, &t, SwapDirection::SellCredits, 50 * UNIT).await;
    fx.env.warp_seconds(2_000).await;
    // the attacker dumps credits right before the buyback, pushing the credit price down ~40%
    trade(&mut fx, &a, &t, SwapDirection::SellCredits, 300 * UNIT).await;
    let burn = ix::burn_protocol_fees(t.kp.pubkey(), &a, fx.protocol_mint);
    expect_error(
        &mut fx.env,
        &[burn],
        &[&t.kp],
        program_code(E::BuybackPriceDeviation),
    )
    .await;
}

#[tokio::test]
async fn burn_path_refuses_other_pools_and_routes_their_credit_fees() {
    let mut fx = Fixture::new().await;
    let (a, t) = protocol_pool(&mut fx).await;
    // the USDC-quoted pool is not a buyback pool
    let i = ix::burn_protocol_fees(t.kp.pubkey(), &fx.addrs, fx.protocol_mint);
    expect_error(
        &mut fx.env,
        &[i],
        &[&t.kp],
        program_code(E::WrongBuybackPool),
    )
    .await;
    // its credit fees move to the protocol pool, then burn
    let u = &fx.users[0];
    let deadline = fx.env.now().await + 600;
    let i = ix::swap_exact_in(
        ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote),
        SwapDirection::SellCredits,
        100 * UNIT,
        0,
        deadline,
    );
    fx.env.execute(&[i], &[&fx.users[0].kp]).await.unwrap();
    let fees = fx.pool().await.protocol_fees_credit;
    assert_eq!(fees, 60_000);
    fx.env
        .execute(
            &[ix::move_credit_fees(t.kp.pubkey(), &fx.addrs, &a)],
            &[&t.kp],
        )
        .await
        .unwrap();
    assert_eq!(fx.pool().await.protocol_fees_credit, 0);
    let pp: compute_amm::state::Pool = fx.env.get(a.pool).await;
    assert_eq!(pp.protocol_fees_credit, fees);
    let i = ix::move_credit_fees(t.kp.pubkey(), &fx.addrs, &a);
    expect_error(&mut fx.env, &[i], &[&t.kp], program_code(E::NothingToDo)).await;
    fx.env.warp_seconds(2_000).await;
    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    fx.env
        .execute(
            &[ix::burn_protocol_fees(t.kp.pubkey(), &a, fx.protocol_mint)],
            &[&t.kp],
        )
        .await
        .unwrap();
    assert!(fx.env.mint_supply(fx.protocol_mint).await < supply0);
}

/// Serves `amount` credits of verified work for `provider` (a one-milestone job of user 0, approved).
async fn serve(
    fx: &mut Fixture,
    provider: &compute_amm_harness::ProviderUser,
    job_id: u64,
    amount: u64,
) {
    let c = open(fx, job_id, &[amount]).await;
    fx.env
        .execute(&[ix::accept_job(&provider.addrs, c.j.job)], &[&provider.kp])
        .await
        .unwrap();
    fx.env
        .execute(
            &[ix::submit_milestone(&provider.addrs, c.j.job, 0, [1; 32])],
            &[&provider.kp],
        )
        .await
        .unwrap();
    let acc = ix::job_user_accounts(&c.j, &provider.addrs, fx.users[0].credit, provider.credit);
    fx.env
        .execute(&[ix::approve_milestone(acc, 0)], &[&fx.users[0].kp])
        .await
        .unwrap();
}

#[tokio::test]
async fn emissions_pay_verified_work_pro_rata_and_nothing_for_idle_capacity() {
    let mut fx = Fixture::with(compute_amm_harness::FixtureConfig {
        params: default_params(),
        ..Default::default()
    })
    .await;
    // The class's protocol-token pool prices the settlement take that caps each reward.
    let _ = protocol_pool(&mut fx).await;
    let b = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 5_000 * UNIT).await;
    let idle = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 5_000 * UNIT).await;
    let a = fx.provider.addrs;
    let market: Market = fx.market().await;
    let epoch = market.next_epoch_to_finalize;
    assert_eq!(market.epoch_at(fx.env.now().await), epoch);
    let pa = fx.provider_ref();
    serve(&mut fx, &pa, 1, 30 * UNIT).await;
    serve(&mut fx, &b, 2, 10 * UNIT).await;

    let cranker = fx.env.funded_keypair();
    let adv = ix::advance_epoch(cranker.pubkey(), market_key(&fx), epoch);
    expect_error(
        &mut fx.env,
        &[adv.clone()],
        &[&cranker],
        program_code(E::EpochNotFinished),
    )
    .await;
    let now = fx.env.now().await;
    fx.env.warp_seconds(86_400 - now.rem_euclid(86_400)).await;
    fx.env.execute(&[adv], &[&cranker]).await.unwrap();
    let rec: EpochRecord = fx.env.get(pda::epoch_record(&a.market, epoch).0).await;
    assert_eq!((rec.emission, rec.total_served), (10_000 * UNIT, 40 * UNIT));

    // 30 of 40 verified GPU-hours: a pro-rata share of 7,500 tokens, 10 of 40: 2,500; each capped by
    // the value of the settlement take its work paid (10% = 3 and 1 credits at 2.5 tokens per
    // credit in the protocol pool: 7.5 and 2.5 tokens); idle capacity: nothing.
    let dest_a = fx.env.create_token_account(fx.protocol_mint, a.authority);
    fx.env
        .execute(&[ix::claim_rewards(&a, epoch, dest_a)], &[&fx.provider.kp])
        .await
        .unwrap();
    let got_a = fx.env.token_balance(dest_a).await;
    assert!(
        (7_499_990..=7_500_000).contains(&got_a),
        "capped reward {got_a}"
    );
    let ev = &fx.env.events::<compute_amm::events::RewardsClaimed>()[0];
    assert_eq!(
        (ev.pro_rata, ev.fees, ev.amount),
        (7_500 * UNIT, 3 * UNIT, got_a)
    );
    fx.env
        .execute(&[ix::claim_rewards(&b.addrs, epoch, b.protocol)], &[&b.kp])
        .await
        .unwrap();
    let got_b = fx.env.token_balance(b.protocol).await;
    assert!(
        (2_499_990..=2_500_000).contains(&got_b),
        "capped reward {got_b}"
    );
    let i = ix::claim_rewards(&idle.addrs, epoch, idle.protocol);
    expect_error(&mut fx.env, &[i], &[&idle.kp], program_code(E::NothingToDo)).await;
    // no double claim
    let i = ix::claim_rewards(&a, epoch, dest_a);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.provider.kp],
        program_code(E::NothingToDo),
    )
    .await;
    let m: Market = fx.market().await;
    assert_eq!(
        m.total_emitted,
        got_a + got_b,
        "the capped-off share is never minted"
    );

    // an epoch in which nobody served emits nothing, and the schedule decays 1% per epoch
    fx.env.warp_seconds(86_400).await;
    fx.env
        .execute(
            &[ix::advance_epoch(cranker.pubkey(), a.market, epoch + 1)],
            &[&cranker],
        )
        .await
        .unwrap();
    let rec: EpochRecord = fx.env.get(pda::epoch_record(&a.market, epoch + 1).0).await;
    assert_eq!((rec.emission, rec.total_served), (0, 0));
    let m: Market = fx.market().await;
    assert_eq!(m.next_emission, 10_000 * UNIT * 99 / 100 * 99 / 100);
    assert_eq!(m.total_emitted, got_a + got_b);
    let _ = default_params();
}

fn market_key(fx: &Fixture) -> Pubkey {
    fx.addrs.market
}

trait ProviderRef {
    fn provider_ref(&self) -> compute_amm_harness::ProviderUser;
}

impl ProviderRef for Fixture {
    /// A second handle on the fixture's provider (same keypair), so helpers can borrow it while the
    /// fixture is borrowed mutably.
    fn provider_ref(&self) -> compute_amm_harness::ProviderUser {
        compute_amm_harness::ProviderUser {
            kp: self.provider.kp.insecure_clone(),
            addrs: self.provider.addrs,
            protocol: self.provider.protocol,
            credit: self.provider.credit,
        }
    }
}

#[tokio::test]
async fn crank_and_reward_instructions_adversarial() {
    use anchor_lang::error::ErrorCode as A;
    use compute_amm_harness::anchor_code;
    let mut fx = Fixture::new().await;
    // claims price the reward in the class's protocol-token pool
    let _ = protocol_pool(&mut fx).await;
    let pa = fx.provider_ref();
    serve(&mut fx, &pa, 1, 10 * UNIT).await;
    let market: Market = fx.market().await;
    let epoch = market.next_epoch_to_finalize;
    let cranker = fx.env.funded_keypair();
    // claiming an epoch that was never finalized: its record does not exist
    let dest = fx.env.create_token_account(fx.protocol_mint, pa.key());
    let i = ix::claim_rewards(&pa.addrs, epoch, dest);
    expect_error(
        &mut fx.env,
        &[i],
        &[&pa.kp],
        anchor_code(A::AccountNotInitialized),
    )
    .await;
    // finalizing out of order is a substituted PDA
    let now = fx.env.now().await;
    fx.env.warp_seconds(86_400 - now.rem_euclid(86_400)).await;
    let i = ix::advance_epoch(cranker.pubkey(), fx.addrs.market, epoch + 1);
    expect_error(
        &mut fx.env,
        &[i],
        &[&cranker],
        anchor_code(A::ConstraintSeeds),
    )
    .await;
    fx.env
        .execute(
            &[ix::advance_epoch(cranker.pubkey(), fx.addrs.market, epoch)],
            &[&cranker],
        )
        .await
        .unwrap();
    // twice: the record exists
    let i = ix::advance_epoch(cranker.pubkey(), fx.addrs.market, epoch);
    expect_error(
        &mut fx.env,
        &[i],
        &[&cranker],
        anchor_code(A::ConstraintSeeds),
    )
    .await;
    // claiming someone else's rewards
    let other = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 100 * UNIT).await;
    let mut i = ix::claim_rewards(&pa.addrs, epoch, other.protocol);
    i.accounts[0].pubkey = other.key();
    expect_error(
        &mut fx.env,
        &[i],
        &[&other.kp],
        program_code(E::NotProviderAuthority),
    )
    .await;
    // into an account of the wrong mint
    let i = ix::claim_rewards(&pa.addrs, epoch, pa.credit);
    expect_error(
        &mut fx.env,
        &[i],
        &[&pa.kp],
        anchor_code(A::ConstraintTokenMint),
    )
    .await;
    fx.env
        .execute(&[ix::claim_rewards(&pa.addrs, epoch, dest)], &[&pa.kp])
        .await
        .unwrap();
    // This fixture's market takes no settlement fee, so the work paid nothing to the burn and the
    // cap lets it earn nothing: the whole 10,000-token share stays unminted.
    assert_eq!(fx.env.token_balance(dest).await, 0);
    let ev = &fx.env.events::<compute_amm::events::RewardsClaimed>()[0];
    assert_eq!((ev.pro_rata, ev.cap, ev.amount), (10_000 * UNIT, 0, 0));

    // moving fees into a pool that is not the class's protocol pool
    let i = ix::move_credit_fees(cranker.pubkey(), &fx.addrs, &fx.addrs);
    expect_error(
        &mut fx.env,
        &[i],
        &[&cranker],
        anchor_code(A::ConstraintDuplicateMutableAccount),
    )
    .await;
    let other_quote = fx.env.create_mint(6, Pubkey::new_unique());
    let b = PoolAddresses::derive(&fx.protocol_mint, 0, &other_quote);
    fx.env.watch_pool(&b);
    fx.env
        .execute(&[ix::create_pool(fx.admin.pubkey(), &b)], &[&fx.admin])
        .await
        .unwrap();
    let i = ix::move_credit_fees(cranker.pubkey(), &fx.addrs, &b);
    expect_error(
        &mut fx.env,
        &[i],
        &[&cranker],
        program_code(E::WrongBuybackPool),
    )
    .await;
}

#[tokio::test]
async fn settlement_instructions_refuse_wrong_states_and_callers() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 21, &[10 * UNIT]).await;
    // expiring or resolving a job nobody accepted
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
        &[expire],
        &[&c.cranker],
        compute_amm_harness::anchor_code(anchor_lang::error::ErrorCode::ConstraintHasOne),
    )
    .await;
    fx.env
        .execute(
            &[ix::accept_job(&fx.provider.addrs, c.j.job)],
            &[&fx.provider.kp],
        )
        .await
        .unwrap();
    let resolve = ix::resolve_dispute(
        fx.arbiter.pubkey(),
        &c.j,
        &fx.provider.addrs,
        fx.users[0].credit,
        fx.provider.credit,
        c.user_protocol,
        0,
        true,
    );
    expect_error(
        &mut fx.env,
        &[resolve],
        &[&fx.arbiter],
        program_code(E::InvalidMilestoneState),
    )
    .await;
    // disputing before anything was submitted
    let acc = c.user_accounts(&fx);
    expect_error(
        &mut fx.env,
        &[ix::dispute_milestone(acc, 0)],
        &[&fx.users[0].kp],
        program_code(E::InvalidMilestoneState),
    )
    .await;
    // closing an active job; closing someone else's job
    expect_error(
        &mut fx.env,
        &[ix::close_job(&c.j)],
        &[&fx.users[0].kp],
        program_code(E::InvalidJobState),
    )
    .await;
    let mut i = ix::close_job(&c.j);
    i.accounts[0].pubkey = fx.users[1].key();
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[1].kp],
        program_code(E::NotJobUser),
    )
    .await;
    // cancelling an accepted job
    let i = ix::cancel_job(fx.users[0].key(), &c.j, fx.users[0].credit);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InvalidJobState),
    )
    .await;
}

/// Finding 6: fees paid in a stablecoin were stranded in their pool forever. `move_credit_fees` now
/// converts them into credits in that pool (chunked, at a TWAP-bounded price) and moves the credits
/// to the protocol pool, whose burn sells them: USDC usage burns protocol tokens.
#[tokio::test]
async fn usdc_fees_reach_the_burn_through_the_credit_route() {
    use compute_amm::events::CreditFeesMoved;
    use compute_amm::state::Pool;
    let mut fx = Fixture::new().await;
    let (a, t) = protocol_pool(&mut fx).await;
    // a user pays 1,000 USDC for credits: 0.3% fee, a fifth of it (0.6 USDC) to the protocol
    let u = &fx.users[0];
    let deadline = fx.env.now().await + 600;
    let i = ix::swap_exact_in(
        ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote),
        SwapDirection::BuyCredits,
        1_000 * UNIT,
        0,
        deadline,
    );
    fx.env.execute(&[i], &[&fx.users[0].kp]).await.unwrap();
    let usdc0 = fx.pool().await;
    assert_eq!(
        (usdc0.protocol_fees_quote, usdc0.protocol_fees_credit),
        (600_000, 0)
    );
    let quote_vault0 = fx.env.token_balance(fx.addrs.quote_vault).await;
    fx.env.warp_seconds(2_000).await;

    fx.env
        .execute(
            &[ix::move_credit_fees(t.kp.pubkey(), &fx.addrs, &a)],
            &[&t.kp],
        )
        .await
        .unwrap();
    let evs = fx.env.events::<CreditFeesMoved>();
    let ev = &evs[0];
    let usdc1 = fx.pool().await;
    println!(
        "0.6 USDC of fees bought {} credit units (spot {} USDC units per credit)",
        ev.credits_bought,
        usdc0.reserve_quote as u128 * UNIT as u128 / usdc0.reserve_credit as u128
    );
    assert_eq!(ev.quote_fees_converted, 600_000);
    assert_eq!(ev.source_pool_quote_fees, 0);
    assert_eq!(ev.amount, ev.credits_bought);
    // 0.6 USDC at the spot price, less the fee and the price impact: never more than spot value
    let at_spot = 600_000 * usdc0.reserve_credit as u128 / usdc0.reserve_quote as u128;
    assert!(u128::from(ev.credits_bought) <= at_spot);
    assert!(u128::from(ev.credits_bought) * 1_000 >= at_spot * 995);
    assert_eq!(
        (usdc1.protocol_fees_quote, usdc1.protocol_fees_credit),
        (0, 0)
    );
    // the USDC stayed in the vault (now reserve); the credits left for the protocol pool
    assert_eq!(
        fx.env.token_balance(fx.addrs.quote_vault).await,
        quote_vault0
    );
    assert_eq!(usdc1.reserve_quote, usdc0.reserve_quote + 600_000);
    assert_eq!(
        usdc1.reserve_credit,
        usdc0.reserve_credit - ev.credits_bought
    );
    let pp: Pool = fx.env.get(a.pool).await;
    assert_eq!(pp.protocol_fees_credit, ev.credits_bought);

    // and the protocol pool's burn turns them into burned protocol tokens
    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    fx.env
        .execute(
            &[ix::burn_protocol_fees(t.kp.pubkey(), &a, fx.protocol_mint)],
            &[&t.kp],
        )
        .await
        .unwrap();
    let burned = supply0 - fx.env.mint_supply(fx.protocol_mint).await;
    println!("burned {burned} protocol-token units for 0.6 USDC of fees");
    assert!(burned > 0);
}
