//! The strategic agents (`compute_amm_sim::agents`) in whole runs: both markets run the same rules,
//! and what providers do differs only by what each market pays and puts at risk.

use compute_amm_sim::metrics::EpochMetrics;
use compute_amm_sim::runner::monte_carlo_runs;
use compute_amm_sim::scenario::{Event, EventKind, Scenario};

fn baseline(days: u32) -> Scenario {
    let path = format!(
        "{}/../../scenarios/baseline.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut s = Scenario::from_toml(&std::fs::read_to_string(path).expect("scenario file"))
        .expect("scenario parses");
    s.days = days;
    s
}

fn total(runs: &[Vec<EpochMetrics>], f: impl Fn(&EpochMetrics) -> u32) -> u32 {
    runs.iter().flatten().map(f).sum()
}

#[test]
fn a_token_crash_makes_unbonded_naive_providers_walk_away_and_bonded_ones_finish() {
    // a 65% token crash on day 4: the naive market pays 2.65 tokens per GPU-hour, now ~0.93 USD,
    // below the outside option (0.5 x 2.65 = 1.33 USD); the AMM's credits reprice through
    // arbitrage, and walking away forfeits a bond of 5 tokens per GPU-hour
    let mut s = baseline(8);
    s.token.speculator_usd = 0.0;
    s.events.push(Event {
        kind: EventKind::TokenCrash,
        start_day: 4,
        duration_days: 1,
        magnitude: -0.65,
    });
    let r = monte_carlo_runs(&s, 4, 1, None);
    let naive_walked = total(&r.baseline, |m| m.jobs_abandoned);
    let naive_refused = total(&r.baseline, |m| m.jobs_refused);
    let amm_walked = total(&r.amm, |m| m.jobs_abandoned);
    assert!(naive_walked > 50, "naive abandoned {naive_walked}");
    assert!(naive_refused > 50, "naive refused {naive_refused}");
    assert_eq!(amm_walked, 0, "AMM abandoned {amm_walked}");
    // before the crash nobody walks in either market
    let before = |runs: &[Vec<EpochMetrics>]| {
        runs.iter()
            .flat_map(|ep| ep.iter().take(4))
            .map(|m| m.jobs_abandoned)
            .sum::<u32>()
    };
    assert_eq!(before(&r.baseline), 0);
    assert_eq!(before(&r.amm), 0);
}

#[test]
fn providers_cheat_where_the_forfeit_is_small_and_the_bond_makes_it_smaller() {
    // users rarely dispute (30%) and a GPU-hour's marginal cost is 90% of the all-in cost: in the
    // naive market the expected forfeit of a faked result is 0.3 x 2.65 = 0.8 USD per GPU-hour,
    // below every provider's marginal cost (0.9 x 1.65 = 1.49 and up): all cheat; in the AMM the
    // bond adds 0.3 x 5 tokens per GPU-hour, so only the dearest providers could gain
    let mut s = baseline(5);
    s.users.dispute_probability = 0.3;
    s.providers.marginal_cost_share = 0.9;
    s.providers.outside_share = 0.0;
    let r = monte_carlo_runs(&s, 4, 1, None);
    let naive = total(&r.baseline, |m| m.jobs_cheated);
    let amm = total(&r.amm, |m| m.jobs_cheated);
    assert!(naive > 1_000, "naive cheated {naive}");
    assert!(amm * 4 < naive, "AMM cheated {amm} vs naive {naive}");
    // cheating fails jobs: the naive market's failure rate follows
    let failed = |runs: &[Vec<EpochMetrics>]| total(runs, |m| m.jobs_failed);
    let (nf, af) = (failed(&r.baseline), failed(&r.amm));
    assert!(nf > 2 * af, "failed: naive {nf}, AMM {af}");
}

#[test]
fn with_no_marginal_cost_and_no_outside_option_nobody_refuses_walks_or_cheats() {
    // the rules' zero point: a provider loses nothing by serving, so it serves
    let mut s = baseline(5);
    s.providers.marginal_cost_share = 0.0;
    s.providers.outside_share = 0.0;
    let r = monte_carlo_runs(&s, 3, 1, None);
    for runs in [&r.amm, &r.baseline] {
        assert_eq!(total(runs, |m| m.jobs_refused), 0);
        assert_eq!(total(runs, |m| m.jobs_abandoned), 0);
        assert_eq!(total(runs, |m| m.jobs_cheated), 0);
    }
}

#[test]
fn the_token_price_answers_each_markets_own_flows() {
    // same world noise for both markets; with the outside token market switched off both token
    // paths are identical, with it on they part by their own flows
    let mut s = baseline(10);
    s.token.depth_usd = 0.0;
    let r = monte_carlo_runs(&s, 2, 1, None);
    for (a, b) in r.amm.iter().zip(&r.baseline) {
        for (x, y) in a.iter().zip(b) {
            assert_eq!(x.token_usd, y.token_usd);
        }
    }
    let s = baseline(10);
    let r = monte_carlo_runs(&s, 2, 1, None);
    let last = |runs: &[Vec<EpochMetrics>]| runs[0].last().expect("epochs").token_usd;
    assert_ne!(last(&r.amm), last(&r.baseline));
    // every day's flows are reported, and the naive market sells its emission
    assert!(r.baseline[0].iter().all(|m| m.token_sold_usd > 0.0));
    assert!(r.amm[0].iter().skip(1).all(|m| m.token_bought_usd > 0.0));
}
