//! Swaps move exactly what the client quoted, fees accrue where the design says, and donations do
//! not move the price.

use compute_amm::state::SwapDirection::{self, BuyCredits, SellCredits};
use compute_amm_client::{ix, quote};
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::Fixture;
use solana_signer::Signer;

async fn swap_and_compare(fx: &mut Fixture, dir: SwapDirection, exact_in: bool, amount: u64) {
    let market = fx.market().await;
    let before_pool = fx.pool().await;
    let u = &fx.users[0];
    let (c0, q0, _) = (
        fx.env.token_balance(u.credit).await,
        fx.env.token_balance(u.quote).await,
        0,
    );
    let r = if exact_in {
        quote::swap_exact_in(&market, &before_pool, dir, amount).unwrap()
    } else {
        quote::swap_exact_out(&market, &before_pool, dir, amount).unwrap()
    };
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let accounts = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    let i = if exact_in {
        ix::swap_exact_in(accounts, dir, amount, r.amount_out, deadline)
    } else {
        ix::swap_exact_out(accounts, dir, amount, r.amount_in, deadline)
    };
    fx.env.execute(&[i], &[&fx.users[0].kp]).await.unwrap();
    let u = &fx.users[0];
    let (c1, q1) = (
        fx.env.token_balance(u.credit).await,
        fx.env.token_balance(u.quote).await,
    );
    let pool = fx.pool().await;
    match dir {
        BuyCredits => {
            assert_eq!(q0 - q1, r.amount_in, "quote paid");
            assert_eq!(c1 - c0, r.amount_out, "credits received");
            assert_eq!(pool.reserve_quote, r.new_reserve_in);
            assert_eq!(pool.reserve_credit, r.new_reserve_out);
            assert_eq!(
                pool.protocol_fees_quote - before_pool.protocol_fees_quote,
                r.fee_protocol
            );
            assert_eq!(pool.protocol_fees_credit, before_pool.protocol_fees_credit);
        }
        SellCredits => {
            assert_eq!(c0 - c1, r.amount_in, "credits paid");
            assert_eq!(q1 - q0, r.amount_out, "quote received");
            assert_eq!(pool.reserve_credit, r.new_reserve_in);
            assert_eq!(pool.reserve_quote, r.new_reserve_out);
            assert_eq!(
                pool.protocol_fees_credit - before_pool.protocol_fees_credit,
                r.fee_protocol
            );
        }
    }
    if exact_in {
        assert_eq!(r.amount_in, amount);
    } else {
        assert_eq!(r.amount_out, amount);
    }
    assert!(
        r.fee_protocol > 0 && r.fee_lp > r.fee_protocol,
        "fee split 20/80: {r:?}"
    );
    assert_eq!(pool.swap_count, before_pool.swap_count + 1);
}

#[tokio::test]
async fn buy_credits_exact_in_moves_exactly_the_quote() {
    let mut fx = Fixture::new().await;
    swap_and_compare(&mut fx, BuyCredits, true, 250 * UNIT).await;
}

#[tokio::test]
async fn sell_credits_exact_in_moves_exactly_the_quote() {
    let mut fx = Fixture::new().await;
    swap_and_compare(&mut fx, SellCredits, true, 100 * UNIT).await;
}

#[tokio::test]
async fn buy_credits_exact_out_moves_exactly_the_quote() {
    let mut fx = Fixture::new().await;
    swap_and_compare(&mut fx, BuyCredits, false, 100 * UNIT).await;
}

#[tokio::test]
async fn sell_credits_exact_out_moves_exactly_the_quote() {
    let mut fx = Fixture::new().await;
    swap_and_compare(&mut fx, SellCredits, false, 250 * UNIT).await;
}

#[tokio::test]
async fn opening_price_and_a_buy_match_hand_computation() {
    // Independent of the code under test: 10,000 credits vs 25,000 quote, 0.3% fee, 20% of it to the
    // protocol. Buying with 100 quote: fee = 0.3 quote (300,000 units), protocol 60,000;
    // out = floor(10,000e6 * 99.7e6 / (25,000e6 + 99.7e6)) = 39,721,590 units (39.72 credits; computed with Python floats, 39721590.29).
    let mut fx = Fixture::new().await;
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let i = ix::swap_exact_in(
        ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote),
        BuyCredits,
        100 * UNIT,
        0,
        deadline,
    );
    let c0 = fx.env.token_balance(fx.users[0].credit).await;
    fx.env.execute(&[i], &[&fx.users[0].kp]).await.unwrap();
    let c1 = fx.env.token_balance(fx.users[0].credit).await;
    assert_eq!(c1 - c0, 39_721_590);
    let pool = fx.pool().await;
    assert_eq!(pool.protocol_fees_quote, 60_000);
    assert_eq!(pool.reserve_quote, 25_000 * UNIT + 100 * UNIT - 60_000);
}

#[tokio::test]
async fn donations_do_not_move_the_price() {
    let mut fx = Fixture::new().await;
    let market = fx.market().await;
    let pool = fx.pool().await;
    let before = quote::swap_exact_in(&market, &pool, BuyCredits, 10 * UNIT).unwrap();

    // user 1 donates 1,000 quote straight into the vault
    let donor = &fx.users[1];
    let donate = spl_token_interface::instruction::transfer(
        &spl_token_interface::ID,
        &donor.quote,
        &fx.addrs.quote_vault,
        &donor.key(),
        &[],
        1_000 * UNIT,
    )
    .unwrap();
    fx.env.record_donation(fx.addrs.quote_vault, 1_000 * UNIT);
    fx.env.execute(&[donate], &[&fx.users[1].kp]).await.unwrap();
    assert_eq!(
        fx.pool().await.reserve_quote,
        pool.reserve_quote,
        "reserve unchanged"
    );

    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let c0 = fx.env.token_balance(u.credit).await;
    let i = ix::swap_exact_in(
        ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote),
        BuyCredits,
        10 * UNIT,
        0,
        deadline,
    );
    fx.env.execute(&[i], &[&fx.users[0].kp]).await.unwrap();
    let c1 = fx.env.token_balance(fx.users[0].credit).await;
    assert_eq!(
        c1 - c0,
        before.amount_out,
        "same output as before the donation"
    );
}

#[tokio::test]
async fn round_trip_loses_the_fees() {
    let mut fx = Fixture::new().await;
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let q0 = fx.env.token_balance(u.quote).await;
    let c0 = fx.env.token_balance(u.credit).await;
    let acc = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    fx.env
        .execute(
            &[ix::swap_exact_in(
                acc.clone(),
                BuyCredits,
                500 * UNIT,
                0,
                deadline,
            )],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let got = fx.env.token_balance(fx.users[0].credit).await - c0;
    fx.env
        .execute(
            &[ix::swap_exact_in(acc, SellCredits, got, 0, deadline)],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    let q1 = fx.env.token_balance(fx.users[0].quote).await;
    assert!(q1 < q0, "a round trip must cost the trader: {q0} -> {q1}");
    // ~0.6% in fees on 500 quote: at least 2.9 quote lost
    assert!(q0 - q1 >= 2_900_000, "lost {}", q0 - q1);
    let _ = fx.users[0].kp.pubkey();
}
