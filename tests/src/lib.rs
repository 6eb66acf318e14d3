//! Shared assertions for the integration tests.

#![allow(deprecated)]

use compute_amm_harness::{custom_code, Env};
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use std::collections::BTreeMap;

/// Balances of every watched token account and supplies of watched mints.
pub async fn token_state(env: &mut Env) -> BTreeMap<Pubkey, Vec<u8>> {
    let mut out = BTreeMap::new();
    for key in env.watched() {
        if let Some(acc) = env.account(key).await {
            out.insert(key, acc.data);
        }
    }
    out
}

/// Executes `ixs` expecting failure with exactly `code`, and asserts that no watched account (every
/// token account, vault, mint, pool and market the test knows) changed.
pub async fn expect_error(env: &mut Env, ixs: &[Instruction], signers: &[&Keypair], code: u32) {
    count_case();
    let before = token_state(env).await;
    let result = env.execute(ixs, signers).await;
    let err = result.expect_err("transaction should have failed");
    assert_eq!(
        custom_code(&err),
        Some(code),
        "wrong error: got {err:?}, wanted custom code {code}"
    );
    let after = token_state(env).await;
    assert_eq!(before, after, "a failed transaction moved state");
}

/// Executes `ixs` expecting failure of the first instruction with any error, asserts nothing moved,
/// and returns the error. For refusals that come from the runtime rather than this program (e.g.
/// re-creating an existing account: the system program's code differs between native and SBF runs).
pub async fn expect_refused(
    env: &mut Env,
    ixs: &[Instruction],
    signers: &[&Keypair],
) -> solana_transaction_error::TransactionError {
    count_case();
    let before = token_state(env).await;
    let err = env
        .execute(ixs, signers)
        .await
        .expect_err("transaction should have failed");
    assert!(
        matches!(
            err,
            solana_transaction_error::TransactionError::InstructionError(0, _)
        ),
        "unexpected failure kind: {err:?}"
    );
    let after = token_state(env).await;
    assert_eq!(before, after, "a failed transaction moved state");
    err
}

/// Job-test context on top of a fixture: the fixture's provider serves user 0.
pub mod jobs {
    use compute_amm_client::{ix, JobAddresses};
    use compute_amm_harness::Fixture;
    use solana_pubkey::Pubkey;
    use solana_signer::Signer;

    pub struct JobCtx {
        pub j: JobAddresses,
        /// User 0's protocol-token account (slash compensation lands here).
        pub user_protocol: Pubkey,
        pub cranker: solana_keypair::Keypair,
        pub cranker_protocol: Pubkey,
    }

    /// Opens a job for user 0 with the given milestones; accept-by in 1 h, complete-by in 1 day.
    pub async fn open(fx: &mut Fixture, job_id: u64, milestones: &[u64]) -> JobCtx {
        let user = fx.users[0].key();
        let j = JobAddresses::derive(&fx.protocol_mint, &fx.treasury, 0, &user, job_id);
        fx.env.watch_job(j.job);
        let now = fx.env.now().await;
        let i = ix::open_job(
            ix::open_job_accounts(&j, fx.users[0].credit),
            job_id,
            1,
            milestones.to_vec(),
            now + 3_600,
            now + 86_400,
        );
        fx.env
            .execute(&[i], &[&fx.users[0].kp])
            .await
            .expect("open_job");
        let user_protocol = fx.env.create_token_account(fx.protocol_mint, user);
        let cranker = fx.env.funded_keypair();
        let cranker_protocol = fx
            .env
            .create_token_account(fx.protocol_mint, cranker.pubkey());
        JobCtx {
            j,
            user_protocol,
            cranker,
            cranker_protocol,
        }
    }

    impl JobCtx {
        pub fn user_accounts(&self, fx: &Fixture) -> compute_amm::accounts::JobUserAction {
            ix::job_user_accounts(
                &self.j,
                &fx.provider.addrs,
                fx.users[0].credit,
                fx.provider.credit,
            )
        }
    }
}

/// The class's pool against the protocol token (the burn path's pool, and the price of the reward
/// cap), shared by the burn-and-mint and incentive tests.
pub mod pools {
    use compute_amm_client::{ix, PoolAddresses};
    use compute_amm_harness::fixture::UNIT;
    use compute_amm_harness::Fixture;
    use solana_keypair::Keypair;
    use solana_pubkey::Pubkey;
    use solana_signer::Signer;

    pub struct Trader {
        pub kp: Keypair,
        pub credit: Pubkey,
        pub protocol: Pubkey,
        pub lp: Pubkey,
    }

    /// Class 0's pool against the protocol token: 1,000 credits vs 2,500 tokens, provided by a trader who
    /// keeps 1,000 credits and 7,500 tokens to trade with.
    pub async fn protocol_pool(fx: &mut Fixture) -> (PoolAddresses, Trader) {
        let a = PoolAddresses::derive(&fx.protocol_mint, 0, &fx.protocol_mint);
        fx.env.watch_pool(&a);
        fx.env
            .execute(&[ix::create_pool(fx.admin.pubkey(), &a)], &[&fx.admin])
            .await
            .unwrap();
        let kp = fx.env.funded_keypair();
        let credit = fx.env.create_token_account(a.credit_mint, kp.pubkey());
        let protocol = fx.env.create_token_account(fx.protocol_mint, kp.pubkey());
        let lp = fx.env.create_token_account(a.lp_mint, kp.pubkey());
        fx.env
            .execute(
                &[ix::mint_credits(
                    ix::credits_accounts(&fx.provider.addrs, credit),
                    2_000 * UNIT,
                )],
                &[&fx.provider.kp],
            )
            .await
            .unwrap();
        fx.env.mint_tokens(protocol, 10_000 * UNIT).await;
        let deadline = fx.env.now().await + 600;
        let acc = ix::liquidity_accounts(kp.pubkey(), &a, credit, protocol, lp);
        fx.env
            .execute(
                &[ix::add_liquidity(
                    acc,
                    0,
                    1_000 * UNIT,
                    2_500 * UNIT,
                    deadline,
                )],
                &[&kp],
            )
            .await
            .unwrap();
        (
            a,
            Trader {
                kp,
                credit,
                protocol,
                lp,
            },
        )
    }
}

/// With `ADVERSARIAL_COUNT_FILE` set, appends one line per adversarial case run (for reporting how
/// many there are).
fn count_case() {
    if let Some(path) = std::env::var_os("ADVERSARIAL_COUNT_FILE") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "case");
        }
    }
}
