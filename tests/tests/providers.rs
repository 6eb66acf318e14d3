//! Provider lifecycle, stake-backed credits, unstake tickets and slashing — happy paths and the
//! adversarial matrix for every provider and arbiter instruction.

use anchor_lang::error::ErrorCode as A;
use compute_amm::error::ComputeAmmError as E;
use compute_amm::state::{pause, Provider, SlashReason, UnstakeTicket};
use compute_amm_client::{ix, pda, quote};
use compute_amm_harness::fixture::{default_params, UNIT};
use compute_amm_harness::{anchor_code, program_code, Fixture, FixtureConfig, ProviderUser};
use compute_amm_tests::{expect_error, expect_refused};
use solana_pubkey::Pubkey;
use solana_signer::Signer;

/// A fixture plus a fresh provider holding 1,000 staked protocol tokens and no credits.
async fn setup() -> (Fixture, ProviderUser) {
    let mut fx = Fixture::with(FixtureConfig {
        users: 1,
        ..FixtureConfig::default()
    })
    .await;
    let p = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 1_000 * UNIT).await;
    (fx, p)
}

async fn provider(fx: &mut Fixture, p: &ProviderUser) -> Provider {
    fx.env.get(p.addrs.provider).await
}

#[tokio::test]
async fn provider_lifecycle_end_to_end() {
    let (mut fx, p) = setup().await;
    let market = fx.market().await;
    let pr = provider(&mut fx, &p).await;
    assert_eq!(
        (pr.stake, pr.obligations, pr.capacity_gpus),
        (1_000 * UNIT, 0, 8)
    );
    // 1,000 tokens at 5 per GPU-hour back 200 GPU-hours
    assert_eq!(quote::mintable_credits(&market, &pr).unwrap(), 200 * UNIT);

    fx.env
        .execute(
            &[ix::mint_credits(
                ix::credits_accounts(&p.addrs, p.credit),
                200 * UNIT,
            )],
            &[&p.kp],
        )
        .await
        .unwrap();
    assert_eq!(fx.env.token_balance(p.credit).await, 200 * UNIT);
    let i = ix::mint_credits(ix::credits_accounts(&p.addrs, p.credit), 1);
    expect_error(
        &mut fx.env,
        &[i],
        &[&p.kp],
        program_code(E::InsufficientFreeStake),
    )
    .await;
    // fully backed: nothing can be unstaked
    let i = ix::request_unstake(&p.addrs, 0, 1);
    expect_error(
        &mut fx.env,
        &[i],
        &[&p.kp],
        program_code(E::InsufficientFreeStake),
    )
    .await;

    // retiring 50 GPU-hours frees 250 tokens
    fx.env
        .execute(
            &[ix::retire_credits(
                ix::credits_accounts(&p.addrs, p.credit),
                50 * UNIT,
            )],
            &[&p.kp],
        )
        .await
        .unwrap();
    let pr = provider(&mut fx, &p).await;
    assert_eq!(pr.obligations, 150 * UNIT);
    assert_eq!(quote::unstakeable(&market, &pr).unwrap(), 250 * UNIT);

    let t0 = fx.env.now().await;
    fx.env
        .execute(&[ix::request_unstake(&p.addrs, 0, 250 * UNIT)], &[&p.kp])
        .await
        .unwrap();
    let ticket: UnstakeTicket = fx
        .env
        .get(pda::unstake_ticket(&p.addrs.provider, 0).0)
        .await;
    assert_eq!(ticket.unlock_at, t0 + market.params.unstake_cooldown_secs);
    let pr = provider(&mut fx, &p).await;
    assert_eq!(
        (pr.stake, pr.pending_tokens, pr.open_tickets),
        (750 * UNIT, 250 * UNIT, 1)
    );

    let w = ix::withdraw_unstaked(ix::withdraw_unstaked_accounts(&p.addrs, 0, p.protocol));
    expect_error(
        &mut fx.env,
        &[w.clone()],
        &[&p.kp],
        program_code(E::CooldownNotElapsed),
    )
    .await;
    fx.env
        .warp_seconds(market.params.unstake_cooldown_secs - 1)
        .await;
    expect_error(
        &mut fx.env,
        &[w.clone()],
        &[&p.kp],
        program_code(E::CooldownNotElapsed),
    )
    .await;
    fx.env.warp_seconds(1).await;
    fx.env.execute(&[w.clone()], &[&p.kp]).await.unwrap();
    assert_eq!(fx.env.token_balance(p.protocol).await, 250 * UNIT);
    assert!(
        fx.env
            .account(pda::unstake_ticket(&p.addrs.provider, 0).0)
            .await
            .is_none(),
        "ticket closed"
    );
    // a withdrawn ticket cannot be withdrawn again
    expect_error(
        &mut fx.env,
        &[w],
        &[&p.kp],
        anchor_code(A::AccountNotInitialized),
    )
    .await;

    // cannot leave while anything is at stake
    expect_error(
        &mut fx.env,
        &[ix::deregister_provider(&p.addrs)],
        &[&p.kp],
        program_code(E::ProviderNotEmpty),
    )
    .await;
    fx.env
        .execute(
            &[ix::retire_credits(
                ix::credits_accounts(&p.addrs, p.credit),
                150 * UNIT,
            )],
            &[&p.kp],
        )
        .await
        .unwrap();
    fx.env
        .execute(&[ix::request_unstake(&p.addrs, 1, 750 * UNIT)], &[&p.kp])
        .await
        .unwrap();
    fx.env
        .warp_seconds(market.params.unstake_cooldown_secs)
        .await;
    fx.env
        .execute(
            &[ix::withdraw_unstaked(ix::withdraw_unstaked_accounts(
                &p.addrs, 1, p.protocol,
            ))],
            &[&p.kp],
        )
        .await
        .unwrap();
    assert_eq!(
        fx.env.token_balance(p.protocol).await,
        1_000 * UNIT,
        "all stake back, to the base unit"
    );
    let class_before: compute_amm::state::GpuClass = fx.env.get(p.addrs.gpu_class).await;
    fx.env
        .execute(&[ix::deregister_provider(&p.addrs)], &[&p.kp])
        .await
        .unwrap();
    assert!(fx.env.account(p.addrs.provider).await.is_none());
    let class_after: compute_amm::state::GpuClass = fx.env.get(p.addrs.gpu_class).await;
    assert_eq!(class_after.provider_count, class_before.provider_count - 1);
}

#[tokio::test]
async fn update_provider_is_authority_only() {
    let (mut fx, p) = setup().await;
    fx.env
        .execute(
            &[ix::update_provider(
                &p.addrs,
                16,
                ix::region("us-east"),
                [9; 32],
            )],
            &[&p.kp],
        )
        .await
        .unwrap();
    let pr = provider(&mut fx, &p).await;
    assert_eq!((pr.capacity_gpus, pr.endpoint_hash), (16, [9; 32]));
    let mut i = ix::update_provider(&p.addrs, 1, ix::region("x"), [0; 32]);
    i.accounts[0].pubkey = fx.users[0].key();
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.users[0].kp],
        program_code(E::NotProviderAuthority),
    )
    .await;
    let i = ix::update_provider(&p.addrs, 0, ix::region("x"), [0; 32]);
    expect_error(
        &mut fx.env,
        &[i],
        &[&p.kp],
        program_code(E::InvalidProviderMetadata),
    )
    .await;
}

#[tokio::test]
async fn register_provider_adversarial() {
    let (mut fx, p) = setup().await;
    // twice for the same class
    let i = ix::register_provider(&p.addrs, 8, ix::region("eu"), [0; 32]);
    expect_refused(&mut fx.env, &[i], &[&p.kp]).await;
    // zero capacity
    let kp = fx.env.funded_keypair();
    let a = compute_amm_client::ProviderAddresses::derive(&fx.protocol_mint, 0, &kp.pubkey());
    fx.env.watch_provider(a.provider);
    let i = ix::register_provider(&a, 0, ix::region("eu"), [0; 32]);
    expect_error(
        &mut fx.env,
        &[i],
        &[&kp],
        program_code(E::InvalidProviderMetadata),
    )
    .await;
    // missing signature
    let mut i = ix::register_provider(&a, 8, ix::region("eu"), [0; 32]);
    i.accounts[0].is_signer = false;
    expect_error(&mut fx.env, &[i], &[], anchor_code(A::AccountNotSigner)).await;
}

#[tokio::test]
async fn stake_adversarial() {
    let (mut fx, p) = setup().await;
    let attacker = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 0).await;
    fx.env.mint_tokens(attacker.protocol, 100 * UNIT).await;
    // staking into someone else's provider account
    let mut acc = ix::stake_accounts(&attacker.addrs, attacker.protocol);
    acc.provider = p.addrs.provider;
    expect_error(
        &mut fx.env,
        &[ix::stake(acc, UNIT)],
        &[&attacker.kp],
        program_code(E::NotProviderAuthority),
    )
    .await;
    // from someone else's token account
    let acc = ix::stake_accounts(&attacker.addrs, p.protocol);
    expect_error(
        &mut fx.env,
        &[ix::stake(acc, UNIT)],
        &[&attacker.kp],
        anchor_code(A::ConstraintTokenOwner),
    )
    .await;
    // from a token account of the wrong mint
    let acc = ix::stake_accounts(&attacker.addrs, attacker.credit);
    expect_error(
        &mut fx.env,
        &[ix::stake(acc, UNIT)],
        &[&attacker.kp],
        anchor_code(A::ConstraintTokenMint),
    )
    .await;
    // into a substituted vault
    let mut acc = ix::stake_accounts(&attacker.addrs, attacker.protocol);
    acc.stake_vault = p.protocol;
    expect_error(
        &mut fx.env,
        &[ix::stake(acc, UNIT)],
        &[&attacker.kp],
        anchor_code(A::ConstraintHasOne),
    )
    .await;
    // duplicate: the vault as source
    let mut acc = ix::stake_accounts(&attacker.addrs, attacker.protocol);
    acc.source = acc.stake_vault;
    expect_error(
        &mut fx.env,
        &[ix::stake(acc, UNIT)],
        &[&attacker.kp],
        anchor_code(A::ConstraintDuplicateMutableAccount),
    )
    .await;
    // zero, more than held, u64::MAX
    for (amount, code) in [
        (0, E::ZeroAmount),
        (100 * UNIT + 1, E::InsufficientFunds),
        (u64::MAX, E::InsufficientFunds),
    ] {
        let acc = ix::stake_accounts(&attacker.addrs, attacker.protocol);
        expect_error(
            &mut fx.env,
            &[ix::stake(acc, amount)],
            &[&attacker.kp],
            program_code(code),
        )
        .await;
    }
    // and the real thing works
    fx.env
        .execute(
            &[ix::stake(
                ix::stake_accounts(&attacker.addrs, attacker.protocol),
                100 * UNIT,
            )],
            &[&attacker.kp],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn unstake_adversarial() {
    let (mut fx, p) = setup().await;
    let attacker = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 10 * UNIT).await;
    for (amount, code) in [
        (0, E::ZeroAmount),
        (1_000 * UNIT + 1, E::InsufficientFreeStake),
        (u64::MAX, E::InsufficientFreeStake),
    ] {
        expect_error(
            &mut fx.env,
            &[ix::request_unstake(&p.addrs, 0, amount)],
            &[&p.kp],
            program_code(code),
        )
        .await;
    }
    // a ticket id other than next_ticket_id is a substituted PDA
    expect_error(
        &mut fx.env,
        &[ix::request_unstake(&p.addrs, 5, UNIT)],
        &[&p.kp],
        anchor_code(A::ConstraintSeeds),
    )
    .await;
    // unstaking someone else's stake
    let mut i = ix::request_unstake(&p.addrs, 0, UNIT);
    i.accounts[0].pubkey = attacker.key();
    expect_error(
        &mut fx.env,
        &[i],
        &[&attacker.kp],
        program_code(E::NotProviderAuthority),
    )
    .await;

    fx.env
        .execute(&[ix::request_unstake(&p.addrs, 0, 100 * UNIT)], &[&p.kp])
        .await
        .unwrap();
    fx.env
        .execute(
            &[ix::request_unstake(&attacker.addrs, 0, UNIT)],
            &[&attacker.kp],
        )
        .await
        .unwrap();
    fx.env
        .warp_seconds(default_params().unstake_cooldown_secs)
        .await;
    // withdrawing the victim's ticket through the attacker's provider
    let mut acc = ix::withdraw_unstaked_accounts(&attacker.addrs, 0, attacker.protocol);
    acc.ticket = pda::unstake_ticket(&p.addrs.provider, 0).0;
    expect_error(
        &mut fx.env,
        &[ix::withdraw_unstaked(acc)],
        &[&attacker.kp],
        program_code(E::WrongTicket),
    )
    .await;
    // into a token account of the wrong mint
    let acc = ix::withdraw_unstaked_accounts(&p.addrs, 0, p.credit);
    expect_error(
        &mut fx.env,
        &[ix::withdraw_unstaked(acc)],
        &[&p.kp],
        anchor_code(A::ConstraintTokenMint),
    )
    .await;
    // out of a substituted vault
    let mut acc = ix::withdraw_unstaked_accounts(&p.addrs, 0, p.protocol);
    acc.stake_vault = attacker.protocol;
    expect_error(
        &mut fx.env,
        &[ix::withdraw_unstaked(acc)],
        &[&p.kp],
        anchor_code(A::ConstraintHasOne),
    )
    .await;
    fx.env
        .execute(
            &[ix::withdraw_unstaked(ix::withdraw_unstaked_accounts(
                &p.addrs, 0, p.protocol,
            ))],
            &[&p.kp],
        )
        .await
        .unwrap();
    assert_eq!(fx.env.token_balance(p.protocol).await, 100 * UNIT);
}

#[tokio::test]
async fn credits_adversarial() {
    let (mut fx, p) = setup().await;
    let other = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 0).await;
    for (amount, code) in [
        (0, E::ZeroAmount),
        (200 * UNIT + 1, E::InsufficientFreeStake),
        (u64::MAX, E::InsufficientFreeStake),
    ] {
        let i = ix::mint_credits(ix::credits_accounts(&p.addrs, p.credit), amount);
        expect_error(&mut fx.env, &[i], &[&p.kp], program_code(code)).await;
    }
    // minting against someone else's stake
    let mut acc = ix::credits_accounts(&other.addrs, other.credit);
    acc.provider = p.addrs.provider;
    expect_error(
        &mut fx.env,
        &[ix::mint_credits(acc, UNIT)],
        &[&other.kp],
        program_code(E::NotProviderAuthority),
    )
    .await;
    // into an account of the wrong mint
    let acc = ix::credits_accounts(&p.addrs, p.protocol);
    expect_error(
        &mut fx.env,
        &[ix::mint_credits(acc, UNIT)],
        &[&p.kp],
        anchor_code(A::ConstraintTokenMint),
    )
    .await;
    // with a substituted credit mint
    let mut acc = ix::credits_accounts(&p.addrs, fx.users[0].quote);
    acc.credit_mint = fx.quote_mint;
    expect_error(
        &mut fx.env,
        &[ix::mint_credits(acc, UNIT)],
        &[&p.kp],
        anchor_code(A::ConstraintHasOne),
    )
    .await;
    // while minting is paused
    fx.env
        .execute(
            &[ix::set_paused(
                fx.admin.pubkey(),
                fx.addrs.market,
                pause::MINT,
            )],
            &[&fx.admin],
        )
        .await
        .unwrap();
    let i = ix::mint_credits(ix::credits_accounts(&p.addrs, p.credit), UNIT);
    expect_error(&mut fx.env, &[i], &[&p.kp], program_code(E::ActionPaused)).await;
    fx.env
        .execute(
            &[ix::set_paused(fx.admin.pubkey(), fx.addrs.market, 0)],
            &[&fx.admin],
        )
        .await
        .unwrap();

    fx.env
        .execute(
            &[ix::mint_credits(
                ix::credits_accounts(&p.addrs, p.credit),
                10 * UNIT,
            )],
            &[&p.kp],
        )
        .await
        .unwrap();
    // retiring more than held, someone else's credits, more than the obligation
    let i = ix::retire_credits(ix::credits_accounts(&p.addrs, p.credit), 10 * UNIT + 1);
    expect_error(
        &mut fx.env,
        &[i],
        &[&p.kp],
        program_code(E::InsufficientFunds),
    )
    .await;
    let i = ix::retire_credits(ix::credits_accounts(&p.addrs, fx.users[0].credit), UNIT);
    expect_error(
        &mut fx.env,
        &[i],
        &[&p.kp],
        program_code(E::NotProviderAuthority),
    )
    .await;
    let give = spl_token_interface::instruction::transfer(
        &spl_token_interface::ID,
        &p.credit,
        &other.credit,
        &p.key(),
        &[],
        5 * UNIT,
    )
    .unwrap();
    fx.env.execute(&[give], &[&p.kp]).await.unwrap();
    let i = ix::retire_credits(ix::credits_accounts(&other.addrs, other.credit), UNIT);
    expect_error(
        &mut fx.env,
        &[i],
        &[&other.kp],
        program_code(E::RetireExceedsObligations),
    )
    .await;
    let i = ix::retire_credits(ix::credits_accounts(&p.addrs, p.credit), 0);
    expect_error(&mut fx.env, &[i], &[&p.kp], program_code(E::ZeroAmount)).await;
}

#[tokio::test]
async fn slash_takes_active_then_pending_and_routes_in_order() {
    let (mut fx, p) = setup().await;
    // the harmed party is the user of a job of this provider (HarmedNotBound otherwise)
    let victim = Pubkey::new_unique();
    let harmed = fx.env.create_token_account(fx.protocol_mint, victim);
    let job = fx.env.plant_job(p.addrs.market, p.addrs.provider, victim);
    fx.env
        .execute(&[ix::request_unstake(&p.addrs, 0, 900 * UNIT)], &[&p.kp])
        .await
        .unwrap();
    let supply0 = fx.env.mint_supply(fx.protocol_mint).await;
    let treasury0 = fx.env.token_balance(fx.treasury).await;
    let market = fx.market().await;
    let now = fx.env.now().await;
    // cap: 20% of 1,000 tokens = 200 tokens
    assert_eq!(
        quote::slash_room(&market, &provider(&mut fx, &p).await, now).unwrap(),
        200 * UNIT
    );

    let acc = ix::slash_accounts(
        fx.arbiter.pubkey(),
        &p.addrs,
        harmed,
        fx.treasury,
        Some(job),
    );
    let i = ix::slash_provider(acc, 200 * UNIT, 30 * UNIT, SlashReason::LostDispute);
    fx.env.execute(&[i], &[&fx.arbiter]).await.unwrap();
    // 100 from active stake, then 100 from cooldown; harmed party 30, then half of 170 burned
    let pr = provider(&mut fx, &p).await;
    assert_eq!((pr.stake, pr.pending_tokens), (0, 800 * UNIT));
    assert_eq!(
        (pr.slashed_total, pr.slashed_this_epoch),
        (200 * UNIT, 200 * UNIT)
    );
    assert_eq!(fx.env.token_balance(harmed).await, 30 * UNIT);
    assert_eq!(
        supply0 - fx.env.mint_supply(fx.protocol_mint).await,
        85 * UNIT,
        "burned"
    );
    assert_eq!(
        fx.env.token_balance(fx.treasury).await - treasury0,
        85 * UNIT
    );
    let m = fx.market().await;
    assert_eq!((m.total_slashed, m.total_burned), (200 * UNIT, 85 * UNIT));

    // the cooldown ticket bears its share: 900 requested, 800 left in cooldown
    fx.env
        .warp_seconds(market.params.unstake_cooldown_secs)
        .await;
    let ticket: UnstakeTicket = fx
        .env
        .get(pda::unstake_ticket(&p.addrs.provider, 0).0)
        .await;
    assert_eq!(
        quote::ticket_status(&provider(&mut fx, &p).await, &ticket)
            .unwrap()
            .1,
        800 * UNIT
    );
    fx.env
        .execute(
            &[ix::withdraw_unstaked(ix::withdraw_unstaked_accounts(
                &p.addrs, 0, p.protocol,
            ))],
            &[&p.kp],
        )
        .await
        .unwrap();
    assert_eq!(fx.env.token_balance(p.protocol).await, 800 * UNIT);
}

#[tokio::test]
async fn slash_is_capped_per_epoch() {
    let (mut fx, p) = setup().await;
    let harmed = fx
        .env
        .create_token_account(fx.protocol_mint, Pubkey::new_unique());
    let acc = || ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, harmed, fx.treasury, None);
    // above the cap: refused, nothing moves
    let i = ix::slash_provider(acc(), 200 * UNIT + 1, 0, SlashReason::LostDispute);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        program_code(E::SlashAboveCap),
    )
    .await;
    let i = ix::slash_provider(acc(), u64::MAX, 0, SlashReason::LostDispute);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        program_code(E::SlashAboveCap),
    )
    .await;
    // in two parts up to the cap
    fx.env
        .execute(
            &[ix::slash_provider(
                acc(),
                150 * UNIT,
                0,
                SlashReason::MissedDeadline,
            )],
            &[&fx.arbiter],
        )
        .await
        .unwrap();
    fx.env
        .execute(
            &[ix::slash_provider(
                acc(),
                50 * UNIT,
                0,
                SlashReason::MissedDeadline,
            )],
            &[&fx.arbiter],
        )
        .await
        .unwrap();
    let i = ix::slash_provider(acc(), 1, 0, SlashReason::MissedDeadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        program_code(E::SlashAboveCap),
    )
    .await;
    // next epoch: 20% of what is left (800) is available again
    fx.env
        .warp_seconds(default_params().epoch_length_secs)
        .await;
    let i = ix::slash_provider(acc(), 160 * UNIT + 1, 0, SlashReason::MissedDeadline);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        program_code(E::SlashAboveCap),
    )
    .await;
    fx.env
        .execute(
            &[ix::slash_provider(
                acc(),
                160 * UNIT,
                0,
                SlashReason::MissedDeadline,
            )],
            &[&fx.arbiter],
        )
        .await
        .unwrap();
    assert_eq!(provider(&mut fx, &p).await.stake, 640 * UNIT);
}

#[tokio::test]
async fn slash_adversarial() {
    let (mut fx, p) = setup().await;
    let harmed = fx
        .env
        .create_token_account(fx.protocol_mint, Pubkey::new_unique());
    let intruder = fx.env.funded_keypair();
    let i = ix::slash_provider(
        ix::slash_accounts(intruder.pubkey(), &p.addrs, harmed, fx.treasury, None),
        UNIT,
        0,
        SlashReason::LostDispute,
    );
    expect_error(&mut fx.env, &[i], &[&intruder], program_code(E::NotArbiter)).await;
    let i = ix::slash_provider(
        ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, harmed, fx.treasury, None),
        0,
        0,
        SlashReason::LostDispute,
    );
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        program_code(E::ZeroAmount),
    )
    .await;
    // treasury substituted by the caller's own account
    let mine = fx
        .env
        .create_token_account(fx.protocol_mint, fx.arbiter.pubkey());
    let i = ix::slash_provider(
        ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, harmed, mine, None),
        UNIT,
        0,
        SlashReason::LostDispute,
    );
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        anchor_code(A::ConstraintHasOne),
    )
    .await;
    // harmed account of the wrong mint
    let i = ix::slash_provider(
        ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, p.credit, fx.treasury, None),
        UNIT,
        0,
        SlashReason::LostDispute,
    );
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        anchor_code(A::ConstraintTokenMint),
    )
    .await;
    // substituted stake vault
    let mut acc = ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, harmed, fx.treasury, None);
    acc.stake_vault = p.protocol;
    let i = ix::slash_provider(acc, UNIT, 0, SlashReason::LostDispute);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.arbiter],
        anchor_code(A::ConstraintHasOne),
    )
    .await;
    // missing arbiter signature
    let mut i = ix::slash_provider(
        ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, harmed, fx.treasury, None),
        UNIT,
        0,
        SlashReason::LostDispute,
    );
    i.accounts[0].is_signer = false;
    expect_error(&mut fx.env, &[i], &[], anchor_code(A::AccountNotSigner)).await;

    // A harmed-party claim is bound to the user of a job of this provider in this market: the
    // arbiter key cannot send it to an account of its choosing (issue 12, finding 7).
    let victim = Pubkey::new_unique();
    let victim_acc = fx.env.create_token_account(fx.protocol_mint, victim);
    let own_job = fx.env.plant_job(p.addrs.market, p.addrs.provider, victim);
    let other_provider_job = fx
        .env
        .plant_job(p.addrs.market, fx.provider.addrs.provider, victim);
    let other_market_job = fx
        .env
        .plant_job(Pubkey::new_unique(), p.addrs.provider, victim);
    let cases = [
        (victim_acc, None, "no job"),
        (harmed, Some(own_job), "harmed account not the job user's"),
        (
            victim_acc,
            Some(other_provider_job),
            "another provider's job",
        ),
        (victim_acc, Some(other_market_job), "another market's job"),
    ];
    for (to, job, what) in cases {
        let acc = ix::slash_accounts(fx.arbiter.pubkey(), &p.addrs, to, fx.treasury, job);
        let i = ix::slash_provider(acc, 10 * UNIT, UNIT, SlashReason::LostDispute);
        println!("harmed binding: {what}");
        expect_error(
            &mut fx.env,
            &[i],
            &[&fx.arbiter],
            program_code(E::HarmedNotBound),
        )
        .await;
    }
    // a job account owned by another program is refused by its owner check
    let fake = fx.env.plant_copy(own_job, Pubkey::new_unique()).await;
    let acc = ix::slash_accounts(
        fx.arbiter.pubkey(),
        &p.addrs,
        victim_acc,
        fx.treasury,
        Some(fake),
    );
    expect_error(
        &mut fx.env,
        &[ix::slash_provider(
            acc,
            10 * UNIT,
            UNIT,
            SlashReason::LostDispute,
        )],
        &[&fx.arbiter],
        anchor_code(A::AccountOwnedByWrongProgram),
    )
    .await;
    // bound correctly, the claim reaches the job's user
    let acc = ix::slash_accounts(
        fx.arbiter.pubkey(),
        &p.addrs,
        victim_acc,
        fx.treasury,
        Some(own_job),
    );
    fx.env
        .execute(
            &[ix::slash_provider(
                acc,
                10 * UNIT,
                UNIT,
                SlashReason::LostDispute,
            )],
            &[&fx.arbiter],
        )
        .await
        .unwrap();
    assert_eq!(fx.env.token_balance(victim_acc).await, UNIT);
}

#[tokio::test]
async fn deregister_adversarial() {
    let (mut fx, p) = setup().await;
    let other = Fixture::new_provider(&mut fx.env, fx.protocol_mint, 0, 0).await;
    let mut i = ix::deregister_provider(&other.addrs);
    i.accounts[2].pubkey = p.addrs.provider;
    expect_error(
        &mut fx.env,
        &[i],
        &[&other.kp],
        program_code(E::NotProviderAuthority),
    )
    .await;
    expect_error(
        &mut fx.env,
        &[ix::deregister_provider(&p.addrs)],
        &[&p.kp],
        program_code(E::ProviderNotEmpty),
    )
    .await;
    fx.env
        .execute(&[ix::deregister_provider(&other.addrs)], &[&other.kp])
        .await
        .unwrap();
}
