//! The same seeded mixed traffic through every executor, with and without invariants after every
//! transaction, side by side in one run; plus the floor: the program's own handler time per
//! transaction (the program's `entry` with its token CPIs, natively, inside the lane).
//!
//! Traffic: the model engine's action trace of the baseline scenario (seed 1; `BENCH_DAYS`
//! simulated days, default 4): provider registration, stake, credit minting, swaps, the opening
//! liquidity, jobs (open, accept, submit, approve, claim, dispute, resolve, expire, cancel),
//! epochs, reward claims, fee burns and parameter changes. Every path must give the same outcome
//! for every transaction and end in the model's state.
//!
//! Run: `cargo bench --workspace --bench load` (release profile, one core).

use std::time::Instant;

use compute_amm_harness::env::{Executor, Recorded};
use compute_amm_sim::amm;
use compute_amm_sim::chain::ChainEngine;
use compute_amm_sim::engine::Engine;
use compute_amm_sim::runner::{run_model, START};
use compute_amm_sim::scenario::Scenario;

const BASELINE: &str = include_str!("../../../scenarios/baseline.toml");

struct Row {
    path: &'static str,
    invariants: bool,
    transactions: u64,
    secs: f64,
    handler_secs: Option<f64>,
    outcomes: Vec<Result<(), String>>,
}

fn run(
    s: &Scenario,
    records: &[compute_amm_sim::action::TraceRecord],
    path: &'static str,
    executor: Executor,
    invariants: bool,
) -> Row {
    let check_every = if invariants { 1 } else { u64::MAX };
    let mut ce = ChainEngine::with_executor(amm::genesis(s, START), check_every, executor);
    ce.outcomes = Some(Vec::new());
    if let Some(l) = ce.env.lane.as_mut() {
        l.record_logs = false;
    }
    let t0 = Instant::now();
    for r in records {
        let got = ce.apply(&r.action).err();
        assert_eq!(got, r.error, "{path}: step {}", r.step);
    }
    let secs = t0.elapsed().as_secs_f64();
    ce.compare()
        .unwrap_or_else(|e| panic!("{path}: end state differs from the model: {e}"));
    let handler_secs = ce.env.lane.as_ref().map(|l| l.handler_nanos as f64 / 1e9);
    Row {
        path,
        invariants,
        transactions: ce.transactions,
        secs,
        handler_secs,
        outcomes: ce
            .outcomes
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.map_err(|e| format!("{e:?}")))
            .collect(),
    }
}

/// The lane run's recording (every account write, clock change and transaction) replayed on
/// LiteSVM: the program as a native builtin (program-test's syscall stubs are installed by the
/// earlier runs, so its CPIs execute), SPL Token as the bank's own SBF build (copied from the
/// recorded genesis, not LiteSVM's bundled copy), signatures and blockhashes not checked. Every
/// outcome must equal the recorded one and every recorded account must end byte-for-byte equal.
fn litesvm(recording: &[Recorded], lane_end: &compute_amm_lane::Lane) -> Row {
    use litesvm::LiteSVM;
    use solana_message::Message;
    use solana_transaction::Transaction;
    let mut svm = LiteSVM::new()
        .with_sigverify(false)
        .with_blockhash_check(false)
        .with_transaction_history(0);
    svm.add_builtin(
        compute_amm::ID,
        compute_amm_harness::native::builtin().expect("builtin"),
    );
    let mut outcomes = Vec::new();
    let mut transactions = 0u64;
    let mut keys = std::collections::BTreeSet::new();
    let t0 = Instant::now();
    for step in recording {
        match step {
            Recorded::Write(k, a) => {
                keys.insert(*k);
                if *k == spl_token_interface::ID {
                    svm.add_program(*k, &a.data).expect("SPL Token ELF");
                } else if *k != compute_amm::ID && *k != solana_sdk_ids_system() {
                    svm.set_account(*k, a.clone()).expect("set account");
                }
            }
            Recorded::Clock(c) => svm.set_sysvar(c),
            Recorded::Tx {
                ixs, payer, result, ..
            } => {
                transactions += 1;
                for ix in ixs {
                    keys.extend(ix.accounts.iter().map(|m| m.pubkey));
                }
                let tx = Transaction::new_unsigned(Message::new(ixs, Some(payer)));
                let got = svm.send_transaction(tx).map(|_| ()).map_err(|e| e.err);
                assert_eq!(&got, result, "LiteSVM: transaction {transactions}");
                outcomes.push(got.map_err(|e| format!("{e:?}")));
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    for k in &keys {
        if *k == spl_token_interface::ID || *k == compute_amm::ID {
            continue;
        }
        let a = svm.get_account(k).filter(|a| a.lamports > 0);
        let b = lane_end.get(k);
        assert_eq!(
            a.as_ref().map(|a| (a.lamports, &a.data, a.owner)),
            b.map(|b| (b.lamports, &b.data, b.owner)),
            "LiteSVM: account {k} differs from the lane's at the end"
        );
    }
    Row {
        path: "LiteSVM 0.12 (program as a native builtin)",
        invariants: false,
        transactions,
        secs,
        handler_secs: None,
        outcomes,
    }
}

/// The system program's id (all zeros); LiteSVM runs its own.
fn solana_sdk_ids_system() -> solana_pubkey::Pubkey {
    solana_pubkey::Pubkey::default()
}

/// The traffic through the lane once more, recording every step from the state right after
/// genesis (the whole account store as writes), for the LiteSVM replay; returns the recording and
/// the lane's end state.
fn record_lane(
    s: &Scenario,
    records: &[compute_amm_sim::action::TraceRecord],
) -> (Vec<Recorded>, Box<compute_amm_lane::Lane>) {
    let mut ce = ChainEngine::with_executor(amm::genesis(s, START), u64::MAX, Executor::Lane);
    let lane = ce.env.lane.as_mut().expect("lane");
    lane.record_logs = false;
    let mut all: Vec<_> = lane.accounts().map(|(k, a)| (*k, a.clone())).collect();
    all.sort_by_key(|(k, _)| *k);
    let mut rec: Vec<Recorded> = all
        .into_iter()
        .map(|(k, a)| Recorded::Write(k, a))
        .collect();
    rec.push(Recorded::Clock(lane.clock.clone()));
    ce.env.recording = Some(rec);
    for r in records {
        assert_eq!(
            ce.apply(&r.action).err(),
            r.error,
            "recording: step {}",
            r.step
        );
    }
    let rec = ce.env.recording.take().expect("recording");
    (rec, ce.env.lane.take().expect("lane"))
}

fn main() {
    let days: u32 = std::env::var("BENCH_DAYS")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(4);
    let mut s = Scenario::from_toml(BASELINE).expect("baseline scenario");
    s.days = days;
    let (_, _, records, _) = run_model(&s, 1, true);
    let records = records.expect("trace");
    let mut rows = Vec::new();
    {
        // natively every `msg!` is a println to stdout: measure without it
        let _q = gag::Gag::stdout().ok();
        for invariants in [false, true] {
            rows.push(run(
                &s,
                &records,
                "BanksClient::process_transaction (stock)",
                Executor::Stock,
                invariants,
            ));
            rows.push(run(
                &s,
                &records,
                "process_transaction_with_metadata",
                Executor::ProgramTest,
                invariants,
            ));
            rows.push(run(
                &s,
                &records,
                "lane (compute_amm_lane)",
                Executor::Lane,
                invariants,
            ));
        }
    }
    {
        let _q = gag::Gag::stdout().ok();
        let (recording, lane_end) = record_lane(&s, &records);
        rows.push(litesvm(&recording, &lane_end));
    }
    let reference = rows[1].outcomes.clone();
    for r in &rows {
        assert_eq!(
            r.outcomes, reference,
            "{}: outcomes differ from program-test's",
            r.path
        );
    }
    let stock = |inv: bool| {
        rows.iter()
            .find(|r| r.invariants == inv && r.path.contains("stock"))
            .map(|r| r.transactions as f64 / r.secs)
            .unwrap_or(f64::NAN)
    };
    println!(
        "load benchmark: baseline scenario, {days} simulated days, seed 1: {} actions, {} transactions (mixed), one core, release",
        records.len(),
        rows[0].transactions
    );
    println!("| path | invariants after every tx | tx/s | × stock (same column) |");
    println!("|---|---|---:|---:|");
    for r in &rows {
        let rate = r.transactions as f64 / r.secs;
        println!(
            "| {} | {} | {:.0} | {:.1}× |",
            r.path,
            if r.invariants { "yes" } else { "no" },
            rate,
            rate / stock(r.invariants)
        );
    }
    if let Some(r) = rows
        .iter()
        .find(|r| r.handler_secs.is_some() && !r.invariants)
    {
        let h = r.handler_secs.unwrap_or(f64::NAN);
        println!(
            "| floor: the program's handler (entry + its token CPIs, native), called directly | no | {:.0} | {:.1}× |",
            r.transactions as f64 / h,
            r.transactions as f64 / h / stock(false)
        );
    }
    println!("every path: the same outcome for every transaction; end state equal to the model's");
}
