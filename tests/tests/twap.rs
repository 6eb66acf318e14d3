//! The TWAP ring buffer: readable without an instruction, weighted by time, resistant to a burst.

use compute_amm::constants::{MIN_OBSERVATION_INTERVAL_SECS, OBSERVATION_CAPACITY};
use compute_amm::state::SwapDirection;
use compute_amm_client::{ix, quote};
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::Fixture;
use compute_amm_math::twap::Q64;

#[tokio::test]
async fn twap_weights_prices_by_time() {
    let mut fx = Fixture::new().await;
    let deadline_pad = 10 * 86_400;
    let p0 = quote::spot_price_q64(&fx.pool().await).unwrap();
    // price p0 holds for 1,000 s
    fx.env.warp_seconds(1_000).await;
    let now = fx.env.now().await;
    let u = &fx.users[0];
    let sw = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    fx.env
        .execute(
            &[ix::swap_exact_in(
                sw,
                SwapDirection::BuyCredits,
                2_000 * UNIT,
                0,
                now + deadline_pad,
            )],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let p1 = quote::spot_price_q64(&fx.pool().await).unwrap();
    assert!(p1 > p0);
    // price p1 holds for 3,000 s
    fx.env.warp_seconds(3_000).await;
    let now = fx.env.now().await;
    let pool = fx.pool().await;
    let (twap, window) = quote::twap(&pool, now, 4_000).expect("history reaches back 4,000 s");
    assert_eq!(window, 4_000);
    // (p0 * 1000 + p1 * 3000) / 4000, computed independently of the ring code
    let expected = (p0 * 1_000 + p1 * 3_000) / 4_000;
    assert!(
        twap.abs_diff(expected) <= 1,
        "twap {twap} expected {expected}"
    );
    // the last 3,000 s saw only p1
    let (recent, _) = quote::twap(&pool, now, 2_000).unwrap();
    assert_eq!(recent, p1);
    // nothing older than the pool
    assert!(quote::twap(&pool, now, 5_000).is_none());
    assert!(
        quote::q64_to_f64(p0) > 2.4 && quote::q64_to_f64(p0) < 2.6,
        "opening price 2.5 quote/credit"
    );
    let _ = Q64;
}

#[tokio::test]
async fn a_burst_of_swaps_records_at_most_one_observation_per_interval() {
    let mut fx = Fixture::new().await;
    let now = fx.env.now().await;
    let len0 = fx.pool().await.observation_len;
    let u = &fx.users[0];
    let sw = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    for k in 0..10u64 {
        fx.env
            .execute(
                &[ix::swap_exact_in(
                    sw.clone(),
                    SwapDirection::BuyCredits,
                    (1 + k) * UNIT,
                    0,
                    now + 3_600,
                )],
                &[&fx.users[0].kp],
            )
            .await
            .unwrap();
    }
    assert_eq!(
        fx.pool().await.observation_len,
        len0,
        "same second: no new snapshot"
    );
    // one per interval after that, and the ring wraps at capacity
    for k in 0..(OBSERVATION_CAPACITY as u64 + 5) {
        fx.env.warp_seconds(MIN_OBSERVATION_INTERVAL_SECS).await;
        let now = fx.env.now().await;
        fx.env
            .execute(
                &[ix::swap_exact_in(
                    sw.clone(),
                    SwapDirection::SellCredits,
                    UNIT / 10 + k,
                    0,
                    now + 3_600,
                )],
                &[&fx.users[0].kp],
            )
            .await
            .unwrap();
    }
    let pool = fx.pool().await;
    assert_eq!(pool.observation_len as usize, OBSERVATION_CAPACITY);
    let head = pool.observation_head as usize;
    let newest = pool.observations[head];
    let oldest = pool.observations[(head + 1) % OBSERVATION_CAPACITY];
    assert_eq!(
        newest.timestamp - oldest.timestamp,
        MIN_OBSERVATION_INTERVAL_SECS * (OBSERVATION_CAPACITY as i64 - 1)
    );
}
