//! Liquidity: the first deposit locks the minimum, later deposits round against the depositor,
//! withdrawals floor, and every LP can always withdraw everything.

use compute_amm::error::ComputeAmmError as E;
use compute_amm::state::SwapDirection;
use compute_amm_client::{ix, quote};
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::{program_code, Fixture, FixtureConfig};
use compute_amm_math::MINIMUM_LIQUIDITY;
use compute_amm_tests::expect_error;

fn empty_pool() -> FixtureConfig {
    FixtureConfig {
        initial_credit: 0,
        initial_quote: 0,
        ..FixtureConfig::default()
    }
}

#[tokio::test]
async fn first_deposit_sets_price_and_locks_minimum() {
    let mut fx = Fixture::with(empty_pool()).await;
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    // 400 credits and 1,000 quote: sqrt(400e6 * 1000e6) = 632,455,532 (floor), computed by hand.
    let i = ix::add_liquidity(
        ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp),
        0,
        400 * UNIT,
        1_000 * UNIT,
        deadline,
    );
    fx.env.execute(&[i], &[&fx.users[0].kp]).await.unwrap();
    let pool = fx.pool().await;
    assert_eq!(pool.lp_supply, 632_455_532);
    assert_eq!(
        fx.env.token_balance(fx.users[0].lp).await,
        632_455_532 - MINIMUM_LIQUIDITY
    );
    assert_eq!(
        fx.env.mint_supply(fx.addrs.lp_mint).await,
        632_455_532 - MINIMUM_LIQUIDITY
    );
    assert_eq!(
        (pool.reserve_credit, pool.reserve_quote),
        (400 * UNIT, 1_000 * UNIT)
    );
}

#[tokio::test]
async fn first_deposit_below_minimum_or_min_lp_is_refused() {
    let mut fx = Fixture::with(empty_pool()).await;
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let acc = ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp);
    // sqrt(1000 * 1000) = 1000 = MINIMUM_LIQUIDITY: nothing left for the depositor
    let i = ix::add_liquidity(acc.clone(), 0, 1_000, 1_000, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InitialLiquidityTooSmall),
    )
    .await;
    // asks for more LP than the deposit mints
    let i = ix::add_liquidity(acc, 10 * UNIT, UNIT, UNIT, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::SlippageExceeded),
    )
    .await;
}

#[tokio::test]
async fn deposit_and_withdraw_move_exactly_the_quoted_amounts() {
    let mut fx = Fixture::new().await;
    let pool = fx.pool().await;
    let lp = quote::lp_for_deposit(&pool, 123 * UNIT + 7, 10_000 * UNIT).unwrap();
    let (c, q) = quote::add_liquidity(&pool, lp).unwrap();
    assert!(c <= 123 * UNIT + 7);
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let acc = ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp);
    let (c0, q0, l0) = fx.balances(0).await;
    fx.env
        .execute(
            &[ix::add_liquidity(acc.clone(), lp, c, q, deadline)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let (c1, q1, l1) = fx.balances(0).await;
    assert_eq!((c0 - c1, q0 - q1, l1 - l0), (c, q, lp));

    let pool = fx.pool().await;
    let (wc, wq) = quote::remove_liquidity(&pool, lp).unwrap();
    assert!(wc <= c && wq <= q, "withdrawal floors, deposit ceils");
    fx.env
        .execute(
            &[ix::remove_liquidity(acc, lp, wc, wq, deadline)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let (c2, q2, l2) = fx.balances(0).await;
    assert_eq!((c2 - c1, q2 - q1, l1 - l2), (wc, wq, lp));
}

#[tokio::test]
async fn every_lp_can_withdraw_everything_after_trading() {
    let mut fx = Fixture::new().await;
    let deadline = fx.deadline().await;
    // user 0 joins as LP
    let pool = fx.pool().await;
    let lp = quote::lp_for_deposit(&pool, 500 * UNIT, 5_000 * UNIT).unwrap();
    let u = &fx.users[0];
    let acc0 = ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp);
    fx.env
        .execute(
            &[ix::add_liquidity(
                acc0.clone(),
                lp,
                u64::MAX,
                u64::MAX,
                deadline,
            )],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    // user 1 trades back and forth
    let u = &fx.users[1];
    let sw = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    for k in 0..10u64 {
        let dir = if k % 2 == 0 {
            SwapDirection::BuyCredits
        } else {
            SwapDirection::SellCredits
        };
        fx.env
            .execute(
                &[ix::swap_exact_in(
                    sw.clone(),
                    dir,
                    (50 + k) * UNIT,
                    0,
                    deadline,
                )],
                &[&fx.users[1].kp],
            )
            .await
            .unwrap();
    }
    // both LPs take everything out
    let l0 = fx.env.token_balance(fx.users[0].lp).await;
    fx.env
        .execute(
            &[ix::remove_liquidity(acc0, l0, 0, 0, deadline)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let u = &fx.lp;
    let acc_lp = ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp);
    let l = fx.env.token_balance(fx.lp.lp).await;
    fx.env
        .execute(
            &[ix::remove_liquidity(acc_lp, l, 0, 0, deadline)],
            &[&fx.lp.kp],
        )
        .await
        .unwrap();
    let pool = fx.pool().await;
    assert_eq!(
        pool.lp_supply, MINIMUM_LIQUIDITY,
        "only the locked minimum remains"
    );
    assert!(
        pool.reserve_credit > 0 && pool.reserve_quote > 0,
        "the pool never empties"
    );
    assert_eq!(fx.env.mint_supply(fx.addrs.lp_mint).await, 0);
}

#[tokio::test]
async fn lp_earns_the_lp_share_of_fees() {
    let mut fx = Fixture::new().await;
    let deadline = fx.deadline().await;
    let pool0 = fx.pool().await;
    let u = &fx.users[0];
    let sw = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    for k in 0..6u64 {
        let dir = if k % 2 == 0 {
            SwapDirection::BuyCredits
        } else {
            SwapDirection::SellCredits
        };
        fx.env
            .execute(
                &[ix::swap_exact_in(sw.clone(), dir, 200 * UNIT, 0, deadline)],
                &[&fx.users[0].kp],
            )
            .await
            .unwrap();
    }
    let pool1 = fx.pool().await;
    let k0 = pool0.reserve_credit as u128 * pool0.reserve_quote as u128;
    let k1 = pool1.reserve_credit as u128 * pool1.reserve_quote as u128;
    assert!(k1 > k0, "LP fees grow k: {k0} -> {k1}");
    assert_eq!(pool1.lp_supply, pool0.lp_supply);
    assert!(pool1.protocol_fees_credit > 0 && pool1.protocol_fees_quote > 0);
}
