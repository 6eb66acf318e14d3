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
