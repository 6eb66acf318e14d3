//! Market administration: initialization, admin transfer, pausing, timelocked parameters,
//! GPU classes and pool creation — happy paths and the adversarial matrix.

use anchor_lang::error::ErrorCode as AnchorError;
use compute_amm::error::ComputeAmmError as E;
use compute_amm::state::{pause, GpuClass, Market, MarketParams, Pool};
use compute_amm_client::{ix, pda, PoolAddresses};
use compute_amm_harness::fixture::default_params;
use compute_amm_harness::{anchor_code, program_code, Env, Fixture};
use compute_amm_tests::{expect_error, expect_refused};
use solana_pubkey::Pubkey;
use solana_signer::Signer;

struct Bare {
    env: Env,
    admin: solana_keypair::Keypair,
    protocol_mint: Pubkey,
    treasury: Pubkey,
}

async fn bare() -> Bare {
    let mut env = Env::new().await;
    let admin = env.funded_keypair();
    let protocol_mint = env.create_mint(6, admin.pubkey());
    let treasury = env.create_token_account(protocol_mint, Pubkey::new_unique());
    env.watch_account(pda::market(&protocol_mint).0);
    Bare {
        env,
        admin,
        protocol_mint,
        treasury,
    }
}

#[tokio::test]
async fn initialize_market_records_admin_params_and_mints() {
    let mut b = bare().await;
    let arbiter = Pubkey::new_unique();
    let params = default_params();
    b.env
        .execute(
            &[ix::initialize_market(
                b.admin.pubkey(),
                b.protocol_mint,
                b.treasury,
                params,
                arbiter,
            )],
            &[&b.admin],
        )
        .await
        .unwrap();
    let m: Market = b.env.get(pda::market(&b.protocol_mint).0).await;
    assert_eq!(m.admin, b.admin.pubkey());
    assert_eq!(m.arbiter, arbiter);
    assert_eq!(m.protocol_mint, b.protocol_mint);
    assert_eq!(m.treasury, b.treasury);
    assert_eq!(m.params, params);
    assert_eq!(m.paused, 0);
    assert_eq!(m.pending_admin, Pubkey::default());
    assert_eq!(m.gpu_class_count, 0);
}

#[tokio::test]
async fn initialize_market_rejects_fees_above_caps() {
    let mut b = bare().await;
    for params in [
        MarketParams {
            swap_fee_ppm: 100_001,
            ..default_params()
        },
        MarketParams {
            protocol_fee_share_ppm: 500_001,
            ..default_params()
        },
    ] {
        let i = ix::initialize_market(
            b.admin.pubkey(),
            b.protocol_mint,
            b.treasury,
            params,
            Pubkey::new_unique(),
        );
        expect_error(&mut b.env, &[i], &[&b.admin], program_code(E::FeeAboveCap)).await;
    }
}

/// Finding 6: a buyback TWAP window longer than the observation ring is sure to cover would make
/// every credit-fee sale fail `TwapUnavailable`.
#[tokio::test]
async fn initialize_market_rejects_a_twap_window_beyond_the_ring() {
    let mut b = bare().await;
    let max = compute_amm::constants::MAX_BUYBACK_TWAP_WINDOW_SECS;
    for window in [0, max + 1, 86_400] {
        let params = MarketParams {
            buyback_twap_window_secs: window,
            ..default_params()
        };
        let i = ix::initialize_market(
            b.admin.pubkey(),
            b.protocol_mint,
            b.treasury,
            params,
            Pubkey::new_unique(),
        );
        expect_error(
            &mut b.env,
            &[i],
            &[&b.admin],
            program_code(E::InvalidJobParams),
        )
        .await;
    }
    let params = MarketParams {
        buyback_twap_window_secs: max,
        ..default_params()
    };
    let i = ix::initialize_market(
        b.admin.pubkey(),
        b.protocol_mint,
        b.treasury,
        params,
        Pubkey::new_unique(),
    );
    b.env
        .execute(&[i], &[&b.admin])
        .await
        .expect("the longest covered window is accepted");
}

#[tokio::test]
async fn initialize_market_rejects_windows_out_of_order() {
    let mut b = bare().await;
    let p = default_params();
    for params in [
        // cooldown not longer than challenge + dispute: a provider could leave before a slash lands
        MarketParams {
            unstake_cooldown_secs: p.challenge_window_secs + p.dispute_window_secs,
            ..p
        },
        // timelock not longer than the cooldown: stakers could not exit before a change binds them
        MarketParams {
            param_timelock_secs: p.unstake_cooldown_secs,
            ..p
        },
        // challenge window too short to dispute
        MarketParams {
            challenge_window_secs: 59,
            ..p
        },
        // window beyond the 90-day bound
        MarketParams {
            param_timelock_secs: 91 * 86_400,
            ..p
        },
        MarketParams {
            dispute_window_secs: 0,
            ..p
        },
    ] {
        let i = ix::initialize_market(
            b.admin.pubkey(),
            b.protocol_mint,
            b.treasury,
            params,
            Pubkey::new_unique(),
        );
        expect_error(
            &mut b.env,
            &[i],
            &[&b.admin],
            program_code(E::InvalidWindows),
        )
        .await;
    }
}

#[tokio::test]
async fn initialize_market_rejects_treasury_of_another_mint() {
    let mut b = bare().await;
    let other = b.env.create_mint(6, Pubkey::new_unique());
    let wrong_treasury = b.env.create_token_account(other, Pubkey::new_unique());
    let i = ix::initialize_market(
        b.admin.pubkey(),
        b.protocol_mint,
        wrong_treasury,
        default_params(),
        Pubkey::new_unique(),
    );
    expect_error(
        &mut b.env,
        &[i],
        &[&b.admin],
        anchor_code(AnchorError::ConstraintTokenMint),
    )
    .await;
}

#[tokio::test]
async fn initialize_market_twice_fails() {
    let mut fx = Fixture::new().await;
    let i = ix::initialize_market(
        fx.admin.pubkey(),
        fx.protocol_mint,
        fx.treasury,
        default_params(),
        Pubkey::new_unique(),
    );
    // The system program refuses to re-create an existing account.
    expect_refused(&mut fx.env, &[i], &[&fx.admin]).await;
    assert_eq!(fx.market().await.admin, fx.admin.pubkey());
}

#[tokio::test]
async fn admin_transfer_takes_two_steps() {
    let mut fx = Fixture::new().await;
    let market = fx.addrs.market;
    let new_admin = fx.env.funded_keypair();
    let intruder = fx.env.funded_keypair();

    // only the admin may propose
    let i = ix::propose_admin(intruder.pubkey(), market, intruder.pubkey());
    expect_error(
        &mut fx.env,
        &[i],
        &[&intruder],
        program_code(E::Unauthorized),
    )
    .await;

    fx.env
        .execute(
            &[ix::propose_admin(
                fx.admin.pubkey(),
                market,
                new_admin.pubkey(),
            )],
            &[&fx.admin],
        )
        .await
        .unwrap();
    assert_eq!(fx.market().await.pending_admin, new_admin.pubkey());
    assert_eq!(
        fx.market().await.admin,
        fx.admin.pubkey(),
        "nothing changes before acceptance"
    );

    // only the proposed key may accept
    let i = ix::accept_admin(intruder.pubkey(), market);
    expect_error(
        &mut fx.env,
        &[i],
        &[&intruder],
        program_code(E::NotPendingAdmin),
    )
    .await;

    fx.env
        .execute(
            &[ix::accept_admin(new_admin.pubkey(), market)],
            &[&new_admin],
        )
        .await
        .unwrap();
    let m = fx.market().await;
    assert_eq!(m.admin, new_admin.pubkey());
    assert_eq!(m.pending_admin, Pubkey::default());

    // the old admin has lost its powers
    let i = ix::set_paused(fx.admin.pubkey(), market, pause::SWAP);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.admin],
        program_code(E::Unauthorized),
    )
    .await;
    // and accepting again is impossible
    let i = ix::accept_admin(new_admin.pubkey(), market);
    expect_error(
        &mut fx.env,
        &[i],
        &[&new_admin],
        program_code(E::NotPendingAdmin),
    )
    .await;
}

#[tokio::test]
async fn pausing_is_per_action_and_admin_only() {
    let mut fx = Fixture::new().await;
    let market = fx.addrs.market;
    let intruder = fx.env.funded_keypair();
    let i = ix::set_paused(intruder.pubkey(), market, pause::ALL);
    expect_error(
        &mut fx.env,
        &[i],
        &[&intruder],
        program_code(E::Unauthorized),
    )
    .await;
    let i = ix::set_paused(fx.admin.pubkey(), market, 1 << 9);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.admin],
        program_code(E::InvalidPauseFlags),
    )
    .await;

    fx.env
        .execute(
            &[ix::set_paused(fx.admin.pubkey(), market, pause::SWAP)],
            &[&fx.admin],
        )
        .await
        .unwrap();
    assert_eq!(fx.market().await.paused, pause::SWAP);
    let deadline = fx.deadline().await;
    let u = &fx.users[0];
    let swap = ix::swap_exact_in(
        ix::swap_accounts(u.key(), &fx.addrs, u.credit, u.quote),
        compute_amm::state::SwapDirection::BuyCredits,
        1_000_000,
        0,
        deadline,
    );
    expect_error(
        &mut fx.env,
        &[swap.clone()],
        &[&fx.users[0].kp],
        program_code(E::ActionPaused),
    )
    .await;

    // deposits are not paused
    let u = &fx.users[0];
    let add = ix::add_liquidity(
        ix::liquidity_accounts(u.key(), &fx.addrs, u.credit, u.quote, u.lp),
        1_000,
        u64::MAX,
        u64::MAX,
        deadline,
    );
    fx.env.execute(&[add], &[&fx.users[0].kp]).await.unwrap();

    fx.env
        .execute(
            &[ix::set_paused(fx.admin.pubkey(), market, 0)],
            &[&fx.admin],
        )
        .await
        .unwrap();
    fx.env.execute(&[swap], &[&fx.users[0].kp]).await.unwrap();
}

#[tokio::test]
async fn parameter_changes_wait_for_the_timelock() {
    let mut fx = Fixture::new().await;
    let market = fx.addrs.market;
    let old = fx.market().await.params;
    let new = MarketParams {
        swap_fee_ppm: 5_000,
        ..old
    };

    let i = ix::propose_params(
        fx.admin.pubkey(),
        market,
        MarketParams {
            swap_fee_ppm: 200_000,
            ..old
        },
    );
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.admin],
        program_code(E::FeeAboveCap),
    )
    .await;
    let intruder = fx.env.funded_keypair();
    let i = ix::propose_params(intruder.pubkey(), market, new);
    expect_error(
        &mut fx.env,
        &[i],
        &[&intruder],
        program_code(E::Unauthorized),
    )
    .await;
    expect_error(
        &mut fx.env,
        &[ix::apply_params(market)],
        &[],
        program_code(E::NoPendingChange),
    )
    .await;

    let t0 = fx.env.now().await;
    fx.env
        .execute(
            &[ix::propose_params(fx.admin.pubkey(), market, new)],
            &[&fx.admin],
        )
        .await
        .unwrap();
    let m = fx.market().await;
    assert_eq!(m.pending_params, new);
    assert_eq!(m.pending_params_effective_at, t0 + old.param_timelock_secs);
    assert_eq!(m.params, old);

    expect_error(
        &mut fx.env,
        &[ix::apply_params(market)],
        &[],
        program_code(E::TimelockNotElapsed),
    )
    .await;
    fx.env.warp_seconds(old.param_timelock_secs - 1).await;
    expect_error(
        &mut fx.env,
        &[ix::apply_params(market)],
        &[],
        program_code(E::TimelockNotElapsed),
    )
    .await;
    fx.env.warp_seconds(1).await;
    // permissionless: no signer but the fee payer
    fx.env
        .execute(&[ix::apply_params(market)], &[])
        .await
        .unwrap();
    let m = fx.market().await;
    assert_eq!(m.params, new);
    assert_eq!(m.pending_params_effective_at, 0);
    expect_error(
        &mut fx.env,
        &[ix::apply_params(market)],
        &[],
        program_code(E::NoPendingChange),
    )
    .await;

    // cancel
    fx.env
        .execute(
            &[ix::propose_params(fx.admin.pubkey(), market, old)],
            &[&fx.admin],
        )
        .await
        .unwrap();
    fx.env
        .execute(
            &[ix::cancel_params(fx.admin.pubkey(), market)],
            &[&fx.admin],
        )
        .await
        .unwrap();
    assert_eq!(fx.market().await.pending_params_effective_at, 0);
    let i = ix::cancel_params(fx.admin.pubkey(), market);
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.admin],
        program_code(E::NoPendingChange),
    )
    .await;
}

#[tokio::test]
async fn gpu_classes_are_admin_only_and_numbered() {
    let mut fx = Fixture::new().await;
    let market = fx.addrs.market;
    let intruder = fx.env.funded_keypair();
    let i = ix::create_gpu_class(intruder.pubkey(), market, 1, "A100");
    expect_error(
        &mut fx.env,
        &[i],
        &[&intruder],
        program_code(E::Unauthorized),
    )
    .await;
    let i = ix::create_gpu_class(fx.admin.pubkey(), market, 1, "");
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.admin],
        program_code(E::InvalidName),
    )
    .await;
    // the next id is 1; asking for 2 is a substituted PDA
    let i = ix::create_gpu_class(fx.admin.pubkey(), market, 2, "A100");
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.admin],
        anchor_code(AnchorError::ConstraintSeeds),
    )
    .await;

    fx.env
        .execute(
            &[ix::create_gpu_class(
                fx.admin.pubkey(),
                market,
                1,
                "A100-80GB",
            )],
            &[&fx.admin],
        )
        .await
        .unwrap();
    let class: GpuClass = fx.env.get(pda::gpu_class(&market, 1).0).await;
    assert_eq!(class.class_id, 1);
    assert_eq!(&class.name[..9], b"A100-80GB");
    assert_eq!(
        class.credit_mint,
        pda::credit_mint(&pda::gpu_class(&market, 1).0).0
    );
    assert_eq!(fx.market().await.gpu_class_count, 2);
    let credit_mint = fx.env.account(class.credit_mint).await.unwrap();
    assert_eq!(credit_mint.owner, spl_token_interface::ID);
}

#[tokio::test]
async fn create_pool_checks_admin_mints_and_duplicates() {
    let mut fx = Fixture::new().await;
    let intruder = fx.env.funded_keypair();
    let other_quote = fx.env.create_mint(6, Pubkey::new_unique());
    let a = PoolAddresses::derive(&fx.protocol_mint, 0, &other_quote);
    fx.env.watch_pool(&a);

    let i = ix::create_pool(intruder.pubkey(), &a);
    expect_error(
        &mut fx.env,
        &[i],
        &[&intruder],
        program_code(E::Unauthorized),
    )
    .await;

    // quote mint = the class's own credit mint
    let same = PoolAddresses::derive(&fx.protocol_mint, 0, &fx.addrs.credit_mint);
    let i = ix::create_pool(fx.admin.pubkey(), &same);
    expect_error(&mut fx.env, &[i], &[&fx.admin], program_code(E::SameMint)).await;

    // credit mint that is not the class's
    let mut wrong = ix::create_pool_accounts(fx.admin.pubkey(), &a);
    wrong.credit_mint = other_quote;
    let i = ix::build(wrong, compute_amm::instruction::CreatePool {});
    expect_error(
        &mut fx.env,
        &[i],
        &[&fx.admin],
        anchor_code(AnchorError::ConstraintHasOne),
    )
    .await;

    fx.env
        .execute(&[ix::create_pool(fx.admin.pubkey(), &a)], &[&fx.admin])
        .await
        .unwrap();
    let pool: Pool = fx.env.get(a.pool).await;
    assert_eq!(pool.quote_mint, other_quote);
    assert_eq!(pool.lp_supply, 0);
    assert_eq!((pool.reserve_credit, pool.reserve_quote), (0, 0));

    // the same (class, quote) pair twice
    let i = ix::create_pool(fx.admin.pubkey(), &fx.addrs);
    expect_refused(&mut fx.env, &[i], &[&fx.admin]).await;
}
