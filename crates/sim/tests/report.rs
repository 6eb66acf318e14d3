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
                fee_burned_tokens: 8.0 * x,
                emitted_tokens: 1000.0,
                net_supply_change_tokens: 1000.0 - 10.0 * x,
                lp_share_value_usd: if market_offset == 0.0 {
                    1.0 + 0.01 * x
                } else {
                    0.0
                },
                unmet_gpu_hours: 3.0,
                arb_pnl_usd: 0.0,
                attacker_pnl_tokens: 0.0,
                ..Default::default()
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
        worst_real_yield: -0.05,
        token_change: 0.02,
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

// ---------------------------------------------------------------------------------------------------
// What the charts show: parsed back from the SVG that plotters wrote.

/// `points="x,y x,y ..."` of a polyline element.
fn polyline_points(element: &str) -> Vec<(f64, f64)> {
    let Some(start) = element.find("points=\"") else {
        return Vec::new();
    };
    let rest = &element[start + 8..];
    let end = rest.find('"').unwrap_or(rest.len());
    rest[..end]
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let end = element[start..].find('"')? + start;
    Some(&element[start..end])
}

/// Every `<tag ...>` element of `svg`, in document order.
fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = svg[from..].find(&open) {
        let start = from + i;
        let end = svg[start..].find('>').map_or(svg.len(), |j| start + j + 1);
        out.push(&svg[start..end]);
        from = end;
    }
    out
}

/// The points of one drawn polyline, in SVG pixels.
type Line = Vec<(f64, f64)>;

/// One chart as drawn: its legend box and, per legend label, the points of that series' lines.
struct DrawnChart {
    legend_box: (f64, f64, f64, f64),
    series: Vec<(String, Vec<Line>)>,
}

/// Reads a chart back from its SVG. plotters draws the data lines first, then the legend: a box (the
/// one unfilled black rect), the labels (texts) and one 2-point sample line per label, in the same
/// order; a series' lines are the data polylines of its sample's colour.
fn drawn_chart(svg: &str) -> DrawnChart {
    let border = elements(svg, "rect")
        .into_iter()
        .find(|r| attr(r, "fill") == Some("none") && attr(r, "stroke") == Some("#000000"))
        .expect("legend box");
    let num = |name| {
        attr(border, name)
            .and_then(|v| v.parse::<f64>().ok())
            .expect("legend box attribute")
    };
    let legend_box = (num("x"), num("y"), num("width"), num("height"));
    let split = svg.find(border).expect("legend box position");
    let (data_part, legend_part) = svg.split_at(split);
    let labels: Vec<String> = legend_part
        .split("<text ")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').map_or(0, |i| i + 1)..];
            body[..body.find("</text>").unwrap_or(body.len())]
                .trim()
                .to_string()
        })
        .collect();
    let samples = elements(legend_part, "polyline");
    assert_eq!(
        labels.len(),
        samples.len(),
        "one sample line per legend label"
    );
    let data = elements(data_part, "polyline");
    let series = labels
        .into_iter()
        .zip(samples)
        .map(|(label, sample)| {
            let color = attr(sample, "stroke");
            let lines = data
                .iter()
                .filter(|p| attr(p, "stroke") == color)
                .map(|p| polyline_points(p))
                .collect();
            (label, lines)
        })
        .collect();
    DrawnChart { legend_box, series }
}

fn vertical_extent(lines: &[Line]) -> f64 {
    let ys = lines.iter().flatten().map(|p| p.1);
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    if lo.is_finite() {
        hi - lo
    } else {
        0.0
    }
}

/// The report's charts as drawn, by legend label.
fn charts_by_series(files: &compute_amm_sim::report::ReportFiles) -> Vec<(String, DrawnChart)> {
    files
        .plots
        .iter()
        .map(|p| {
            let svg = std::fs::read_to_string(p).expect("plot");
            (p.display().to_string(), drawn_chart(&svg))
        })
        .collect()
}

/// Burns can be a fraction of a percent of emissions (the baseline scenario before the settlement
/// take: 1,157 vs 505,656 tokens): on one shared linear axis the burned line lay flat on zero. Each
/// must get a y axis on which its line is tall.
#[test]
fn burned_and_emitted_are_both_visible() {
    let sc = scenario();
    let rows = |burn: f64| -> Vec<EpochMetrics> {
        (0..30u32)
            .map(|e| EpochMetrics {
                epoch: e,
                price_usd: 2.5,
                reference_usd: 2.5,
                burned_tokens: burn,
                emitted_tokens: 16_855.0,
                ..Default::default()
            })
            .collect()
    };
    let (amm, baseline) = (rows(38.0), rows(0.0));
    let amm_summary = summary("amm", "chain");
    let baseline_summary = summary("baseline", "chain");
    let extra = serde_json::Value::Null;
    let dir = fresh_dir("burned");
    let input = ReportInput {
        scenario: &sc,
        amm: &amm,
        baseline: &baseline,
        amm_summary: &amm_summary,
        baseline_summary: &baseline_summary,
        extra: &extra,
    };
    let files = write_report(&dir, &input).expect("report written");
    let charts = charts_by_series(&files);

    let find = |label: &str| {
        charts
            .iter()
            .find_map(|(file, c)| {
                c.series
                    .iter()
                    .find(|(l, _)| l == label)
                    .map(|(_, lines)| (file.clone(), c, vertical_extent(lines)))
            })
            .unwrap_or_else(|| panic!("no chart has the series {label:?}"))
    };
    let (burned_file, burned_chart, burned_px) = find("AMM burned (cumulative)");
    let (emitted_file, _, emitted_px) = find("AMM emitted (cumulative)");
    // The plotting area is ~300 px tall; a line rising from its first to its last value spans most of it.
    assert!(
        burned_px >= 150.0,
        "burned line spans only {burned_px:.1} px in {burned_file}"
    );
    assert!(
        emitted_px >= 150.0,
        "emitted line spans only {emitted_px:.1} px in {emitted_file}"
    );
    assert!(
        !burned_chart
            .series
            .iter()
            .any(|(l, _)| l.contains("emitted")),
        "burned shares its axis with emissions in {burned_file}"
    );
    // Baseline burns nothing: its line is drawn (flat) in the same chart.
    let (_, _, baseline_burned_px) = find("Baseline burned (cumulative)");
    assert_eq!(baseline_burned_px, 0.0);

    // The separate axes hide the relative size; the note next to the charts states it with the totals.
    let html = std::fs::read_to_string(&files.html).expect("report.html");
    assert!(
        html.contains(
            "AMM 1,140 tokens burned, 505,650 emitted (burned = 0.23% of emitted); \
             baseline 0 tokens burned, 505,650 emitted (burned = 0.00% of emitted)"
        ),
        "burned-vs-emitted note missing or wrong"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every chart sits in a `<figure data-chart="<file stem>">`, in the order of the plot files (the
/// browser check finds the charts by these names).
#[test]
fn figures_are_named_after_their_plot_files() {
    let sc = scenario();
    let (amm, baseline) = (epochs(0.0), epochs(0.3));
    let amm_summary = summary("amm", "model");
    let baseline_summary = summary("baseline", "model");
    let extra = serde_json::Value::Null;
    let dir = fresh_dir("names");
    let input = ReportInput {
        scenario: &sc,
        amm: &amm,
        baseline: &baseline,
        amm_summary: &amm_summary,
        baseline_summary: &baseline_summary,
        extra: &extra,
    };
    let files = write_report(&dir, &input).expect("report written");
    let html = std::fs::read_to_string(&files.html).expect("report.html");
    let mut from = 0;
    for p in &files.plots {
        let stem = p.file_stem().and_then(|s| s.to_str()).expect("stem");
        let tag = format!("<figure data-chart=\"{stem}\">");
        let at = html[from..]
            .find(&tag)
            .unwrap_or_else(|| panic!("{tag} missing or out of order"));
        from += at + tag.len();
    }
    assert_eq!(html.matches("<figure ").count(), files.plots.len());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The legend box never hides a line: with lines through every corner the y axis gets headroom.
#[test]
fn legend_box_hides_no_line() {
    let sc = scenario();
    // Oscillating lines that pass through all corners and the middle of the plot.
    let wave = |phase: f64| -> Vec<EpochMetrics> {
        (0..30u32)
            .map(|e| {
                let x = f64::from(e);
                EpochMetrics {
                    epoch: e,
                    price_usd: 2.5 + 0.1 * (x * 0.9 + phase).sin(),
                    reference_usd: 2.5 + 0.1 * (x * 0.5 + phase).cos(),
                    utilization: 0.5 + 0.4 * (x * 1.3 + phase).sin(),
                    failure_rate: 0.05 + 0.04 * (x * 0.7 + phase).cos(),
                    active_providers: 20 + (e * 7 + phase as u32) % 11,
                    real_yield: 0.1 * (x + phase).sin(),
                    staked_tokens: 1e6 + 1e5 * (x * 0.4 + phase).sin(),
                    burned_tokens: 10.0 + 5.0 * (x + phase).sin(),
                    emitted_tokens: 1000.0 - 10.0 * x,
                    lp_share_value_usd: 1.0 + 0.01 * (x * 0.8).sin(),
                    ..Default::default()
                }
            })
            .collect()
    };
    let (amm, baseline) = (wave(0.0), wave(1.7));
    let amm_summary = summary("amm", "model");
    let baseline_summary = summary("baseline", "model");
    let extra = serde_json::Value::Null;
    for (tag, a, b) in [
        ("legend-wave", &amm, &baseline),
        ("legend-steps", &epochs(0.0), &epochs(0.3)),
    ] {
        let dir = fresh_dir(tag);
        let input = ReportInput {
            scenario: &sc,
            amm: a,
            baseline: b,
            amm_summary: &amm_summary,
            baseline_summary: &baseline_summary,
            extra: &extra,
        };
        let files = write_report(&dir, &input).expect("report written");
        for (file, chart) in charts_by_series(&files) {
            let (bx, by, bw, bh) = chart.legend_box;
            let inside = |(x, y): (f64, f64)| {
                x > bx + 2.0 && x < bx + bw - 2.0 && y > by + 2.0 && y < by + bh - 2.0
            };
            for (label, lines) in &chart.series {
                for line in lines {
                    for w in line.windows(2) {
                        for k in 0..=8 {
                            let t = f64::from(k) / 8.0;
                            let p = (
                                w[0].0 + (w[1].0 - w[0].0) * t,
                                w[0].1 + (w[1].1 - w[0].1) * t,
                            );
                            assert!(
                                !inside(p),
                                "{file}: the legend box hides {label:?} at {p:?}"
                            );
                        }
                    }
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_heat_map_has_a_cell_and_a_label_per_combination() {
    let dir = std::env::temp_dir().join(format!("heatmap-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("heatmap_x.svg");
    let xs: Vec<String> = ["1000", "3000"].map(String::from).to_vec();
    let ys: Vec<String> = ["0", "6", "24"].map(String::from).to_vec();
    let values = vec![vec![0.01, 0.02], vec![0.03, f64::NAN], vec![0.05, 0.06]];
    compute_amm_sim::report::write_heatmap(&path, "t", "fee", &xs, "lag", &ys, &values, true)
        .unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.trim_start().starts_with("<svg") && svg.contains("</svg>"));
    for label in [
        "1.00%", "2.00%", "3.00%", "n/a", "5.00%", "6.00%", "1000", "3000", "24",
    ] {
        assert!(svg.contains(label), "{label} missing from the heat map");
    }
    // one filled cell per combination (the white background is one more rect)
    assert!(svg.matches("<rect").count() >= 6 + 1);
    std::fs::remove_dir_all(&dir).ok();
}
