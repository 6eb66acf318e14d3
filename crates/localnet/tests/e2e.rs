//! End to end over JSON-RPC: a real in-process Agave validator with the program loaded as a native
//! builtin, driven only through `RpcClient` (HTTP on 127.0.0.1) with the Rust client's builders.
//! Every check reads state back over RPC.
//!
//! One test function: starting a validator takes several seconds and ~600 MB, so the scenario runs
//! as one story — market, pool, liquidity, provider stake and credits (the demo bootstrap), then a
//! quoted swap, a refused swap, and a two-milestone job settled end to end.

#![allow(deprecated)]

use compute_amm::error::ComputeAmmError;
use compute_amm_client::params::UNIT;
use compute_amm_client::PoolAddresses;
use compute_amm_client::{
    ix, quote, GpuClass, Job, JobAddresses, Market, Pool, Provider, SwapDirection,
};
use compute_amm_localnet::rpc::{ClientError, Rpc};
use compute_amm_localnet::{demo, Config, Localnet};
use solana_instruction::error::InstructionError;
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;

fn program_error(err: &ClientError) -> Option<u32> {
    match err.get_transaction_error()? {
        solana_transaction_error::TransactionError::InstructionError(
            _,
            InstructionError::Custom(code),
        ) => Some(code),
        _ => None,
    }
}

fn code(e: ComputeAmmError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + e as u32
}

/// The listening TCP sockets on `port`, as local addresses (hex, as in /proc/net/tcp).
fn listeners(port: u16) -> Vec<String> {
    let mut out = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // local_address is "ADDR:PORT"; state 0A is LISTEN
            if cols.len() > 3 && cols[3] == "0A" {
                if let Some((addr, p)) = cols[1].split_once(':') {
                    if u16::from_str_radix(p, 16).ok() == Some(port) {
                        out.push(addr.to_string());
                    }
                }
            }
        }
    }
    out
}

// README:rust-client
/// Buys GPU-hour credits for `pay` quote tokens over JSON-RPC, at the quoted price less 0.5%.
fn buy_credits(
    rpc: &Rpc,
    pool: &PoolAddresses,
    user: &Keypair,
    user_credit: Pubkey,
    user_quote: Pubkey,
    pay: u64,
) -> Result<u64, Box<dyn std::error::Error>> {
    let market: Market = rpc.get(&pool.market)?; // decoded with the program's own types
    let state: Pool = rpc.get(&pool.pool)?;
    // The math the program runs: the quote is exact unless someone trades first.
    let q = quote::swap_exact_in(&market, &state, SwapDirection::BuyCredits, pay)?;
    let min_out = q.amount_out - q.amount_out / 200;
    let deadline = rpc.now()? + 60;
    let before = rpc.token_balance(&user_credit)?;
    rpc.send(
        &[ix::swap_exact_in(
            ix::swap_accounts(user.pubkey(), pool, user_credit, user_quote),
            SwapDirection::BuyCredits,
            pay,
            min_out,
            deadline,
        )],
        &[user],
    )?;
    Ok(rpc.token_balance(&user_credit)? - before)
}
// README:end

#[test]
fn market_pool_swap_stake_credits_and_job_over_json_rpc() {
    let net = Localnet::start(&Config::default()).expect("validator starts");
    let url = net.rpc_url();

    // JSON-RPC listens on loopback only.
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    let socks = listeners(port);
    assert!(
        !socks.is_empty(),
        "no listener found on the RPC port {port}"
    );
    for addr in &socks {
        assert!(
            addr == "0100007F" || addr == "00000000000000000000000001000000",
            "RPC listens on {addr}, not loopback"
        );
    }

    let rpc = net.rpc();

    // ---- market, class, pool, provider stake, credits, liquidity (all over RPC) ----
    let d = demo::bootstrap(&rpc).expect("demo bootstrap");
    let market: Market = rpc.get(&d.pool.market).unwrap();
    let pool: Pool = rpc.get(&d.pool.pool).unwrap();
    assert_eq!(market.protocol_mint, d.protocol_mint);
    assert_eq!(
        (pool.reserve_credit, pool.reserve_quote),
        (demo::OPENING_CREDIT, demo::OPENING_QUOTE)
    );
    assert_eq!(
        rpc.token_balance(&d.pool.credit_vault).unwrap(),
        demo::OPENING_CREDIT
    );
    assert_eq!(
        rpc.token_balance(&d.pool.quote_vault).unwrap(),
        demo::OPENING_QUOTE
    );
    let lp_minted = rpc.token_balance(&d.lp_lp).unwrap();
    assert_eq!(lp_minted, rpc.mint_supply(&d.pool.lp_mint).unwrap());
    assert_eq!(
        pool.lp_supply,
        lp_minted + 1_000,
        "1,000 LP locked in the pool, never minted"
    );
    assert_eq!(
        rpc.token_balance(&market.stake_vault).unwrap(),
        demo::PROVIDER_STAKE
    );
    assert_eq!(rpc.token_balance(&d.provider_protocol).unwrap(), 0);
    let provider: Provider = rpc.get(&d.provider_addrs.provider).unwrap();
    assert_eq!(provider.stake, demo::PROVIDER_STAKE);
    assert_eq!(provider.obligations, demo::OPENING_CREDIT);
    assert_eq!(
        rpc.mint_supply(&d.pool.credit_mint).unwrap(),
        demo::OPENING_CREDIT
    );

    // ---- a user buys credits at the client's quote ----
    let user = rpc.funded_keypair().unwrap();
    let user_credit = rpc
        .create_token_account(&d.pool.credit_mint, &user.pubkey())
        .unwrap();
    let user_quote = rpc
        .create_token_account(&d.quote_mint, &user.pubkey())
        .unwrap();
    rpc.mint_to(&d.quote_mint, &d.quote_authority, &user_quote, 1_000 * UNIT)
        .unwrap();
    let pay = 250 * UNIT;
    let q = quote::swap_exact_in(&market, &pool, SwapDirection::BuyCredits, pay).unwrap();
    let deadline = rpc.now().unwrap() + 600;
    let accounts = || ix::swap_accounts(user.pubkey(), &d.pool, user_credit, user_quote);
    let buy = |min_out: u64, deadline: i64| {
        rpc.send(
            &[ix::swap_exact_in(
                accounts(),
                SwapDirection::BuyCredits,
                pay,
                min_out,
                deadline,
            )],
            &[&user],
        )
    };

    // Refused first: asking one base unit more than the quote is SlippageExceeded, nothing moves;
    // an expired deadline is DeadlineExceeded.
    for (min_out, deadline, want) in [
        (
            q.amount_out + 1,
            deadline,
            ComputeAmmError::SlippageExceeded,
        ),
        (0, rpc.now().unwrap() - 1, ComputeAmmError::DeadlineExceeded),
    ] {
        let err = buy(min_out, deadline).unwrap_err();
        assert_eq!(program_error(&err), Some(code(want)), "{err}");
        assert_eq!(rpc.token_balance(&user_quote).unwrap(), 1_000 * UNIT);
        assert_eq!(rpc.token_balance(&user_credit).unwrap(), 0);
    }

    let sig = buy(q.amount_out, deadline).expect("swap at the quote");
    assert_eq!(rpc.token_balance(&user_credit).unwrap(), q.amount_out);
    assert_eq!(rpc.token_balance(&user_quote).unwrap(), 1_000 * UNIT - pay);
    let after: Pool = rpc.get(&d.pool.pool).unwrap();
    assert_eq!(after.reserve_credit, q.new_reserve_out);
    assert_eq!(after.reserve_quote, q.new_reserve_in);
    assert_eq!(after.protocol_fees_quote, q.fee_protocol);
    // The vault holds the reserve plus the protocol's accrued fee, to the base unit.
    assert_eq!(
        rpc.token_balance(&d.pool.quote_vault).unwrap(),
        after.reserve_quote + after.protocol_fees_quote
    );

    // The confirmed swap's logs carry its event, decoded as a client would, matching the state.
    let logs = rpc.logs(&sig).expect("confirmed transaction");
    let swapped: Vec<compute_amm_client::events::Swapped> =
        compute_amm_client::events::decode(&logs);
    assert_eq!(swapped.len(), 1, "one Swapped event in {logs:#?}");
    let ev = &swapped[0];
    assert_eq!(
        (ev.pool, ev.direction),
        (d.pool.pool, SwapDirection::BuyCredits)
    );
    assert_eq!(
        (ev.amount_out, ev.fee_protocol),
        (q.amount_out, q.fee_protocol)
    );
    assert_eq!(
        (ev.reserve_credit, ev.reserve_quote),
        (after.reserve_credit, after.reserve_quote)
    );

    // Simulation shows the program's CPIs into the real SPL Token program (depth 2) running inside
    // the validator.
    let probe = solana_transaction::Transaction::new_signed_with_payer(
        &[ix::swap_exact_in(
            accounts(),
            SwapDirection::BuyCredits,
            UNIT,
            0,
            deadline,
        )],
        Some(&rpc.payer.pubkey()),
        &[&rpc.payer, &user],
        rpc.client.get_latest_blockhash().unwrap(),
    );
    let sim = rpc
        .client
        .simulate_transaction(&probe)
        .expect("simulate")
        .value;
    assert!(sim.err.is_none(), "{:?}", sim.err);
    let logs = sim.logs.expect("simulation logs");
    let token_cpi = format!("Program {} invoke [2]", spl_token_interface::ID);
    assert_eq!(
        logs.iter().filter(|l| **l == token_cpi).count(),
        2,
        "two token CPIs: {logs:#?}"
    );
    assert!(
        rpc.client.get_signature_status(&sig).unwrap().is_some(),
        "swap signature known"
    );

    // The README's client snippet, run for real: it gets exactly what the quote said.
    let now_market: Market = rpc.get(&d.pool.market).unwrap();
    let now_pool: Pool = rpc.get(&d.pool.pool).unwrap();
    let expect = quote::swap_exact_in(
        &now_market,
        &now_pool,
        SwapDirection::BuyCredits,
        100 * UNIT,
    )
    .unwrap();
    let got = buy_credits(&rpc, &d.pool, &user, user_credit, user_quote, 100 * UNIT).unwrap();
    assert_eq!(got, expect.amount_out);

    // ---- a two-milestone job, settled end to end ----
    let credits_before = rpc.token_balance(&user_credit).unwrap();
    let provider_before = rpc.token_balance(&d.provider_credit).unwrap();
    let milestones = vec![40 * UNIT, 60 * UNIT];
    let total: u64 = milestones.iter().sum();
    let j = JobAddresses::derive(
        &d.protocol_mint,
        &d.treasury,
        demo::CLASS_ID,
        &user.pubkey(),
        1,
    );
    let now = rpc.now().unwrap();
    rpc.send(
        &[ix::open_job(
            ix::open_job_accounts(&j, user_credit),
            1,
            1,
            milestones.clone(),
            now + 3_600,
            now + 86_400,
        )],
        &[&user],
    )
    .expect("open_job");
    assert_eq!(
        rpc.token_balance(&user_credit).unwrap(),
        credits_before - total
    );
    assert_eq!(rpc.token_balance(&j.escrow_vault).unwrap(), total);

    // Someone else cannot accept on the provider's behalf: refused, the job stays open.
    let imposter = compute_amm_client::ProviderAddresses {
        authority: user.pubkey(),
        ..d.provider_addrs
    };
    let err = rpc
        .send(&[ix::accept_job(&imposter, j.job)], &[&user])
        .unwrap_err();
    assert!(program_error(&err).is_some(), "{err}");
    assert_eq!(
        rpc.get::<Job>(&j.job).unwrap().status,
        compute_amm_client::JobStatus::Open
    );
    rpc.send(&[ix::accept_job(&d.provider_addrs, j.job)], &[&d.provider])
        .expect("accept_job");
    let bonded: Provider = rpc.get(&d.provider_addrs.provider).unwrap();
    let bond =
        compute_amm_math::stake::required_stake(total, market.params.stake_per_credit).unwrap();
    assert_eq!(bonded.locked_bond, bond);

    let user_accounts =
        || ix::job_user_accounts(&j, &d.provider_addrs, user_credit, d.provider_credit);
    for (i, amount) in milestones.iter().enumerate() {
        rpc.send(
            &[ix::submit_milestone(
                &d.provider_addrs,
                j.job,
                i as u8,
                [i as u8 + 1; 32],
            )],
            &[&d.provider],
        )
        .expect("submit_milestone");
        rpc.send(&[ix::approve_milestone(user_accounts(), i as u8)], &[&user])
            .expect("approve_milestone");
        // The provider receives each milestone less the settlement take (rounded up), which stays in
        // the escrow vault for the burn.
        let fee = u64::from(compute_amm_client::params::default_params().settlement_fee_bps);
        let paid = milestones[..=i]
            .iter()
            .map(|m| m - (m * fee).div_ceil(10_000))
            .sum::<u64>();
        assert_eq!(
            rpc.token_balance(&d.provider_credit).unwrap(),
            provider_before + paid
        );
        assert_eq!(
            rpc.token_balance(&j.escrow_vault).unwrap(),
            total - paid,
            "milestone {i} ({amount})"
        );
    }
    let job: Job = rpc.get(&j.job).unwrap();
    assert_eq!(job.released, total);
    let class: GpuClass = rpc.get(&j.gpu_class).unwrap();
    assert_eq!(class.total_escrowed, 0);
    assert_eq!(
        rpc.token_balance(&j.escrow_vault).unwrap(),
        class.settlement_fees,
        "the vault keeps exactly the settlement take"
    );
    let done: Provider = rpc.get(&d.provider_addrs.provider).unwrap();
    assert_eq!(done.locked_bond, 0, "bond unlocked when the job completed");
    assert_eq!(done.jobs_served, 1);

    let close = rpc.send(&[ix::close_job(&j)], &[&user]).expect("close_job");
    let closed: Vec<compute_amm_client::events::JobClosed> =
        compute_amm_client::events::decode(&rpc.logs(&close).expect("confirmed close"));
    assert_eq!(closed.len(), 1);
    assert_eq!((closed[0].job, closed[0].user), (j.job, user.pubkey()));
    assert!(
        rpc.client.get_account(&j.job).is_err(),
        "job account closed"
    );
}
