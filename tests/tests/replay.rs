//! Seeded random traffic: every transaction's outcome predicted by the model (shared math) and
//! compared with the chain; invariants checked after every transaction.

use compute_amm_harness::replay::{run, ReplayConfig};

#[tokio::test]
async fn random_traffic_matches_the_model_on_several_seeds() {
    for seed in [1u64, 2, 3] {
        let s = run(&ReplayConfig {
            seed,
            steps: 400,
            users: 6,
        })
        .await;
        assert_eq!(s.model_mismatches, 0);
        assert_eq!(s.succeeded + s.failed_as_predicted, s.transactions);
        assert_eq!(s.invariant_checks, s.succeeded);
        // the traffic really exercised every path
        for kind in [
            "swap_exact_in",
            "swap_exact_out",
            "add_liquidity",
            "remove_liquidity",
        ] {
            assert!(
                s.actions.get(kind).copied().unwrap_or(0) > 5,
                "seed {seed}: too few {kind}: {:?}",
                s.actions
            );
        }
        assert!(
            s.failures_by_error.contains_key("SlippageExceeded"),
            "{:?}",
            s.failures_by_error
        );
        assert!(
            s.failures_by_error.contains_key("DeadlineExceeded"),
            "{:?}",
            s.failures_by_error
        );
    }
}

#[tokio::test]
async fn same_seed_same_run() {
    let a = run(&ReplayConfig {
        seed: 7,
        steps: 150,
        users: 4,
    })
    .await;
    let b = run(&ReplayConfig {
        seed: 7,
        steps: 150,
        users: 4,
    })
    .await;
    assert_eq!(
        (
            a.final_reserve_credit,
            a.final_reserve_quote,
            a.protocol_fees_credit,
            a.protocol_fees_quote,
            a.lp_supply,
            &a.actions
        ),
        (
            b.final_reserve_credit,
            b.final_reserve_quote,
            b.protocol_fees_credit,
            b.protocol_fees_quote,
            b.lp_supply,
            &b.actions
        )
    );
}
