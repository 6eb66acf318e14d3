//! Golden vectors shared with the TypeScript client: instruction data and account metas for the
//! builders the TS client mirrors, PDAs, and quotes from the shared math. The committed file
//! `clients/ts/test/golden.json` must equal what the Rust client produces (`UPDATE_GOLDEN=1`
//! rewrites it); the TS tests must reproduce it byte for byte.

use base64::Engine as _;
use compute_amm::state::{MarketParams, SwapDirection};
use compute_amm_client::{ix, pda, Instruction, PoolAddresses, ProviderAddresses, Pubkey};
use serde_json::{json, Value};

fn key(n: u8) -> Pubkey {
    Pubkey::new_from_array([n; 32])
}

/// The defaults a deployment starts from (the TS test spells the same values out literally).
fn params() -> MarketParams {
    compute_amm_client::params::default_params()
}

fn ix_json(name: &str, args: Value, i: &Instruction) -> Value {
    json!({
        "name": name,
        "args": args,
        "programId": i.program_id.to_string(),
        "data": base64::engine::general_purpose::STANDARD.encode(&i.data),
        "accounts": i.accounts.iter().map(|m| json!({
            "pubkey": m.pubkey.to_string(), "isSigner": m.is_signer, "isWritable": m.is_writable,
        })).collect::<Vec<_>>(),
    })
}

/// One instance of every instruction the program has, built by the Rust client with distinct keys
/// and values. The TS test decodes each one's arguments with the IDL coder, rebuilds it through the
/// generated typed builder (accounts matched by IDL name) and must get the same bytes and metas; it
/// also fails if an IDL instruction has no case here.
fn every_instruction() -> Vec<Value> {
    use compute_amm::state::SlashReason;
    use compute_amm_client::JobAddresses;
    let protocol_mint = key(21);
    let quote = key(22);
    let a = PoolAddresses::derive(&protocol_mint, 3, &quote);
    let proto_pool = PoolAddresses::derive(&protocol_mint, 3, &protocol_mint);
    let p = ProviderAddresses::derive(&protocol_mint, 3, &key(23));
    let user = key(24);
    let j = JobAddresses::derive(&protocol_mint, &key(25), 3, &user, 77);
    let (uc, uq, ulp, pc, up, cp) = (key(30), key(31), key(32), key(33), key(34), key(35));
    let admin = key(26);
    let m = a.market;
    let dl = 1_900_000_000i64;
    let cases: Vec<(&str, Instruction)> = vec![
        ("accept_admin", ix::accept_admin(key(27), m)),
        ("accept_job", ix::accept_job(&p, j.job)),
        (
            "add_liquidity",
            ix::add_liquidity(
                ix::liquidity_accounts(user, &a, uc, uq, ulp),
                11,
                12,
                13,
                dl,
            ),
        ),
        ("advance_epoch", ix::advance_epoch(key(28), m, 9)),
        ("apply_params", ix::apply_params(m)),
        ("apply_roles", ix::apply_roles(m)),
        (
            "claim_compensation",
            ix::claim_compensation(key(28), &j, up, cp),
        ),
        (
            "propose_roles",
            ix::propose_roles(key(20), m, key(41), key(42)),
        ),
        (
            "approve_milestone",
            ix::approve_milestone(ix::job_user_accounts(&j, &p, uc, pc), 1),
        ),
        (
            "burn_protocol_fees",
            ix::burn_protocol_fees(key(28), &proto_pool, protocol_mint),
        ),
        (
            "buy_and_open_job",
            ix::buy_and_open_job(
                ix::buy_and_open_job_accounts(&j, &a, uq),
                77,
                4,
                vec![5, 6, 7],
                dl,
                dl + 1,
                u64::MAX,
                dl - 1,
            ),
        ),
        ("cancel_job", ix::cancel_job(key(29), &j, uc)),
        ("cancel_params", ix::cancel_params(admin, m)),
        ("claim_milestone", ix::claim_milestone(&p, &j, pc, 2)),
        ("claim_rewards", ix::claim_rewards(&p, 12, cp)),
        ("close_job", ix::close_job(&j)),
        (
            "create_gpu_class",
            ix::create_gpu_class(admin, m, 3, "A100-80GB"),
        ),
        ("create_pool", ix::create_pool(admin, &a)),
        ("deregister_provider", ix::deregister_provider(&p)),
        (
            "dispute_milestone",
            ix::dispute_milestone(ix::job_user_accounts(&j, &p, uc, pc), 0),
        ),
        (
            "expire_job",
            ix::expire_job(key(28), &j, &p, uc, pc, up, cp),
        ),
        (
            "initialize_market",
            ix::initialize_market(admin, protocol_mint, key(25), params(), key(36)),
        ),
        (
            "mint_credits",
            ix::mint_credits(ix::credits_accounts(&p, pc), 1_234_567),
        ),
        (
            "move_credit_fees",
            ix::move_credit_fees(key(28), &a, &proto_pool),
        ),
        (
            "move_settlement_fees",
            ix::move_settlement_fees(key(28), &proto_pool),
        ),
        (
            "open_job",
            ix::open_job(
                ix::open_job_accounts(&j, uc),
                77,
                2,
                vec![u64::MAX / 2, 1],
                -5,
                i64::MAX,
            ),
        ),
        ("propose_admin", ix::propose_admin(admin, m, key(27))),
        (
            "propose_params",
            ix::propose_params(
                admin,
                m,
                MarketParams {
                    swap_fee_ppm: 2_500,
                    emission_cap: 0,
                    settlement_fee_bps: 2_000,
                    ..params()
                },
            ),
        ),
        (
            "register_provider",
            ix::register_provider(&p, 64, ix::region("us-east-1"), [9u8; 32]),
        ),
        (
            "remove_liquidity",
            ix::remove_liquidity(
                ix::liquidity_accounts(user, &a, uc, uq, ulp),
                21,
                22,
                23,
                dl,
            ),
        ),
        ("request_unstake", ix::request_unstake(&p, 4, 5_000)),
        (
            "resolve_dispute",
            ix::resolve_dispute(key(36), &j, &p, uc, pc, up, 1, true),
        ),
        (
            "retire_credits",
            ix::retire_credits(ix::credits_accounts(&p, pc), 42),
        ),
        ("set_paused", ix::set_paused(admin, m, 0b1010)),
        (
            "slash_provider",
            ix::slash_provider(
                ix::slash_accounts(key(36), &p, up, key(25), Some(key(37))),
                1_000,
                400,
                SlashReason::LostDispute,
            ),
        ),
        ("stake", ix::stake(ix::stake_accounts(&p, key(37)), 9_999)),
        (
            "submit_milestone",
            ix::submit_milestone(&p, j.job, 0, [0xab; 32]),
        ),
        (
            "swap_exact_in",
            ix::swap_exact_in(
                ix::swap_accounts(user, &a, uc, uq),
                SwapDirection::SellCredits,
                31,
                32,
                dl,
            ),
        ),
        (
            "swap_exact_out",
            ix::swap_exact_out(
                ix::swap_accounts(user, &a, uc, uq),
                SwapDirection::BuyCredits,
                41,
                42,
                dl,
            ),
        ),
        (
            "update_provider",
            ix::update_provider(&p, 0, ix::region("eu"), [1u8; 32]),
        ),
        (
            "withdraw_unstaked",
            ix::withdraw_unstaked(ix::withdraw_unstaked_accounts(&p, 4, key(37))),
        ),
    ];
    cases
        .into_iter()
        .map(|(name, i)| ix_json(name, json!({}), &i))
        .collect()
}

fn vectors() -> Value {
    let protocol_mint = key(1);
    let usdc = key(2);
    let admin = key(3);
    let trader = key(4);
    let a = PoolAddresses::derive(&protocol_mint, 0, &usdc);
    let p = ProviderAddresses::derive(&protocol_mint, 0, &key(5));
    let deadline = 1_800_000_000i64;
    let swap = |dir, amount_in, min_out| {
        ix::swap_exact_in(
            ix::swap_accounts(trader, &a, key(8), key(9)),
            dir,
            amount_in,
            min_out,
            deadline,
        )
    };
    let liq = || ix::liquidity_accounts(trader, &a, key(8), key(9), key(10));
    let ixs = vec![
        ix_json(
            "initializeMarket",
            json!({"admin": admin.to_string(), "protocolMint": protocol_mint.to_string(), "treasury": key(6).to_string(), "arbiter": key(7).to_string()}),
            &ix::initialize_market(admin, protocol_mint, key(6), params(), key(7)),
        ),
        ix_json(
            "createGpuClass",
            json!({"admin": admin.to_string(), "classId": 0, "name": "H100-SXM5-80GB"}),
            &ix::create_gpu_class(admin, a.market, 0, "H100-SXM5-80GB"),
        ),
        ix_json(
            "createPool",
            json!({"admin": admin.to_string()}),
            &ix::create_pool(admin, &a),
        ),
        ix_json(
            "swapExactInBuy",
            json!({"trader": trader.to_string(), "traderCredit": key(8).to_string(), "traderQuote": key(9).to_string(), "amountIn": "123456789", "minAmountOut": "987654", "deadline": deadline.to_string()}),
            &swap(SwapDirection::BuyCredits, 123_456_789, 987_654),
        ),
        ix_json(
            "swapExactInSell",
            json!({"trader": trader.to_string(), "traderCredit": key(8).to_string(), "traderQuote": key(9).to_string(), "amountIn": "5", "minAmountOut": "0", "deadline": deadline.to_string()}),
            &swap(SwapDirection::SellCredits, 5, 0),
        ),
        ix_json(
            "swapExactOutBuy",
            json!({"trader": trader.to_string(), "traderCredit": key(8).to_string(), "traderQuote": key(9).to_string(), "amountOut": "5000000", "maxAmountIn": u64::MAX.to_string(), "deadline": deadline.to_string()}),
            &ix::swap_exact_out(
                ix::swap_accounts(trader, &a, key(8), key(9)),
                SwapDirection::BuyCredits,
                5_000_000,
                u64::MAX,
                deadline,
            ),
        ),
        ix_json(
            "addLiquidity",
            json!({"owner": trader.to_string(), "ownerCredit": key(8).to_string(), "ownerQuote": key(9).to_string(), "ownerLp": key(10).to_string(), "lpAmount": "1000000", "maxCreditIn": "2000000", "maxQuoteIn": "3000000", "deadline": deadline.to_string()}),
            &ix::add_liquidity(liq(), 1_000_000, 2_000_000, 3_000_000, deadline),
        ),
        ix_json(
            "removeLiquidity",
            json!({"owner": trader.to_string(), "ownerCredit": key(8).to_string(), "ownerQuote": key(9).to_string(), "ownerLp": key(10).to_string(), "lpAmount": "1000000", "minCreditOut": "1", "minQuoteOut": "2", "deadline": deadline.to_string()}),
            &ix::remove_liquidity(liq(), 1_000_000, 1, 2, deadline),
        ),
        ix_json(
            "stake",
            json!({"authority": key(5).to_string(), "source": key(11).to_string(), "amount": "500000000"}),
            &ix::stake(ix::stake_accounts(&p, key(11)), 500_000_000),
        ),
        ix_json(
            "mintCredits",
            json!({"authority": key(5).to_string(), "creditAccount": key(12).to_string(), "amount": "42000000"}),
            &ix::mint_credits(ix::credits_accounts(&p, key(12)), 42_000_000),
        ),
    ];

    let fees = params().fee_schedule();
    let result = |r: compute_amm_math::MathResult<compute_amm_math::SwapResult>| match r {
        Ok(r) => json!({
            "amountIn": r.amount_in.to_string(), "amountOut": r.amount_out.to_string(),
            "feeTotal": r.fee_total.to_string(), "feeProtocol": r.fee_protocol.to_string(),
            "newReserveIn": r.new_reserve_in.to_string(), "newReserveOut": r.new_reserve_out.to_string(),
        }),
        Err(e) => json!({"error": format!("{e:?}")}),
    };
    let quotes: Vec<Value> = [
        (25_000_000_000u64, 10_000_000_000u64, 100_000_000u64),
        (1_000_000, 1_000_000, 1_000),
        (1_000_000, 1_000_000, 1),
        (7_777_777, 3_333_333, 12_345),
        (u64::MAX / 3, 123_456_789_012, 987_654_321),
        (1_000, 1_000, 1_000),
    ]
    .into_iter()
    .map(|(ri, ro, amt)| {
        json!({
            "reserveIn": ri.to_string(), "reserveOut": ro.to_string(), "amount": amt.to_string(),
            "swapFeePpm": fees.swap_fee_ppm, "protocolSharePpm": fees.protocol_share_ppm,
            "exactIn": result(compute_amm_math::swap_exact_in(ri, ro, amt, fees)),
            "exactOut": result(compute_amm_math::swap_exact_out(ri, ro, amt, fees)),
        })
    })
    .collect();
    // an account to decode
    let class = compute_amm::state::GpuClass {
        bump: 254,
        market: a.market,
        class_id: 3,
        name: ix::class_name("H100-SXM5-80GB"),
        credit_mint: a.credit_mint,
        credit_mint_bump: 253,
        total_obligations: 123_456_789_000,
        provider_count: 17,
        escrow_vault: pda::job_escrow(&a.gpu_class).0,
        total_escrowed: 42_000_000,
        settlement_fees: 4_200_000,
        protocol_pool: pda::pool(&a.gpu_class, &a.market).0,
        reserved: [0; compute_amm::constants::CLASS_RESERVED_BYTES],
    };
    let mut class_data = vec![];
    anchor_lang::AccountSerialize::try_serialize(&class, &mut class_data).expect("serialize");
    let accounts = vec![json!({
        "type": "GpuClass",
        "data": base64::engine::general_purpose::STANDARD.encode(&class_data),
        "fields": {"class_id": 3, "total_obligations": "123456789000", "provider_count": 17, "total_escrowed": "42000000", "credit_mint": a.credit_mint.to_string(), "market": a.market.to_string()},
    })];
    json!({
        "accountsToDecode": accounts,
        "programId": compute_amm::ID.to_string(),
        "inputs": {"protocolMint": protocol_mint.to_string(), "quoteMint": usdc.to_string(), "providerAuthority": key(5).to_string()},
        "pdas": {
            "market": pda::market(&protocol_mint).0.to_string(),
            "gpuClass0": a.gpu_class.to_string(),
            "creditMint": a.credit_mint.to_string(),
            "pool": a.pool.to_string(),
            "creditVault": a.credit_vault.to_string(),
            "quoteVault": a.quote_vault.to_string(),
            "lpMint": a.lp_mint.to_string(),
            "stakeVault": p.stake_vault.to_string(),
            "provider": p.provider.to_string(),
        },
        "instructions": ixs,
        "everyInstruction": every_instruction(),
        "quotes": quotes,
    })
}

#[test]
fn golden_vectors_are_fresh() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../clients/ts/test/golden.json");
    let want = serde_json::to_string_pretty(&vectors()).expect("json") + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &want).expect("write golden");
    }
    let have = std::fs::read_to_string(&path)
        .expect("clients/ts/test/golden.json (UPDATE_GOLDEN=1 writes it)");
    assert!(
        have == want,
        "clients/ts/test/golden.json is stale: rerun with UPDATE_GOLDEN=1"
    );
}
