//! The simulator's two engines must agree: the same scenario and seed end in the same state on the
//! in-memory model and on the real program (every action a transaction, invariants checked after
//! each). Committed traces replay against the program outcome by outcome.

use compute_amm_sim::action::{TraceRecord, TRACE_SCHEMA_VERSION};
use compute_amm_sim::amm;
use compute_amm_sim::chain::ChainEngine;
use compute_amm_sim::engine::Engine;
use compute_amm_sim::runner::{monte_carlo, run_model, START};
use compute_amm_sim::scenario::Scenario;

fn scenario(name: &str, days: u32) -> Scenario {
    let path = format!("{}/../../scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let mut s = Scenario::from_toml(&std::fs::read_to_string(path).expect("scenario file"))
        .expect("scenario parses");
    s.days = days;
    s
}

/// The shipped scenarios.
const SCENARIOS: [&str; 11] = [
    "baseline",
    "h100_history",
    "reference_jump",
    "buyback_manipulation",
    "demand_spike",
    "emission_cliff",
    "provider_churn",
    "supply_shock",
    "token_crash",
    "token_dip",
    "yield_cannibalization",
];

/// One scenario and seed on both engines: the same actions, the same KPIs, the same end state
/// (`compare` reads every account the model holds, byte for byte), invariants after every
/// transaction.
fn agree(name: &str, days: u32, seed: u64) -> u64 {
    agree_on(scenario(name, days), name, seed)
}

fn agree_on(s: Scenario, name: &str, seed: u64) -> u64 {
    let (model_epochs, model_actions, _, model) = run_model(&s, seed, false);
    let mut chain = ChainEngine::with_checks(amm::genesis(&s, START), 1);
    let chain_epochs = amm::run(&s, seed, &mut chain);
    let ctx = format!("{name} seed {seed}");
    assert!(model_actions > 500, "{ctx}: only {model_actions} actions");
    assert_eq!(
        chain.actions(),
        model_actions,
        "{ctx}: same actions on both engines"
    );
    assert_eq!(chain_epochs, model_epochs, "{ctx}: same KPIs");
    chain
        .compare()
        .unwrap_or_else(|e| panic!("{ctx}: chain end state differs from the model: {e}"));
    use anchor_lang::AnchorSerialize;
    let (a, b) = (&model.st, chain.state());
    fn ser<T: AnchorSerialize>(v: &T) -> Vec<u8> {
        let mut out = Vec::new();
        v.serialize(&mut out).unwrap();
        out
    }
    let bytes = |st: &compute_amm_sim::model::ChainState| {
        (
            ser(&st.market),
            ser(&st.class),
            ser(&st.pool),
            st.providers.iter().map(ser).collect::<Vec<_>>(),
        )
    };
    assert!(
        bytes(a) == bytes(b),
        "{ctx}: the model engine and the chain engine's mirror differ"
    );
    assert_eq!(
        chain.env.stats.invariant_checks, chain.env.stats.succeeded,
        "{ctx}: invariants after every transaction"
    );
    chain.transactions
}

/// The attacker agents run through the program too, and lose: the wash farmer's and the
/// self-slasher's P&L over both their keys, and the buyback sandwicher's against holding its
/// inventory, are < 0 on both engines; the dispute griefer's is ≤ 0.
#[test]
fn the_attacker_agents_agree_on_both_engines_and_lose() {
    use compute_amm_sim::scenario::Attackers;
    let none = Attackers::default();
    for (name, attackers) in [
        (
            "wash farmer",
            Attackers {
                wash_farmer: true,
                ..none.clone()
            },
        ),
        (
            "sandwicher",
            Attackers {
                sandwicher: true,
                ..none.clone()
            },
        ),
        (
            "self-slasher",
            Attackers {
                self_slasher: true,
                ..none.clone()
            },
        ),
        (
            "dispute griefer",
            Attackers {
                dispute_griefer: true,
                ..none.clone()
            },
        ),
        (
            "price manipulator",
            Attackers {
                twap_manipulator: true,
                ..none.clone()
            },
        ),
        (
            "junk-milestone provider",
            Attackers {
                junk_milestones: true,
                ..none.clone()
            },
        ),
    ] {
        let grief = attackers.dispute_griefer;
        let mut s = scenario("baseline", 3);
        s.attackers = attackers;
        agree_on(s.clone(), &format!("baseline + {name}"), 1);
        let (epochs, _, _, _) = run_model(&s, 1, false);
        let pnl = epochs
            .last()
            .map(|m| m.attacker_pnl_tokens)
            .unwrap_or(f64::NAN);
        println!("{name} P&L after 3 days: {pnl} tokens");
        assert!(pnl <= 0.0, "the {name} gained {pnl} tokens");
        if !grief {
            // strictly negative: an attacker that did nothing would be at exactly 0 (the
            // griefer's disputes against its escrow cost it nothing: 0 is its honest result)
            assert!(pnl < 0.0, "the {name} did nothing");
        }
    }
}

#[test]
fn model_and_chain_agree_on_every_scenario() {
    // Every shipped scenario, two seeds, three simulated days: the paths each scenario stresses
    // (crashes, cliffs, churn, buybacks) all go through the chain.
    let mut txs = 0;
    for name in SCENARIOS {
        for seed in [1u64, 2] {
            txs += agree(name, 3, seed);
        }
    }
    assert!(txs > 8 * 2 * 1_000, "{txs} transactions in all");
}

fn replay(trace: &str, scenario_name: &str) -> (usize, u64) {
    let s = scenario(scenario_name, 2);
    let path = format!("{}/../../tests/traces/{trace}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("trace file");
    let mut lines = text.lines();
    let header: serde_json::Value =
        serde_json::from_str(lines.next().expect("header")).expect("header");
    assert_eq!(header["schema_version"], TRACE_SCHEMA_VERSION);
    let records: Vec<TraceRecord> = lines
        .map(|l| serde_json::from_str(l).expect("record"))
        .collect();
    let mut chain = ChainEngine::with_checks(amm::genesis(&s, START), 1);
    for r in &records {
        assert_eq!(
            chain.apply(&r.action).err(),
            r.error,
            "step {}: {:?}",
            r.step,
            r.action
        );
    }
    chain
        .compare()
        .unwrap_or_else(|e| panic!("{trace}: end state differs from the trace's model: {e}"));
    (records.len(), chain.transactions)
}

#[test]
fn committed_traces_replay_against_the_program() {
    for (trace, scenario) in [
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
        let (actions, txs) = replay(trace, scenario);
        assert!(
            actions > 1_500 && txs > 1_500,
            "{trace}: {actions} actions, {txs} transactions"
        );
    }
}

#[test]
fn same_seed_same_run_and_seeds_differ() {
    let s = scenario("baseline", 5);
    let (a, na, _, _) = run_model(&s, 7, false);
    let (b, nb, _, _) = run_model(&s, 7, false);
    let (c, _, _, _) = run_model(&s, 8, false);
    assert_eq!((a.clone(), na), (b, nb));
    assert_ne!(a, c);
}

#[test]
fn monte_carlo_does_not_depend_on_thread_scheduling() {
    let s = scenario("token_crash", 12);
    let (a1, b1, n1) = monte_carlo(&s, 6, 100, None);
    let (a2, b2, n2) = monte_carlo(&s, 6, 100, None);
    assert_eq!((a1.len(), n1), (12, n2));
    assert_eq!(a1, a2);
    assert_eq!(b1, b2);
    // the crash on day 10 shows in the token price of both markets
    assert!(
        a1[10].token_usd < a1[9].token_usd * 0.85,
        "{} -> {}",
        a1[9].token_usd,
        a1[10].token_usd
    );
}
