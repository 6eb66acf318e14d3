//! More of the adversarial matrix for the provider, job and crank instructions: look-alike accounts
//! owned by another program, and duplicate accounts.

use anchor_lang::error::ErrorCode as A;
use compute_amm_client::{ix, PoolAddresses};
use compute_amm_harness::fixture::UNIT;
use compute_amm_harness::{anchor_code, Fixture};
use compute_amm_tests::expect_error;
use compute_amm_tests::jobs::open;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

#[tokio::test]
async fn look_alike_accounts_owned_by_another_program_are_refused() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 1, &[10 * UNIT]).await;
    // a copy of the job under another owner
    let fake_job = fx.env.plant_copy(c.j.job, Pubkey::new_unique()).await;
    let i = ix::accept_job(&fx.provider.addrs, fake_job);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.provider.kp],
        anchor_code(A::AccountOwnedByWrongProgram),
    )
    .await;
    // a copy of the provider
    let fake_provider = fx
        .env
        .plant_copy(fx.provider.addrs.provider, Pubkey::new_unique())
        .await;
    let mut acc = ix::stake_accounts(&fx.provider.addrs, fx.provider.protocol);
    acc.provider = fake_provider;
    expect_error(
        &mut fx.env,
        &[ix::stake(acc, UNIT)],
        &[&fx.provider.kp],
        anchor_code(A::AccountOwnedByWrongProgram),
    )
    .await;
    // a copy of the market for the arbiter
    let fake_market = fx
        .env
        .plant_copy(fx.addrs.market, Pubkey::new_unique())
        .await;
    let mut acc = ix::slash_accounts(
        fx.arbiter.pubkey(),
        &fx.provider.addrs,
        c.user_protocol,
        fx.treasury,
        None,
    );
    acc.market = fake_market;
    let i = ix::slash_provider(acc, UNIT, 0, compute_amm::state::SlashReason::LostDispute);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        anchor_code(A::AccountOwnedByWrongProgram),
    )
    .await;
    // a copy of a pool for the fee burn
    let pp = PoolAddresses {
        pool: fx.env.plant_copy(fx.addrs.pool, Pubkey::new_unique()).await,
        ..fx.addrs
    };
    let i = ix::burn_protocol_fees(fx.admin.pubkey(), &pp, fx.protocol_mint);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.admin],
        anchor_code(A::AccountOwnedByWrongProgram),
    )
    .await;
}

#[tokio::test]
async fn duplicate_accounts_are_refused_in_job_settlement() {
    let mut fx = Fixture::new().await;
    let c = open(&mut fx, 2, &[10 * UNIT]).await;
    fx.env
        .execute(
            &[ix::accept_job(&fx.provider.addrs, c.j.job)],
            &[&fx.provider.kp],
        )
        .await
        .unwrap();
    fx.env
        .execute(
            &[ix::submit_milestone(
                &fx.provider.addrs,
                c.j.job,
                0,
                [1; 32],
            )],
            &[&fx.provider.kp],
        )
        .await
        .unwrap();
    // the escrow vault as the provider's credit account
    let mut acc = c.user_accounts(&fx);
    acc.provider_credit = c.j.escrow_vault;
    expect_error(
        &mut fx.env,
        &[ix::approve_milestone(acc, 0)],
        &[&fx.users[0].kp],
        anchor_code(A::ConstraintDuplicateMutableAccount),
    )
    .await;
    // the user's credit account twice
    let mut acc = c.user_accounts(&fx);
    acc.provider_credit = fx.users[0].credit;
    expect_error(
        &mut fx.env,
        &[ix::approve_milestone(acc, 0)],
        &[&fx.users[0].kp],
        anchor_code(A::ConstraintDuplicateMutableAccount),
    )
    .await;
    // opening a job that pays from the escrow vault itself
    let j2 = compute_amm_client::JobAddresses::derive(
        &fx.protocol_mint,
        &fx.treasury,
        0,
        &fx.users[0].key(),
        3,
    );
    fx.env.watch_job(j2.job);
    let now = fx.env.now().await;
    let mut acc = ix::open_job_accounts(&j2, fx.users[0].credit);
    acc.user_credit = j2.escrow_vault;
    let i = ix::open_job(acc, 3, 1, vec![UNIT], now + 10, now + 20);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        anchor_code(A::ConstraintDuplicateMutableAccount),
    )
    .await;
}
