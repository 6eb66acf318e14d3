//! Report writer: files exist, have the right shape, and odd inputs (constant, NaN, empty) do not break it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use compute_amm_sim::metrics::{EpochMetrics, RunSummary};
use compute_amm_sim::report::{write_report, ReportInput};
use compute_amm_sim::scenario::Scenario;

const SCENARIO_TOML: &str = r#"
name = "report-test & co"
description = "Synthetic <b>test</b> scenario: 5 epochs, a constant series and a NaN"
days = 5

[reference]
base_usd = 2.5
daily_volatility = 0.02
mean_reversion = 0.1

[token]
initial_usd = 1.0
daily_volatility = 0.03

[providers]
initial = 10
gpus_min = 1
gpus_max = 8
cost_usd_min = 1.0
cost_usd_max = 2.0
reliability_min = 0.9
malicious_fraction = 0.05
churn_after_epochs = 3
entry_margin = 0.2
max_entries_per_epoch = 2
stake_tokens_per_gpu = 100.0
mint_margin = 0.1

[users]
jobs_per_hour = 4.0
job_gpu_hours_min = 1
job_gpu_hours_max = 10
elasticity = 1.5
dispute_probability = 0.8
approve_probability = 0.7

[arbitrage]
agents = 2
threshold_bps = 100
aggressiveness = 0.5

[market]
swap_fee_ppm = 3000
protocol_fee_share_ppm = 200000
stake_per_credit_tokens = 10.0
slash_cap_bps = 5000
slash_burn_bps = 5000
emission_initial_tokens = 1000.0
emission_decay_bps = 10
initial_pool_gpu_hours = 10000.0

[baseline]
price_tokens = 2.5
emission_tokens = 1000.0

[[events]]
kind = "token_crash"
start_day = 2
duration_days = 1
magnitude = -0.3
"#;

fn scenario() -> Scenario {
    Scenario::from_toml(SCENARIO_TOML).expect("test scenario parses")
}

fn fresh_dir(tag: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "compute-amm-sim-report-{tag}-{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn epochs(market_offset: f64) -> Vec<EpochMetrics> {
    (0..5u32)
        .map(|e| {
            let x = f64::from(e);
            EpochMetrics {
                epoch: e,
                price_usd: 2.4 + 0.05 * x + market_offset,
                reference_usd: 2.5, // constant series
                token_usd: 1.0,
                utilization: if e == 2 { f64::NAN } else { 0.5 + 0.1 * x }, // contains NaN
                jobs_opened: 10 + e,
                jobs_completed: 9 + e,
                jobs_failed: 1,
                jobs_expired: 0,
                failure_rate: 0.1,
                active_providers: 10,
                providers_churned: 0,
                providers_entered: e % 2,
                active_gpus: 40,
                provider_revenue_usd: 100.0 + x,
                provider_cost_usd: 90.0,
                real_yield: if e == 4 { f64::INFINITY } else { 0.1 * x - 0.1 },
                staked_tokens: 4000.0,
                slashed_tokens: 0.0,
                burned_tokens: 10.0 * x,
                emitted_tokens: 1000.0,
                net_supply_change_tokens: 1000.0 - 10.0 * x,
                lp_share_value_usd: if market_offset == 0.0 {
                    1.0 + 0.01 * x
                } else {
                    0.0
                },
                unmet_gpu_hours: 3.0,
            }
        })
        .collect()
}

fn summary(market: &str, engine: &str) -> RunSummary {
    RunSummary {
        scenario: "report-test & co".into(),
        market: market.into(),
        engine: engine.into(),
        seeds: 3,
        epochs: 5,
        price_volatility: 0.021,
        mean_abs_price_deviation: 0.04,
        job_failure_rate: 0.1,
        jobs_completed: 55.0,
        provider_churn: 0.0,
        mean_real_yield: 0.1,
        total_burned_tokens: 100.0,
        total_emitted_tokens: 5000.0,
        total_slashed_tokens: 0.0,
        mean_utilization: f64::NAN,
        final_active_providers: 10.0,
    }
}

#[test]
fn writes_csv_json_plots_and_html() {
    let sc = scenario();
    let amm = epochs(0.0);
    let baseline = epochs(0.3);
    let amm_summary = summary("amm", "model");
    let baseline_summary = summary("baseline", "model");
    let extra = serde_json::json!({
        "engine": "model",
        "seeds": [1, 2, 3],
        "agreement": { "ok": true, "note": "x < y & z" },
        "tx_count": 12345,
    });
    let input = ReportInput {
        scenario: &sc,
        amm: &amm,
        baseline: &baseline,
        amm_summary: &amm_summary,
        baseline_summary: &baseline_summary,
        extra: &extra,
    };
    let dir = fresh_dir("full");
    let files = write_report(&dir, &input).expect("report written");

    // metrics.csv
    let mut rdr = csv::Reader::from_path(&files.metrics_csv).expect("csv opens");
    let headers = rdr.headers().expect("csv header").clone();
    assert_eq!(headers.get(0), Some("market"));
    assert!(
        headers.iter().any(|h| h == "price_usd"),
        "header: {headers:?}"
    );
    assert!(
        headers.iter().any(|h| h == "unmet_gpu_hours"),
        "header: {headers:?}"
    );
    let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().expect("csv rows");
    assert_eq!(rows.len(), 10);
    assert_eq!(rows.iter().filter(|r| r.get(0) == Some("amm")).count(), 5);
    assert_eq!(
        rows.iter().filter(|r| r.get(0) == Some("baseline")).count(),
        5
    );
    assert!(rows.iter().all(|r| r.len() == headers.len()));
    let epoch_col = headers
        .iter()
        .position(|h| h == "epoch")
        .expect("epoch column");
    assert_eq!(rows[4].get(epoch_col), Some("4"));

    // summary.json
    let text = std::fs::read_to_string(&files.summary_json).expect("summary.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("summary.json parses");
    assert_eq!(json["scenario"], "report-test & co");
    assert_eq!(json["description"], sc.description.as_str());
    assert_eq!(json["amm"]["market"], "amm");
    assert_eq!(json["baseline"]["market"], "baseline");
    assert_eq!(json["extra"]["tx_count"], 12345);

    // plots
    assert!(files.plots.len() >= 8, "plots: {:?}", files.plots);
    for p in &files.plots {
        let svg = std::fs::read_to_string(p).expect("plot file exists");
        assert!(
            svg.trim_start().starts_with("<svg"),
            "{} does not start with <svg",
            p.display()
        );
        assert!(svg.contains("</svg>"));
    }

    // report.html
    let html = std::fs::read_to_string(&files.html).expect("report.html");
    assert!(html.contains("report-test &amp; co"));
    assert!(!html.contains("report-test & co"));
    assert!(html.contains(">AMM<") && html.contains(">Baseline<"));
    assert!(html.matches("<svg").count() >= files.plots.len());
    assert!(html.contains("Synthetic &lt;b&gt;test&lt;/b&gt; scenario"));
    assert!(!html.contains("<b>test</b>"));
    assert!(html.contains("x &lt; y &amp; z"));
    assert!(html.contains("12345"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));

    if std::env::var_os("REPORT_TEST_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn empty_and_degenerate_inputs_do_not_panic() {
    let sc = scenario();
    let amm_summary = RunSummary {
        market: "amm".into(),
        ..Default::default()
    };
    let baseline_summary = RunSummary {
        market: "baseline".into(),
        ..Default::default()
    };
    let extra = serde_json::Value::Null;

    // Empty series.
    let dir = fresh_dir("empty");
    let input = ReportInput {
        scenario: &sc,
        amm: &[],
        baseline: &[],
        amm_summary: &amm_summary,
        baseline_summary: &baseline_summary,
        extra: &extra,
    };
    let files = write_report(&dir, &input).expect("empty report written");
    let mut rdr = csv::Reader::from_path(&files.metrics_csv).expect("csv opens");
    assert_eq!(rdr.headers().expect("header").get(0), Some("market"));
    assert_eq!(rdr.records().count(), 0);
    for p in &files.plots {
        assert!(std::fs::read_to_string(p)
            .expect("plot")
            .starts_with("<svg"));
    }
    let _ = std::fs::remove_dir_all(&dir);

    // One epoch, all values non-finite or extreme.
    let weird = vec![EpochMetrics {
        epoch: 7,
        price_usd: f64::NAN,
        reference_usd: f64::INFINITY,
        utilization: f64::NEG_INFINITY,
        staked_tokens: f64::MAX,
        burned_tokens: f64::MAX,
        emitted_tokens: -f64::MAX,
        ..Default::default()
    }];
    let dir = fresh_dir("weird");
    let input = ReportInput {
        scenario: &sc,
        amm: &weird,
        baseline: &weird,
        amm_summary: &amm_summary,
        baseline_summary: &baseline_summary,
        extra: &extra,
    };
    let files = write_report(&dir, &input).expect("weird report written");
    let html = std::fs::read_to_string(&files.html).expect("report.html");
    assert!(html.matches("<svg").count() >= files.plots.len());
    let _ = std::fs::remove_dir_all(&dir);
}
