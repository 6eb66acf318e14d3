//! The replay lane (`compute_amm_lane`: the program's own `entry` and SPL Token's own Rust processor
//! over an in-memory account store) agrees with solana-program-test (the program as a native
//! builtin, SPL Token as the bank's SBF binary): the same traffic through both gives the same outcome
//! for every transaction (success, or the same `TransactionError`) and ends in the same accounts,
//! byte for byte (lamports, owner, executable flag and data of every account any transaction named
//! or the invariant checker watches). Invariants run after every transaction on both.

use std::collections::BTreeSet;

use compute_amm_harness::env::Executor;
use compute_amm_sim::action::{TraceRecord, TRACE_SCHEMA_VERSION};
use compute_amm_sim::amm;
use compute_amm_sim::chain::ChainEngine;
use compute_amm_sim::engine::Engine;
use compute_amm_sim::runner::{run_model, START};
use compute_amm_sim::scenario::Scenario;

fn scenario(name: &str, days: u32) -> Scenario {
    let path = format!("{}/../../scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let mut s = Scenario::from_toml(&std::fs::read_to_string(path).expect("scenario file"))
        .expect("scenario parses");
    s.days = days;
    s
}

fn trace(file: &str) -> Vec<TraceRecord> {
    let path = format!("{}/../../tests/traces/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("trace file");
    let mut lines = text.lines();
    let header: serde_json::Value =
        serde_json::from_str(lines.next().expect("header")).expect("header");
    assert_eq!(header["schema_version"], TRACE_SCHEMA_VERSION);
    lines
        .map(|l| serde_json::from_str(l).expect("record"))
        .collect()
}

fn engine(s: &Scenario, executor: Executor) -> ChainEngine {
    let mut e = ChainEngine::with_executor(amm::genesis(s, START), 1, executor);
    e.outcomes = Some(Vec::new());
    e.named_accounts = Some(BTreeSet::new());
    e
}

/// Replays `records` through program-test and the lane side by side; returns the transactions.
fn both(what: &str, s: &Scenario, records: &[TraceRecord]) -> u64 {
    let mut reference = engine(s, Executor::ProgramTest);
    let mut lane = engine(s, Executor::Lane);
    for r in records {
        let a = reference.apply(&r.action).err();
        let b = lane.apply(&r.action).err();
        assert_eq!(a, r.error, "{what} step {}: program-test", r.step);
        assert_eq!(b, r.error, "{what} step {}: lane", r.step);
    }
    let (oa, ob) = (
        reference.outcomes.take().unwrap_or_default(),
        lane.outcomes.take().unwrap_or_default(),
    );
    assert_eq!(oa.len(), ob.len(), "{what}: transaction counts");
    for (i, (a, b)) in oa.iter().zip(&ob).enumerate() {
        assert_eq!(
            a, b,
            "{what}: transaction {i}: program-test {a:?}, lane {b:?}"
        );
    }
    let mut keys = reference.named_accounts.take().unwrap_or_default();
    keys.extend(lane.named_accounts.take().unwrap_or_default());
    keys.extend(reference.env.watched());
    keys.extend(lane.env.watched());
    let mut compared = 0;
    for key in keys {
        let a = reference.account(key);
        let b = lane.account(key);
        let view = |x: &Option<solana_account::Account>| {
            x.as_ref()
                .map(|a| (a.lamports, a.owner, a.executable, a.data.clone()))
        };
        assert!(
            view(&a) == view(&b),
            "{what}: account {key} differs:\n program-test {a:?}\n lane         {b:?}"
        );
        compared += 1;
    }
    // the fee payers (each harness's own key): the same fees were charged
    let (pa, pb) = (reference.env.payer(), lane.env.payer());
    assert_eq!(
        reference.account(pa).map(|a| a.lamports),
        lane.account(pb).map(|a| a.lamports),
        "{what}: fee payer"
    );
    reference.compare().expect("program-test matches the model");
    lane.compare().expect("lane matches the model");
    assert!(compared > 50, "{what}: only {compared} accounts compared");
    oa.len() as u64
}

#[test]
fn lane_agrees_with_program_test_on_the_committed_traces() {
    for (file, name) in [
        ("baseline-2d-seed1.jsonl", "baseline"),
        (
            "buyback_manipulation-2d-seed1.jsonl",
            "buyback_manipulation",
        ),
        (
            "yield_cannibalization-2d-seed1.jsonl",
            "yield_cannibalization",
        ),
    ] {
        let txs = both(file, &scenario(name, 2), &trace(file));
        assert!(txs > 1_500, "{file}: {txs} transactions");
    }
}

#[test]
fn lane_agrees_with_program_test_on_a_long_simulator_run() {
    // 8 simulated days of the provider-churn scenario (entry, exit, slashing, disputes), seed 3
    let s = scenario("provider_churn", 8);
    let (_, _, records, _) = run_model(&s, 3, true);
    let txs = both("provider_churn 8d seed 3", &s, &records.expect("trace"));
    assert!(txs > 5_000, "{txs} transactions");
}
