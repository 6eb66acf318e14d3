//! Every scenario file in `scenarios/` parses into `Scenario` and is sane: calibration inside the
//! real data in `data/gpu_reference_prices.csv`, ranges ordered, probabilities in [0, 1], events
//! inside the run, name = file stem, and non-event parameters shared with `baseline.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use compute_amm_sim::scenario::{EventKind, Scenario};

const EXPECTED: [(&str, Option<EventKind>); 11] = [
    ("baseline", None),
    ("supply_shock", Some(EventKind::SupplyShock)),
    ("demand_spike", Some(EventKind::DemandSpike)),
    ("token_crash", Some(EventKind::TokenCrash)),
    ("token_dip", Some(EventKind::TokenCrash)),
    ("provider_churn", Some(EventKind::ProviderChurn)),
    ("buyback_manipulation", Some(EventKind::BuybackManipulation)),
    ("yield_cannibalization", Some(EventKind::HighEmissions)),
    ("emission_cliff", Some(EventKind::EmissionCliff)),
    ("reference_jump", Some(EventKind::ReferenceJump)),
    ("h100_history", None),
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `scenarios/*.toml`, parsed, keyed by file stem.
fn load_all() -> BTreeMap<String, Scenario> {
    let dir = repo_root().join("scenarios");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 stem")
            .to_string();
        let text = std::fs::read_to_string(&path).expect("read scenario");
        let scenario = Scenario::from_toml(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        out.insert(stem, scenario);
    }
    assert!(!out.is_empty(), "no scenario files in {}", dir.display());
    out
}

/// Min and max of the H100 market-price rows (stat point/approx/median/index) of the reference data.
fn h100_price_range() -> (f64, f64) {
    let path = repo_root().join("data/gpu_reference_prices.csv");
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let headers = reader.headers().expect("csv header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (gpu, stat, price) = (col("gpu"), col("stat"), col("usd_per_gpu_hour"));
    let (mut lo, mut hi, mut n) = (f64::INFINITY, f64::NEG_INFINITY, 0);
    for record in reader.records() {
        let record = record.expect("csv record");
        if &record[gpu] != "H100"
            || !["point", "approx", "median", "index"].contains(&&record[stat])
        {
            continue;
        }
        let value: f64 = record[price].parse().expect("numeric usd_per_gpu_hour");
        lo = lo.min(value);
        hi = hi.max(value);
        n += 1;
    }
    assert!(n >= 5, "only {n} H100 price rows in {}", path.display());
    (lo, hi)
}

fn in_unit(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

#[test]
fn all_expected_scenarios_exist() {
    let all = load_all();
    for (name, _) in EXPECTED {
        assert!(all.contains_key(name), "scenarios/{name}.toml missing");
    }
    assert_eq!(
        all.len(),
        EXPECTED.len(),
        "unexpected scenario files: {:?}",
        all.keys()
    );
}

#[test]
fn every_scenario_is_sane() {
    let (lo, hi) = h100_price_range();
    for (stem, s) in load_all() {
        let ctx = format!("scenarios/{stem}.toml");
        assert_eq!(s.name, stem, "{ctx}: name must equal the file stem");
        assert!(!s.description.trim().is_empty(), "{ctx}: empty description");
        assert!(s.days > 0, "{ctx}: days must be > 0");

        let r = &s.reference;
        assert!(
            r.base_usd >= lo && r.base_usd <= hi,
            "{ctx}: base_usd {} outside the H100 data range [{lo}, {hi}]",
            r.base_usd
        );
        assert!(
            r.daily_volatility > 0.0 && r.daily_volatility < 1.0,
            "{ctx}: reference vol"
        );
        assert!(
            r.mean_reversion > 0.0 && r.mean_reversion <= 1.0,
            "{ctx}: mean_reversion"
        );
        assert!(s.token.initial_usd > 0.0, "{ctx}: token price");
        assert!(
            s.token.daily_volatility >= 0.0 && s.token.daily_volatility < 1.0,
            "{ctx}: token vol"
        );

        let p = &s.providers;
        assert!(p.initial > 0, "{ctx}: no providers");
        assert!(
            p.gpus_min > 0 && p.gpus_min <= p.gpus_max,
            "{ctx}: gpus_min..gpus_max"
        );
        assert!(
            p.cost_usd_min > 0.0 && p.cost_usd_min < p.cost_usd_max,
            "{ctx}: cost_usd_min < cost_usd_max"
        );
        assert!(in_unit(p.reliability_min), "{ctx}: reliability_min");
        assert!(in_unit(p.malicious_fraction), "{ctx}: malicious_fraction");
        assert!(
            p.stake_tokens_per_gpu > 0.0 && p.entry_margin >= 0.0 && p.mint_margin >= 0.0,
            "{ctx}"
        );

        let u = &s.users;
        assert!(u.jobs_per_hour > 0.0, "{ctx}: jobs_per_hour");
        assert!(
            u.job_gpu_hours_min > 0 && u.job_gpu_hours_min <= u.job_gpu_hours_max,
            "{ctx}: job_gpu_hours_min..max"
        );
        assert!(u.elasticity >= 0.0, "{ctx}: elasticity");
        assert!(in_unit(u.dispute_probability), "{ctx}: dispute_probability");
        assert!(in_unit(u.approve_probability), "{ctx}: approve_probability");
        assert!(in_unit(s.arbitrage.aggressiveness), "{ctx}: aggressiveness");

        // The program's hard caps (programs/compute-amm/src/constants.rs).
        let m = &s.market;
        assert!(
            m.swap_fee_ppm <= 100_000,
            "{ctx}: swap fee above MAX_SWAP_FEE_PPM"
        );
        assert!(
            m.protocol_fee_share_ppm <= 500_000,
            "{ctx}: protocol share above cap"
        );
        assert!(
            m.slash_cap_bps <= 5_000,
            "{ctx}: slash cap above MAX_SLASH_CAP_BPS"
        );
        assert!(
            m.slash_burn_bps <= 10_000,
            "{ctx}: slash_burn_bps above 100%"
        );
        assert!(
            m.emission_decay_bps <= 5_000,
            "{ctx}: decay above MAX_EMISSION_DECAY_BPS"
        );
        assert!(
            m.stake_per_credit_tokens > 0.0 && m.initial_pool_gpu_hours > 0.0,
            "{ctx}"
        );

        // The naive market starts where the AMM starts.
        let expected_price = s.reference_start_usd() / s.token.initial_usd;
        assert!(
            (s.baseline.price_tokens - expected_price).abs() < 1e-9,
            "{ctx}: baseline.price_tokens {} != starting reference / token price {expected_price}",
            s.baseline.price_tokens
        );
        assert_eq!(
            s.baseline.emission_tokens, m.emission_initial_tokens,
            "{ctx}: baseline emission"
        );

        for e in &s.events {
            assert!(e.duration_days > 0, "{ctx}: {:?} has zero duration", e.kind);
            assert!(
                e.start_day + e.duration_days <= s.days,
                "{ctx}: {:?} runs past the end ({} + {} > {})",
                e.kind,
                e.start_day,
                e.duration_days,
                s.days
            );
        }
    }
}

#[test]
fn each_scenario_has_its_event() {
    let all = load_all();
    for (name, kind) in EXPECTED {
        let s = &all[name];
        let kinds: Vec<EventKind> = s.events.iter().map(|e| e.kind).collect();
        match kind {
            None => assert!(
                kinds.is_empty(),
                "{name}: expected no events, got {kinds:?}"
            ),
            Some(k) => assert_eq!(kinds, vec![k], "{name}: expected exactly one {k:?} event"),
        }
    }
}

/// Scenarios are comparable: everything but `name`, `description`, `days` and `events` equals
/// `baseline.toml`, except the overrides listed here (documented in scenarios/README.md).
#[test]
fn non_event_parameters_match_baseline() {
    let all = load_all();
    let base = all.get("baseline").expect("baseline.toml");
    for (stem, s) in &all {
        let mut s = s.clone();
        if stem == "yield_cannibalization" {
            assert!(
                s.market.swap_fee_ppm < base.market.swap_fee_ppm,
                "yield_cannibalization must have a lower swap fee than baseline"
            );
            s.market.swap_fee_ppm = base.market.swap_fee_ppm;
        }
        if stem == "h100_history" {
            // the replayed series, lagging and costly arbitrage, the naive price at the series'
            // start and 90 days are this scenario's point
            assert!(s.reference.series.is_some() && s.reference.points.len() >= 10);
            assert!((s.reference_start_usd() - 8.0).abs() < 1e-9);
            assert!(s.arbitrage.lag_hours > 0 && s.arbitrage.cost_bps > 0);
            s.reference = base.reference.clone();
            s.arbitrage = base.arbitrage.clone();
            s.baseline = base.baseline.clone();
            s.days = 30;
        }
        assert_eq!(
            s.reference, base.reference,
            "{stem}: [reference] differs from baseline"
        );
        assert_eq!(s.token, base.token, "{stem}: [token] differs from baseline");
        assert_eq!(
            s.providers, base.providers,
            "{stem}: [providers] differs from baseline"
        );
        assert_eq!(s.users, base.users, "{stem}: [users] differs from baseline");
        assert_eq!(
            s.arbitrage, base.arbitrage,
            "{stem}: [arbitrage] differs from baseline"
        );
        assert_eq!(
            s.market, base.market,
            "{stem}: [market] differs from baseline"
        );
        assert_eq!(
            s.baseline, base.baseline,
            "{stem}: [baseline] differs from baseline"
        );
        if stem != "provider_churn" {
            assert_eq!(
                s.days, 30,
                "{stem}: 30-day runs unless the event needs longer"
            );
        }
    }
}
