//! The adversarial matrix for `add_liquidity` and `remove_liquidity`: every case fails with its
//! named error and moves nothing.

use anchor_lang::error::ErrorCode as A;
use compute_amm::error::ComputeAmmError as E;
use compute_amm::state::pause;
use compute_amm_client::{ix, Instruction};
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::{anchor_code, program_code, Fixture};
use compute_amm_tests::expect_error;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

/// A deposit of `lp` shares and a withdrawal of `lp` shares with the same accounts.
fn both(
    accounts: compute_amm::accounts::ModifyLiquidity,
    lp: u64,
    deadline: i64,
) -> [Instruction; 2] {
    [
        ix::add_liquidity(accounts.clone(), lp, u64::MAX, u64::MAX, deadline),
        ix::remove_liquidity(accounts, lp, 0, 0, deadline),
    ]
}

/// User 0 already holds LP shares, so both directions are valid before the mutation.
async fn setup() -> (Fixture, compute_amm::accounts::ModifyLiquidity, i64) {
    let mut fx = Fixture::new().await;
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let acc = ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp);
    fx.env
        .execute(
            &[ix::add_liquidity(
                acc.clone(),
                50 * UNIT,
                u64::MAX,
                u64::MAX,
                deadline,
            )],
            &[&fx.users[0].kp],
        )
        .await
        .unwrap();
    (fx, acc, deadline)
}

#[tokio::test]
async fn liquidity_requires_the_owner_signature() {
    let (mut fx, acc, deadline) = setup().await;
    for mut i in both(acc, UNIT, deadline) {
        i.accounts[0].is_signer = false;
        expect_error(&mut fx.env, &[i], &[], anchor_code(A::AccountNotSigner)).await;
    }
}

#[tokio::test]
async fn liquidity_refuses_someone_elses_token_accounts() {
    let (mut fx, mut acc, deadline) = setup().await;
    // attacker signs, names the victim's LP account (to burn from / mint into)
    acc.owner = fx.users[1].key();
    acc.owner_credit = fx.users[1].credit;
    acc.owner_quote = fx.users[1].quote;
    acc.owner_lp = fx.users[0].lp;
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
async fn liquidity_refuses_token_accounts_of_the_wrong_mint() {
    let (mut fx, mut acc, deadline) = setup().await;
    let other_mint = fx.env.create_mint(6, Pubkey::new_unique());
    acc.owner_lp = fx.env.create_token_account(other_mint, fx.users[0].key());
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
async fn liquidity_refuses_a_substituted_lp_mint_or_vault() {
    let (mut fx, acc, deadline) = setup().await;
    let fake_mint = fx.env.create_mint(6, fx.users[0].key());
    let mut a = acc.clone();
    a.lp_mint = fake_mint;
    a.owner_lp = fx.env.create_token_account(fake_mint, fx.users[0].key());
    for i in both(a, UNIT, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            anchor_code(A::ConstraintHasOne),
        )
        .await;
    }
    let mut a = acc;
    a.quote_vault = fx.users[1].quote;
    for i in both(a, UNIT, deadline) {
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
async fn liquidity_refuses_a_look_alike_pool() {
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
async fn liquidity_refuses_duplicate_accounts() {
    let (mut fx, mut acc, deadline) = setup().await;
    acc.quote_vault = fx.addrs.credit_vault;
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
async fn liquidity_refuses_zero_and_u64_max() {
    let (mut fx, acc, deadline) = setup().await;
    for i in both(acc.clone(), 0, deadline) {
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.users[0].kp],
            program_code(E::ZeroAmount),
        )
        .await;
    }
    let [add, remove] = both(acc, u64::MAX, deadline);
    expect_error(
        &mut fx.env,
        &[add],
        &[&fx.users[0].kp],
        program_code(E::MathOverflow),
    )
    .await;
    expect_error(
        &mut fx.env,
        &[remove],
        &[&fx.users[0].kp],
        program_code(E::InsufficientFunds),
    )
    .await;
}

#[tokio::test]
async fn liquidity_refuses_more_than_the_owner_holds() {
    let (mut fx, acc, deadline) = setup().await;
    // 1,000 credits + 5,000 quote held; 10,000 LP-worth needs far more
    let pool = fx.pool().await;
    let i = ix::add_liquidity(acc.clone(), pool.lp_supply, u64::MAX, u64::MAX, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InsufficientFunds),
    )
    .await;
    let held = fx.env.token_balance(fx.users[0].lp).await;
    let i = ix::remove_liquidity(acc, held + 1, 0, 0, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::InsufficientFunds),
    )
    .await;
}

#[tokio::test]
async fn liquidity_refuses_an_expired_deadline() {
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
async fn liquidity_refuses_exceeded_slippage() {
    let (mut fx, acc, deadline) = setup().await;
    let pool = fx.pool().await;
    let (c, q) = compute_amm_client::quote::add_liquidity(&pool, 10 * UNIT).unwrap();
    let i = ix::add_liquidity(acc.clone(), 10 * UNIT, c - 1, q, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::MaxInputExceeded),
    )
    .await;
    let i = ix::add_liquidity(acc.clone(), 10 * UNIT, c, q - 1, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::MaxInputExceeded),
    )
    .await;
    let (wc, wq) = compute_amm_client::quote::remove_liquidity(&pool, 10 * UNIT).unwrap();
    let i = ix::remove_liquidity(acc.clone(), 10 * UNIT, wc + 1, wq, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::SlippageExceeded),
    )
    .await;
    let i = ix::remove_liquidity(acc, 10 * UNIT, wc, wq + 1, deadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::SlippageExceeded),
    )
    .await;
}

#[tokio::test]
async fn liquidity_refuses_when_paused() {
    let (mut fx, acc, deadline) = setup().await;
    fx.env
        .execute(
            &[ix::set_paused(
                fx.admin.pubkey(),
                fx.addrs.market,
                pause::DEPOSIT | pause::WITHDRAW,
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
