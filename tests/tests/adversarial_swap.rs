//! The adversarial matrix for `swap_exact_in` and `swap_exact_out`: every case fails with its named
//! error and moves nothing (`expect_error` compares every watched account before and after).

use anchor_lang::error::ErrorCode as A;
use compute_amm::error::ComputeAmmError as E;
use compute_amm::state::{pause, SwapDirection::*};
use compute_amm_client::{ix, pda, Instruction};
use compute_amm_harness::fixture::{default_params, UNIT};
use compute_amm_harness::{anchor_code, program_code, Fixture};
use compute_amm_tests::expect_error;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

/// Both swap kinds with the same accounts.
fn both(accounts: compute_amm::accounts::Swap, amount: u64, deadline: i64) -> [Instruction; 2] {
    [
        ix::swap_exact_in(accounts.clone(), BuyCredits, amount, 0, deadline),
        ix::swap_exact_out(accounts, BuyCredits, amount, u64::MAX, deadline),
    ]
}

async fn setup() -> (Fixture, compute_amm::accounts::Swap, i64) {
    let fx = Fixture::new().await;
    let u = &fx.users[0];
    let acc = ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote);
    let mut fx = fx;
    let deadline = fx.deadline().await;
    (fx, acc, deadline)
}

#[tokio::test]
async fn swap_requires_the_trader_signature() {
    let (mut fx, acc, deadline) = setup().await;
    for mut i in both(acc, UNIT, deadline) {
        i.accounts[0].is_signer = false;
        expect_error(&mut fx.env, &[i], &[], anchor_code(A::AccountNotSigner)).await;
    }
}

#[tokio::test]
async fn swap_refuses_someone_elses_token_accounts() {
    let (mut fx, _, deadline) = setup().await;
    let attacker = &fx.users[1];
    let victim = &fx.users[0];
    // attacker signs but pays from the victim's quote account
    let acc = ix::swap_accounts(attacker.key(), &fx.addrs, attacker.credit, victim.quote);
    for i in both(acc, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[1].kp],
            anchor_code(A::ConstraintTokenOwner),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_token_accounts_of_the_wrong_mint() {
    let (mut fx, mut acc, deadline) = setup().await;
    acc.trader_credit = fx.users[0].lp; // the trader's own LP account
    for i in both(acc, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            anchor_code(A::ConstraintTokenMint),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_a_substituted_vault() {
    let (mut fx, mut acc, deadline) = setup().await;
    // the attacker's own credit account in place of the pool's credit vault
    acc.credit_vault = fx.users[1].credit;
    for i in both(acc, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            anchor_code(A::ConstraintHasOne),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_a_look_alike_pool_owned_by_another_program() {
    let (mut fx, mut acc, deadline) = setup().await;
    acc.pool = fx.env.plant_copy(fx.addrs.pool, Pubkey::new_unique()).await;
    for i in both(acc, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            anchor_code(A::AccountOwnedByWrongProgram),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_a_pool_of_another_market() {
    let (mut fx, mut acc, deadline) = setup().await;
    // a second, legitimate market
    let admin2 = fx.env.funded_keypair();
    let mint2 = fx.env.create_mint(6, admin2.pubkey());
    let treasury2 = fx.env.create_token_account(mint2, Pubkey::new_unique());
    fx.env
        .execute(
            &[ix::initialize_market(
                admin2.pubkey(),
                mint2,
                treasury2,
                default_params(),
                Pubkey::new_unique(),
            )],
            &[&admin2],
        )
        .await
        .unwrap();
    acc.market = pda::market(&mint2).0;
    for i in both(acc, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            program_code(E::WrongMarket),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_a_substituted_token_program() {
    let (mut fx, mut acc, deadline) = setup().await;
    acc.token_program = ix::SYSTEM_PROGRAM_ID;
    for i in both(acc, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            anchor_code(A::InvalidProgramId),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_duplicate_accounts() {
    let (mut fx, mut acc, deadline) = setup().await;
    // the same vault as both vaults
    acc.quote_vault = fx.addrs.credit_vault;
    for i in both(acc.clone(), UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            anchor_code(A::ConstraintDuplicateMutableAccount),
        )
        .await;
    }
    // the same user account on both sides
    let u = &fx.users[0];
    let acc = ix::swap_accounts(u.key(), &fx.addrs, u.quote, u.quote);
    for i in both(acc, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            anchor_code(A::ConstraintDuplicateMutableAccount),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_zero_amounts() {
    let (mut fx, acc, deadline) = setup().await;
    for i in both(acc, 0, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            program_code(E::ZeroAmount),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_u64_max_amounts() {
    let (mut fx, acc, deadline) = setup().await;
    let [exact_in, exact_out] = both(acc, u64::MAX, deadline);
    // the new reserve would not fit in u64
    expect_error(
        &mut fx.env,
        &[exact_in],
        &[&fx.users[0].kp],
        program_code(E::MathOverflow),
    )
    .await;
    // more than the whole reserve
    expect_error(
        &mut fx.env,
        &[exact_out],
        &[&fx.users[0].kp],
        program_code(E::InsufficientLiquidity),
    )
    .await;
}

#[tokio::test]
async fn swap_refuses_more_than_the_trader_holds() {
    let (mut fx, acc, deadline) = setup().await;
    let holds = fx.env.token_balance(fx.users[0].quote).await;
    let i = ix::swap_exact_in(acc.clone(), BuyCredits, holds + 1, 0, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InsufficientFunds),
    )
    .await;
    // exact-out needing more quote than held: 5,000 credits cost ~25,000 quote at this depth
    let i = ix::swap_exact_out(acc, BuyCredits, 5_000 * UNIT, u64::MAX, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InsufficientFunds),
    )
    .await;
}

#[tokio::test]
async fn swap_refuses_dust_that_rounds_to_nothing() {
    let (mut fx, acc, deadline) = setup().await;
    let i = ix::swap_exact_in(acc, SellCredits, 1, 0, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::ZeroOutput),
    )
    .await;
}

#[tokio::test]
async fn swap_refuses_an_expired_deadline() {
    let (mut fx, acc, _) = setup().await;
    let now = fx.env.now().await;
    for i in both(acc, UNIT, now - 1) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            program_code(E::DeadlineExceeded),
        )
        .await;
    }
}

#[tokio::test]
async fn swap_refuses_exceeded_slippage() {
    let (mut fx, acc, deadline) = setup().await;
    let market = fx.market().await;
    let pool = fx.pool().await;
    let q =
        compute_amm_client::quote::swap_exact_in(&market, &pool, BuyCredits, 10 * UNIT).unwrap();
    let i = ix::swap_exact_in(
        acc.clone(),
        BuyCredits,
        10 * UNIT,
        q.amount_out + 1,
        deadline,
    );
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::SlippageExceeded),
    )
    .await;
    let q =
        compute_amm_client::quote::swap_exact_out(&market, &pool, BuyCredits, 10 * UNIT).unwrap();
    let i = ix::swap_exact_out(
        acc.clone(),
        BuyCredits,
        10 * UNIT,
        q.amount_in - 1,
        deadline,
    );
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::MaxInputExceeded),
    )
    .await;
    // the exact bounds pass
    fx.env
        .execute(
            &[ix::swap_exact_out(
                acc,
                BuyCredits,
                10 * UNIT,
                q.amount_in,
                deadline,
            )],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn swap_refuses_when_paused() {
    let (mut fx, acc, deadline) = setup().await;
    fx.env
        .execute(
            &[ix::set_paused(
                fx.admin.pubkey(),
                fx.addrs.market,
                pause::SWAP,
            )],
            &[&fx.admin],
        )
        .await
        .unwrap();
    for i in both(acc, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            program_code(E::ActionPaused),
        )
        .await;
    }
}
