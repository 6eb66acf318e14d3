//! Report writer (metrics.csv, summary.json, SVG plots, report.html, compare.html).
//!
//! [`write_seeds_report`] turns one scenario's runs over several seeds (AMM and naive baseline side by
//! side, seed k of one paired with seed k of the other) into a directory a person can read offline;
//! [`write_report`] does the same for one run per market:
//!
//! - `metrics.csv`: one row per (market, epoch), the first column `market` (`amm` / `baseline`) followed by
//!   every field of [`EpochMetrics`] (a seeds report: one row per (market, seed, epoch), `seed` second);
//! - `seeds.csv` (seeds report): every seed's KPIs ([`RunSummary`]), one row per (market, seed);
//! - `summary.json`: scenario name and description, both [`RunSummary`]s (a seeds report: the mean over
//!   seeds of each per-seed KPI), a seeds report's `seeds` and `kpis` (per KPI and market: mean, p5,
//!   p50, p95 over seeds, and the share of paired seeds where the AMM is better), and the caller's
//!   extra facts;
//! - one SVG chart per quantity (both markets, or one market's components, with a legend placed where
//!   it hides no line or band). With one run per market each series is a line; with several seeds it is
//!   a fan chart: per epoch the p50 over seeds as a line and the p5–p95 band shaded ([`fan_path`]).
//!   Cumulative emitted and burned tokens are two charts, each on its own linear axis (their ratio
//!   ranges over orders of magnitude between scenarios and markets, and on a shared axis the smaller
//!   line can lie flat on zero), with a note giving both totals and their ratio;
//! - `report.html`: a self-contained page (KPI table: for a seeds report, mean and p5 / p50 / p95 per
//!   KPI and market and the paired-seed win share; the charts; extra facts, every chart inline in a
//!   `<figure data-chart="<svg file stem>">`; no external assets, no JavaScript). The browser check
//!   (`scripts/report-check.sh`, `tests/browser/check.mjs`) loads it in headless Chromium.
//!
//! [`write_compare_page`] writes `compare.html` for the `compare` command: scenario × KPI, each cell the
//! AMM's and the naive baseline's mean and the paired-seed win share (the same cells as
//! [`CompareTable::markdown`], i.e. `compare.md`), coloured by who wins more often.
//!
//! Nothing here panics on odd input: empty, constant or non-finite series are handled (non-finite points
//! are left out of the charts), and every I/O, CSV, JSON and plotting failure is returned as a
//! [`std::io::Error`].

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use plotters::prelude::*;

use crate::metrics::{
    quantile, Better, EpochMetrics, KpiComparison, RunSummary, SeedSummary, KPIS,
};
use crate::scenario::Scenario;

/// Everything [`write_report`] needs for one scenario.
pub struct ReportInput<'a> {
    /// The scenario that was run (its name and description head the report).
    pub scenario: &'a Scenario,
    /// Per-epoch metrics of the AMM market (one run).
    pub amm: &'a [EpochMetrics],
    /// Per-epoch metrics of the naive baseline market on the same scenario.
    pub baseline: &'a [EpochMetrics],
    /// Aggregates of the AMM run.
    pub amm_summary: &'a RunSummary,
    /// Aggregates of the baseline run.
    pub baseline_summary: &'a RunSummary,
    /// Extra facts to show and store verbatim (engine, seeds, chain/model agreement result, tx counts, timings...).
    pub extra: &'a serde_json::Value,
}

/// Everything [`write_seeds_report`] needs: every seed's epochs of both markets and the per-seed KPIs
/// with their summary across seeds.
pub struct SeedsReportInput<'a> {
    pub scenario: &'a Scenario,
    /// Engine of the AMM runs ("model" or "chain"; the baseline always runs on its own model).
    pub amm_engine: &'a str,
    /// `amm_runs[k]` and `baseline_runs[k]` are seed `summary.seeds[k]`.
    pub amm_runs: &'a [Vec<EpochMetrics>],
    pub baseline_runs: &'a [Vec<EpochMetrics>],
    /// Per-seed KPIs of both markets and their summary (see [`SeedSummary::of_runs`]).
    pub summary: &'a SeedSummary,
    /// Extra facts to show and store verbatim.
    pub extra: &'a serde_json::Value,
}

/// Paths of the files [`write_report`] or [`write_seeds_report`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFiles {
    /// `metrics.csv`: one row per (market, epoch), or per (market, seed, epoch) for a seeds report.
    pub metrics_csv: PathBuf,
    /// `summary.json`: scenario, both run summaries and the extra facts (a seeds report adds every
    /// KPI's spread over seeds and the paired-seed win shares).
    pub summary_json: PathBuf,
    /// `seeds.csv` (seeds report only): every seed's KPIs, one row per (market, seed).
    pub seeds_csv: Option<PathBuf>,
    /// The SVG charts, in the order they appear in the HTML report.
    pub plots: Vec<PathBuf>,
    /// `report.html`: the self-contained report.
    pub html: PathBuf,
}

/// What the HTML page and summary.json show, from either entry point.
struct Page<'a> {
    scenario: &'a Scenario,
    /// Every run of each market, one per seed (one for [`write_report`]).
    amm: Vec<&'a [EpochMetrics]>,
    baseline: Vec<&'a [EpochMetrics]>,
    amm_summary: RunSummary,
    baseline_summary: RunSummary,
    /// The cross-seed summary (seeds report only).
    seeds: Option<&'a SeedSummary>,
    extra: &'a serde_json::Value,
}

/// Writes the whole report of one run per market into `out_dir` (created if missing) and returns the
/// paths written. For several seeds use [`write_seeds_report`], which shows every KPI's spread.
///
/// Existing files of the same names are overwritten. Errors of any kind (I/O, CSV, JSON, plotting) are
/// returned as [`io::Error`]; this function does not panic on any input.
pub fn write_report(out_dir: &Path, input: &ReportInput) -> io::Result<ReportFiles> {
    fs::create_dir_all(out_dir)?;

    let metrics_csv = out_dir.join("metrics.csv");
    write_metrics_csv(&metrics_csv, input.amm, input.baseline)?;

    let page = Page {
        scenario: input.scenario,
        amm: vec![input.amm],
        baseline: vec![input.baseline],
        amm_summary: input.amm_summary.clone(),
        baseline_summary: input.baseline_summary.clone(),
        seeds: None,
        extra: input.extra,
    };
    write_page(out_dir, &page, metrics_csv, None)
}

/// Writes the report of a multi-seed run (every KPI computed per seed, then summarized: mean, p5,
/// p50, p95 and the share of paired seeds where the AMM is better) into `out_dir`: `metrics.csv`
/// (every seed's epochs), `seeds.csv` (every seed's KPIs), `summary.json`, the charts (with several
/// seeds: fan charts, per epoch the p50 over seeds and the p5–p95 band) and `report.html`. Does not
/// panic on any input.
pub fn write_seeds_report(out_dir: &Path, input: &SeedsReportInput) -> io::Result<ReportFiles> {
    fs::create_dir_all(out_dir)?;

    let metrics_csv = out_dir.join("metrics.csv");
    write_seeds_metrics_csv(&metrics_csv, input)?;
    let seeds_csv = out_dir.join("seeds.csv");
    write_seeds_csv(&seeds_csv, input.summary)?;

    let page = Page {
        scenario: input.scenario,
        amm: input.amm_runs.iter().map(Vec::as_slice).collect(),
        baseline: input.baseline_runs.iter().map(Vec::as_slice).collect(),
        amm_summary: input.summary.amm_mean(),
        baseline_summary: input.summary.baseline_mean(),
        seeds: Some(input.summary),
        extra: input.extra,
    };
    write_page(out_dir, &page, metrics_csv, Some(seeds_csv))
}

fn write_page(
    out_dir: &Path,
    page: &Page,
    metrics_csv: PathBuf,
    seeds_csv: Option<PathBuf>,
) -> io::Result<ReportFiles> {
    let summary_json = out_dir.join("summary.json");
    write_summary_json(&summary_json, page)?;

    let mut plots = Vec::new();
    let mut figures = Vec::new();
    let x_desc = x_axis_desc(seed_count(page));
    for chart in charts(&page.amm, &page.baseline) {
        let path = out_dir.join(chart.file);
        render_chart(&path, &chart, &x_desc)?;
        let svg = fs::read_to_string(&path)?;
        let note = match (chart.note.clone(), coinciding_note(&chart)) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (a, b) => a.or(b),
        };
        figures.push(Figure {
            name: chart.file.trim_end_matches(".svg"),
            title: chart.title,
            note,
            svg,
        });
        plots.push(path);
    }

    let html = out_dir.join("report.html");
    fs::write(&html, render_html(page, &figures))?;

    Ok(ReportFiles {
        metrics_csv,
        summary_json,
        seeds_csv,
        plots,
        html,
    })
}

// ---------------------------------------------------------------------------------------------------
// metrics.csv

fn csv_err(e: csv::Error) -> io::Error {
    io::Error::other(format!("metrics.csv: {e}"))
}

/// Field names of a serializable row, in serialization order (taken from serde, so they follow the struct).
fn csv_header<T: serde::Serialize>(row: &T) -> io::Result<csv::StringRecord> {
    let mut wtr = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    wtr.serialize(row).map_err(csv_err)?;
    let bytes = wtr
        .into_inner()
        .map_err(|e| io::Error::other(format!("csv header: {e}")))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    match rdr.records().next() {
        Some(rec) => rec.map_err(csv_err),
        None => Err(io::Error::other("csv: could not derive a header")),
    }
}

/// Field names of [`EpochMetrics`], in serialization order.
fn epoch_metrics_header() -> io::Result<csv::StringRecord> {
    csv_header(&EpochMetrics::default())
}

fn write_metrics_csv(
    path: &Path,
    amm: &[EpochMetrics],
    baseline: &[EpochMetrics],
) -> io::Result<()> {
    let fields = epoch_metrics_header()?;
    let mut wtr = csv::WriterBuilder::new()
        .has_headers(false)
        .from_path(path)
        .map_err(csv_err)?;
    let mut header = vec!["market"];
    header.extend(fields.iter());
    wtr.write_record(&header).map_err(csv_err)?;
    for (market, rows) in [("amm", amm), ("baseline", baseline)] {
        for m in rows {
            wtr.serialize((market, m)).map_err(csv_err)?;
        }
    }
    wtr.flush()?;
    Ok(())
}

/// Every seed's epochs: columns `market`, `seed`, then every field of [`EpochMetrics`].
fn write_seeds_metrics_csv(path: &Path, input: &SeedsReportInput) -> io::Result<()> {
    let fields = epoch_metrics_header()?;
    let mut wtr = csv::WriterBuilder::new()
        .has_headers(false)
        .from_path(path)
        .map_err(csv_err)?;
    let mut header = vec!["market", "seed"];
    header.extend(fields.iter());
    wtr.write_record(&header).map_err(csv_err)?;
    let seeds = &input.summary.seeds;
    for (market, runs) in [("amm", input.amm_runs), ("baseline", input.baseline_runs)] {
        for (k, rows) in runs.iter().enumerate() {
            let seed = seeds.get(k).copied().unwrap_or(k as u64);
            for m in rows {
                wtr.serialize((market, seed, m)).map_err(csv_err)?;
            }
        }
    }
    wtr.flush()?;
    Ok(())
}

/// Every seed's KPIs: columns `seed`, then every field of [`RunSummary`] (`market` among them).
fn write_seeds_csv(path: &Path, summary: &SeedSummary) -> io::Result<()> {
    let err = |e: csv::Error| io::Error::other(format!("seeds.csv: {e}"));
    let mut wtr = csv::WriterBuilder::new()
        .has_headers(false)
        .from_path(path)
        .map_err(err)?;
    let fields = csv_header(&RunSummary::default())?;
    let mut header = vec!["seed"];
    header.extend(fields.iter());
    wtr.write_record(&header).map_err(err)?;
    for runs in [&summary.amm, &summary.baseline] {
        for (k, r) in runs.iter().enumerate() {
            let seed = summary.seeds.get(k).copied().unwrap_or(k as u64);
            wtr.serialize((seed, r)).map_err(err)?;
        }
    }
    wtr.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// summary.json

/// `amm` and `baseline` are the run summaries (for a seeds report: the mean over seeds of each
/// per-seed KPI); a seeds report adds `seeds` (the seed list) and `kpis` (per KPI: mean, p5, p50, p95
/// of both markets, the direction, the share of paired seeds where the AMM is better and of ties).
fn write_summary_json(path: &Path, page: &Page) -> io::Result<()> {
    let mut doc = serde_json::json!({
        "scenario": page.scenario.name,
        "description": page.scenario.description,
        "amm": page.amm_summary,
        "baseline": page.baseline_summary,
    });
    if let (Some(seeds), Some(o)) = (page.seeds, doc.as_object_mut()) {
        o.insert("seeds".into(), serde_json::json!(seeds.seeds));
        o.insert("kpis".into(), serde_json::json!(seeds.kpis));
    }
    if let Some(o) = doc.as_object_mut() {
        o.insert("extra".into(), page.extra.clone());
    }
    let mut text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    text.push('\n');
    fs::write(path, text)
}

// ---------------------------------------------------------------------------------------------------
// charts

/// How a chart's y axis labels are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum YFormat {
    /// Plain numbers (with k / M / B / T suffixes when large).
    Number,
    /// Fractions shown as percentages.
    Percent,
}

struct Series {
    label: &'static str,
    color: RGBColor,
    /// (epoch, value): the run's value, or with several seeds the p50 over seeds; non-finite values
    /// are kept here and skipped (breaking the line) when drawn.
    points: Vec<(f64, f64)>,
    /// With several seeds: the per-epoch spread over seeds, drawn as a shaded p5–p95 band under the line.
    fan: Option<Vec<FanPoint>>,
}

struct Chart {
    file: &'static str,
    title: &'static str,
    /// Shown under the chart's caption in report.html (not in the SVG file).
    note: Option<String>,
    y_desc: &'static str,
    y_format: YFormat,
    series: Vec<Series>,
}

const AMM_COLOR: RGBColor = RGBColor(0x1f, 0x77, 0xb4);
const BASELINE_COLOR: RGBColor = RGBColor(0xd6, 0x27, 0x28);
const REFERENCE_COLOR: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// The components of one market's chart (revenue sources, job outcomes): distinct from each other and
/// from the two market colours, so a component is never mistaken for a market.
const COMPONENT_COLORS: [RGBColor; 3] = [
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x94, 0x67, 0xbd),
];

/// Opacity of a fan chart's p5–p95 band: light enough that two overlapping bands and the p50 lines
/// on top stay legible.
const BAND_ALPHA: f64 = 0.18;

/// The quantiles a fan chart shows: the band's lower edge, the line, the band's upper edge.
const FAN_LOW: f64 = 0.05;
const FAN_MID: f64 = 0.50;
const FAN_HIGH: f64 = 0.95;

/// One epoch of a fan chart: the p5, p50 and p95 over seeds of one quantity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FanPoint {
    pub epoch: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

/// Per epoch, the p5 / p50 / p95 over runs (seeds) of `f`, each from the sorted per-seed values of
/// that epoch ([`quantile`], linear interpolation). Non-finite values are left out of an epoch (all
/// NaN when none is finite); runs of unequal length: a shorter run ends the path.
pub fn fan_path<R: AsRef<[EpochMetrics]>>(
    runs: &[R],
    f: impl Fn(&EpochMetrics) -> f64,
) -> Vec<FanPoint> {
    let paths: Vec<Vec<(f64, f64)>> = runs.iter().map(|r| points(r.as_ref(), &f)).collect();
    fan_of_paths(&paths)
}

/// The fan of several (epoch, value) paths, index by index (the epoch is the first path's).
fn fan_of_paths(paths: &[Vec<(f64, f64)>]) -> Vec<FanPoint> {
    let len = paths.iter().map(Vec::len).min().unwrap_or(0);
    (0..len)
        .map(|i| {
            let mut v: Vec<f64> = paths
                .iter()
                .map(|p| p[i].1)
                .filter(|y| y.is_finite())
                .collect();
            v.sort_by(f64::total_cmp);
            FanPoint {
                epoch: paths[0][i].0,
                p5: quantile(&v, FAN_LOW),
                p50: quantile(&v, FAN_MID),
                p95: quantile(&v, FAN_HIGH),
            }
        })
        .collect()
}

fn points(rows: &[EpochMetrics], f: impl Fn(&EpochMetrics) -> f64) -> Vec<(f64, f64)> {
    rows.iter().map(|m| (f64::from(m.epoch), f(m))).collect()
}

/// Running sum of `f`; non-finite epochs add nothing.
fn cumulative(rows: &[EpochMetrics], f: impl Fn(&EpochMetrics) -> f64) -> Vec<(f64, f64)> {
    let mut acc = 0.0;
    rows.iter()
        .map(|m| {
            let v = f(m);
            if v.is_finite() {
                acc += v;
            }
            (f64::from(m.epoch), acc)
        })
        .collect()
}

/// What a series plots of each run.
#[derive(Clone, Copy)]
enum Value {
    /// The epoch's own value.
    Epoch(fn(&EpochMetrics) -> f64),
    /// The running sum since the first epoch (per seed, before the fan is taken over seeds).
    Cumulative(fn(&EpochMetrics) -> f64),
}

impl Value {
    fn path(self, run: &[EpochMetrics]) -> Vec<(f64, f64)> {
        match self {
            Value::Epoch(f) => points(run, f),
            Value::Cumulative(f) => cumulative(run, f),
        }
    }

    fn fan(self, runs: &[&[EpochMetrics]]) -> Vec<FanPoint> {
        match self {
            Value::Epoch(f) => fan_path(runs, f),
            Value::Cumulative(_) => {
                fan_of_paths(&runs.iter().map(|r| self.path(r)).collect::<Vec<_>>())
            }
        }
    }
}

/// One market's series: its run as a line, or with several seeds the p50 line and the p5–p95 band.
fn series(label: &'static str, color: RGBColor, runs: &[&[EpochMetrics]], value: Value) -> Series {
    match runs {
        [] => Series {
            label,
            color,
            points: Vec::new(),
            fan: None,
        },
        [run] => Series {
            label,
            color,
            points: value.path(run),
            fan: None,
        },
        _ => {
            let fan = value.fan(runs);
            Series {
                label,
                color,
                points: fan.iter().map(|p| (p.epoch, p.p50)).collect(),
                fan: Some(fan),
            }
        }
    }
}

/// Mean over runs of the end value of the running sum of `f` (the cumulative charts' end point; the
/// run's own total with one run).
fn mean_total(runs: &[&[EpochMetrics]], f: fn(&EpochMetrics) -> f64) -> f64 {
    let totals: Vec<f64> = runs
        .iter()
        .map(|r| cumulative(r, f).last().map_or(0.0, |p| p.1))
        .collect();
    if totals.is_empty() {
        0.0
    } else {
        crate::metrics::mean(&totals)
    }
}

/// The end totals of burned and emitted tokens and their ratio, for both markets (the mean over seeds
/// with several): the two quantities are charted on separate axes, so the note keeps their relative
/// size in view.
fn burned_vs_emitted_note(amm: &[&[EpochMetrics]], baseline: &[&[EpochMetrics]]) -> String {
    let market = |name: &str, runs: &[&[EpochMetrics]]| {
        let burned = mean_total(runs, |m| m.burned_tokens);
        let emitted = mean_total(runs, |m| m.emitted_tokens);
        let ratio = if emitted != 0.0 && burned.is_finite() && emitted.is_finite() {
            format!(" (burned = {} of emitted)", fmt_percent(burned / emitted))
        } else {
            String::new()
        };
        format!(
            "{name} {} tokens burned, {} emitted{ratio}",
            fmt_number(burned),
            fmt_number(emitted)
        )
    };
    let when = if amm.len().max(baseline.len()) > 1 {
        "End of run, mean over seeds"
    } else {
        "End of run"
    };
    format!(
        "{when}: {}; {}. Emitted and burned tokens are charted on separate y axes (their scales \
         differ); compare them with these totals.",
        market("AMM", amm),
        market("baseline", baseline)
    )
}

fn two_markets(amm: &[&[EpochMetrics]], baseline: &[&[EpochMetrics]], value: Value) -> Vec<Series> {
    vec![
        series("AMM", AMM_COLOR, amm, value),
        series("Baseline", BASELINE_COLOR, baseline, value),
    ]
}

/// One market's components (revenue sources, job outcomes), each in its own colour.
fn components(
    runs: &[&[EpochMetrics]],
    parts: [(&'static str, fn(&EpochMetrics) -> f64); 3],
) -> Vec<Series> {
    parts
        .into_iter()
        .zip(COMPONENT_COLORS)
        .map(|((label, f), color)| series(label, color, runs, Value::Epoch(f)))
        .collect()
}

/// Providers' revenue by source, per epoch, USD.
const REVENUE_SOURCES: [(&str, fn(&EpochMetrics) -> f64); 3] = [
    ("Jobs", |m| m.revenue_jobs_usd),
    ("Emissions", |m| m.revenue_emissions_usd),
    ("Credit sales", |m| m.revenue_credit_sales_usd),
];

/// What strategic providers did with jobs, per epoch.
const JOB_OUTCOMES: [(&str, fn(&EpochMetrics) -> f64); 3] = [
    ("Refused", |m| f64::from(m.jobs_refused)),
    ("Abandoned", |m| f64::from(m.jobs_abandoned)),
    ("Cheated", |m| f64::from(m.jobs_cheated)),
];

/// A chart without a note.
fn chart(
    file: &'static str,
    title: &'static str,
    y_desc: &'static str,
    y_format: YFormat,
    series: Vec<Series>,
) -> Chart {
    Chart {
        file,
        title,
        note: None,
        y_desc,
        y_format,
        series,
    }
}

fn charts(amm: &[&[EpochMetrics]], baseline: &[&[EpochMetrics]]) -> Vec<Chart> {
    use YFormat::{Number, Percent};
    let reference_runs = if amm.is_empty() { baseline } else { amm };
    let cumulative_pair = |f: fn(&EpochMetrics) -> f64, what: [&'static str; 2]| {
        vec![
            series(what[0], AMM_COLOR, amm, Value::Cumulative(f)),
            series(what[1], BASELINE_COLOR, baseline, Value::Cumulative(f)),
        ]
    };
    vec![
        chart(
            "price.svg",
            "GPU-hour price vs cloud reference",
            "USD per GPU-hour",
            Number,
            vec![
                series("AMM price", AMM_COLOR, amm, Value::Epoch(|m| m.price_usd)),
                series(
                    "Baseline price",
                    BASELINE_COLOR,
                    baseline,
                    Value::Epoch(|m| m.price_usd),
                ),
                series(
                    "Reference",
                    REFERENCE_COLOR,
                    reference_runs,
                    Value::Epoch(|m| m.reference_usd),
                ),
            ],
        ),
        chart(
            "token_price.svg",
            "Protocol token price",
            "USD per token",
            Number,
            two_markets(amm, baseline, Value::Epoch(|m| m.token_usd)),
        ),
        chart(
            "utilization.svg",
            "Utilization (GPU-hours served / offered)",
            "utilization",
            Percent,
            two_markets(amm, baseline, Value::Epoch(|m| m.utilization)),
        ),
        chart(
            "unmet_demand.svg",
            "Unmet demand (GPU-hours wanted but not bought)",
            "GPU-hours per epoch",
            Number,
            two_markets(amm, baseline, Value::Epoch(|m| m.unmet_gpu_hours)),
        ),
        chart(
            "failure_rate.svg",
            "Job failure rate ((failed + expired) / settled)",
            "failure rate",
            Percent,
            two_markets(amm, baseline, Value::Epoch(|m| m.failure_rate)),
        ),
        // Job outcomes and revenue sources: one chart per market with its three components (six
        // series, or six bands, in one chart are unreadable).
        chart(
            "job_outcomes_amm.svg",
            "AMM: jobs refused, abandoned, cheated by providers",
            "jobs per epoch",
            Number,
            components(amm, JOB_OUTCOMES),
        ),
        chart(
            "job_outcomes_baseline.svg",
            "Baseline: jobs refused, abandoned, cheated by providers",
            "jobs per epoch",
            Number,
            components(baseline, JOB_OUTCOMES),
        ),
        chart(
            "active_providers.svg",
            "Active providers",
            "providers",
            Number,
            two_markets(
                amm,
                baseline,
                Value::Epoch(|m| f64::from(m.active_providers)),
            ),
        ),
        chart(
            "real_yield.svg",
            "Providers' real yield (revenue / cost - 1)",
            "real yield",
            Percent,
            two_markets(amm, baseline, Value::Epoch(|m| m.real_yield)),
        ),
        chart(
            "revenue_split_amm.svg",
            "AMM: provider revenue by source",
            "USD per epoch",
            Number,
            components(amm, REVENUE_SOURCES),
        ),
        chart(
            "revenue_split_baseline.svg",
            "Baseline: provider revenue by source",
            "USD per epoch",
            Number,
            components(baseline, REVENUE_SOURCES),
        ),
        // Burned and emitted each get their own linear axis: their ratio differs by orders of magnitude
        // between scenarios and markets (before the settlement take, the baseline scenario burned ~0.2%
        // of what it emitted, and on one axis the burned line lay flat on zero; the baseline market
        // emits ten times what the AMM does). The note under the charts gives both end totals and
        // their ratio, so the scale difference is not hidden by the separate axes.
        Chart {
            note: Some(burned_vs_emitted_note(amm, baseline)),
            ..chart(
                "tokens_emitted.svg",
                "Cumulative tokens emitted",
                "tokens emitted",
                Number,
                cumulative_pair(
                    |m| m.emitted_tokens,
                    ["AMM emitted (cumulative)", "Baseline emitted (cumulative)"],
                ),
            )
        },
        chart(
            "tokens_burned.svg",
            "Cumulative tokens burned (own y axis, see the note above)",
            "tokens burned",
            Number,
            cumulative_pair(
                |m| m.burned_tokens,
                ["AMM burned (cumulative)", "Baseline burned (cumulative)"],
            ),
        ),
        Chart {
            note: Some(
                "Emissions are capped by the value of the settlement take each provider's work \
                 paid, and that take is what the fee burn buys back and burns: the two lines move \
                 together; the gap is price moves and the burn's chunking lag."
                    .to_string(),
            ),
            ..chart(
                "burn_vs_emission.svg",
                "AMM per epoch: fee burn vs emission (one axis)",
                "tokens per epoch",
                Number,
                vec![
                    series(
                        "AMM fee burn",
                        AMM_COLOR,
                        amm,
                        Value::Epoch(|m| m.fee_burned_tokens),
                    ),
                    series(
                        "AMM emission",
                        BASELINE_COLOR,
                        amm,
                        Value::Epoch(|m| m.emitted_tokens),
                    ),
                ],
            )
        },
        chart(
            "staked_tokens.svg",
            "Staked tokens",
            "tokens",
            Number,
            two_markets(amm, baseline, Value::Epoch(|m| m.staked_tokens)),
        ),
        Chart {
            note: Some(
                "Stake value / value of outstanding credits at the pool price; 0 while no credits \
                 are outstanding."
                    .to_string(),
            ),
            ..chart(
                "collateral_coverage.svg",
                "Collateral coverage (AMM only)",
                "stake / credits outstanding",
                Number,
                vec![series(
                    "AMM coverage",
                    AMM_COLOR,
                    amm,
                    Value::Epoch(|m| m.collateral_coverage),
                )],
            )
        },
        chart(
            "lp_share_value.svg",
            "LP share value (AMM only)",
            "USD per share",
            Number,
            vec![series(
                "AMM LP share",
                AMM_COLOR,
                amm,
                Value::Epoch(|m| m.lp_share_value_usd),
            )],
        ),
        chart(
            "arb_pnl.svg",
            "Arbitrageurs' cumulative P&L, net of trade costs (AMM only)",
            "USD",
            Number,
            vec![series(
                "AMM arbitrageurs",
                AMM_COLOR,
                amm,
                Value::Epoch(|m| m.arb_pnl_usd),
            )],
        ),
    ]
}

/// Names the series of a chart that are drawn exactly alike (the same line and band at every epoch):
/// the one drawn last hides the others, which would otherwise look missing (e.g. a token price both
/// markets take from the same world, or components that are all zero).
fn coinciding_note(chart: &Chart) -> Option<String> {
    let same = |a: &Series, b: &Series| a.points == b.points && a.fan == b.fan;
    let mut grouped = vec![false; chart.series.len()];
    let mut sentences = Vec::new();
    for (i, s) in chart.series.iter().enumerate() {
        if grouped[i] || s.points.is_empty() {
            continue;
        }
        let group: Vec<usize> = (i..chart.series.len())
            .filter(|&j| !grouped[j] && same(s, &chart.series[j]))
            .collect();
        if group.len() < 2 {
            continue;
        }
        let labels: Vec<&str> = group.iter().map(|&j| chart.series[j].label).collect();
        for j in group {
            grouped[j] = true;
        }
        let (last, rest) = labels.split_last()?;
        sentences.push(format!(
            "{} and {last} are equal at every epoch: the line drawn last ({last}) hides the others.",
            rest.join(", ")
        ));
    }
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

/// Number of seeds charted (the larger market's run count).
fn seed_count(page: &Page) -> usize {
    page.amm.len().max(page.baseline.len())
}

/// The x axis description: with several seeds it also says what the line and the band are, so an SVG
/// file read on its own explains itself.
fn x_axis_desc(seeds: usize) -> String {
    if seeds > 1 {
        format!("epoch (day); line: p50, band: p5-p95 over {seeds} seeds")
    } else {
        "epoch (day)".to_string()
    }
}

/// Values beyond this magnitude are clamped so that axis arithmetic cannot overflow.
const CLAMP: f64 = 1e100;

fn clamp_value(v: f64) -> f64 {
    v.clamp(-CLAMP, CLAMP)
}

/// Splits a series at non-finite points into drawable runs of finite (clamped) points.
fn segments(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for &(x, y) in points {
        if x.is_finite() && y.is_finite() {
            cur.push((clamp_value(x), clamp_value(y)));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A non-degenerate, finite axis range covering `values` (finite values only), with a small margin.
fn axis_range(values: impl Iterator<Item = f64>, margin_frac: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()).map(clamp_value) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    let magnitude = lo.abs().max(hi.abs());
    if span <= f64::EPSILON.max(magnitude * 1e-9) {
        // Constant (or numerically constant) series: pad by 1, or relatively for large values.
        let pad = 1.0_f64.max(magnitude * 0.01);
        let mid = lo / 2.0 + hi / 2.0;
        return (mid - pad, mid + pad);
    }
    let margin = span * margin_frac;
    (lo - margin, hi + margin)
}

/// Decimals needed to tell apart axis labels spaced about `span / 10` apart.
fn decimals_for(span: f64) -> usize {
    if !(span.is_finite() && span > 0.0) {
        return 2;
    }
    let step = span / 10.0;
    let d = -step.log10().floor();
    if d <= 0.0 {
        0
    } else {
        (d as usize).min(8)
    }
}

fn format_axis_value(v: f64, span: f64, format: YFormat) -> String {
    // A tick at zero is computed as e.g. -1e-17: write it as 0, not "-0%" or "0.0M".
    if v == 0.0 || v.abs() <= span.abs() * 1e-9 {
        return match format {
            YFormat::Percent => "0%".to_string(),
            YFormat::Number => "0".to_string(),
        };
    }
    match format {
        YFormat::Percent => {
            let d = decimals_for(span * 100.0);
            format!("{:.*}%", d, v * 100.0)
        }
        YFormat::Number => {
            let magnitude = v.abs().max(span.abs());
            let (div, suffix) = if magnitude >= 1e15 {
                return format!("{v:.2e}");
            } else if magnitude >= 1e12 {
                (1e12, "T")
            } else if magnitude >= 1e9 {
                (1e9, "B")
            } else if magnitude >= 1e6 {
                (1e6, "M")
            } else if magnitude >= 1e4 {
                (1e3, "k")
            } else {
                (1.0, "")
            };
            let d = decimals_for(span / div);
            format!("{:.*}{}", d, v / div, suffix)
        }
    }
}

fn plot_err<E: std::fmt::Display>(file: &str, e: E) -> io::Error {
    io::Error::other(format!("plot {file}: {e}"))
}

/// Chart geometry in pixels (SVG size, margin, axis label areas) and font sizes.
const SVG_W: u32 = 800;
const SVG_H: u32 = 400;
const MARGIN: u32 = 12;
const X_LABEL_AREA: u32 = 45;
const Y_LABEL_AREA: u32 = 78;
const CAPTION_FONT: u32 = 20;
/// Tick labels, axis descriptions and legend entries, in plotters units (the SVG gets 0.81 of this
/// in px: 16 → 13 px; plotters' default, 12, comes out under 10 px).
const LABEL_FONT: u32 = 16;
/// Height plotters gives the caption (measured in its SVG output).
const CAPTION_AREA: u32 = 28;
/// Length of a legend's sample line (the browser check recognizes legend samples by it).
const LEGEND_SAMPLE_W: i32 = 20;
/// Half the height of a fan series' legend sample band, in pixels.
const LEGEND_BAND_HALF: i32 = 5;

/// Size of the plotting area inside the SVG (what is left after the margins, the caption and the axis
/// label areas of [`chart_svg`]).
const PLOT_W: f64 = (SVG_W - 2 * MARGIN - Y_LABEL_AREA) as f64;
const PLOT_H: f64 = (SVG_H - 2 * MARGIN - X_LABEL_AREA - CAPTION_AREA) as f64;

/// Where a chart's legend box goes: the first corner (in this order) that covers no drawn line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LegendAt {
    UpperLeft,
    UpperRight,
    LowerRight,
    LowerLeft,
    UpperMiddle,
    LowerMiddle,
    MiddleRight,
    MiddleLeft,
}

impl LegendAt {
    const ALL: [LegendAt; 8] = [
        LegendAt::UpperLeft,
        LegendAt::UpperRight,
        LegendAt::LowerRight,
        LegendAt::LowerLeft,
        LegendAt::UpperMiddle,
        LegendAt::LowerMiddle,
        LegendAt::MiddleRight,
        LegendAt::MiddleLeft,
    ];

    fn position(self) -> SeriesLabelPosition {
        match self {
            LegendAt::UpperLeft => SeriesLabelPosition::UpperLeft,
            LegendAt::UpperRight => SeriesLabelPosition::UpperRight,
            LegendAt::LowerRight => SeriesLabelPosition::LowerRight,
            LegendAt::LowerLeft => SeriesLabelPosition::LowerLeft,
            LegendAt::UpperMiddle => SeriesLabelPosition::UpperMiddle,
            LegendAt::LowerMiddle => SeriesLabelPosition::LowerMiddle,
            LegendAt::MiddleRight => SeriesLabelPosition::MiddleRight,
            LegendAt::MiddleLeft => SeriesLabelPosition::MiddleLeft,
        }
    }

    /// Whether the plot-area pixel (px from the left, py from the top) lies under a legend box of
    /// `(w, h)` pixels at this position.
    fn covers(self, (px, py): (f64, f64), (w, h): (f64, f64)) -> bool {
        let left = px <= w;
        let right = px >= PLOT_W - w;
        let middle = (px - PLOT_W / 2.0).abs() <= w / 2.0;
        let upper = py <= h;
        let lower = py >= PLOT_H - h;
        let center = (py - PLOT_H / 2.0).abs() <= h / 2.0;
        match self {
            LegendAt::UpperLeft => upper && left,
            LegendAt::UpperRight => upper && right,
            LegendAt::LowerRight => lower && right,
            LegendAt::LowerLeft => lower && left,
            LegendAt::UpperMiddle => upper && middle,
            LegendAt::LowerMiddle => lower && middle,
            LegendAt::MiddleRight => center && right,
            LegendAt::MiddleLeft => center && left,
        }
    }
}

/// Estimated legend box in pixels, with its offset from the plot's edge (plotters sizes the box from
/// the longest label; this errs on the large side).
fn legend_size(chart: &Chart) -> (f64, f64) {
    let chars = chart
        .series
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let font = f64::from(LABEL_FONT);
    (
        42.0 + 0.73 * font * chars,
        21.0 + 1.3 * font * chart.series.len() as f64,
    )
}

/// Vertical spacing, in pixels, of the points sampled inside a fan's band for the legend placement:
/// well under the legend box's height, so no box can sit inside a band between two samples.
const BAND_SAMPLE_PX: f64 = 4.0;

/// The finite runs of a fan's band as (epoch, p5, p95), split where an edge is not finite (clamped
/// like the lines).
fn band_segments(fan: &[FanPoint]) -> Vec<Vec<(f64, f64, f64)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for p in fan {
        if p.epoch.is_finite() && p.p5.is_finite() && p.p95.is_finite() {
            cur.push((clamp_value(p.epoch), clamp_value(p.p5), clamp_value(p.p95)));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The polygons that shade a fan's band: per finite run, along the p95 edge forward and back along
/// the p5 edge.
fn band_polygons(fan: &[FanPoint]) -> Vec<Vec<(f64, f64)>> {
    band_segments(fan)
        .into_iter()
        .map(|seg| {
            let upper = seg.iter().map(|&(x, _, hi)| (x, hi));
            let lower = seg.iter().rev().map(|&(x, lo, _)| (x, lo));
            upper.chain(lower).collect()
        })
        .collect()
}

/// Picks a legend position that hides no part of any line or band; if every position would, raises the
/// top of the y axis so that the band under an upper-left legend is free of data. Returns the position
/// and the (possibly raised) top of the y range.
fn legend_placement(chart: &Chart, (x0, x1): (f64, f64), (y0, y1): (f64, f64)) -> (LegendAt, f64) {
    let size = legend_size(chart);
    let to_px = |(x, y): (f64, f64)| ((x - x0) / (x1 - x0) * PLOT_W, (y1 - y) / (y1 - y0) * PLOT_H);
    // Points along every drawn segment (8 per segment), in plot-area pixels.
    let mut samples = Vec::new();
    // Points filling every band: 8 columns per segment, each sampled top to bottom.
    let column = |x: f64, lo: f64, hi: f64, samples: &mut Vec<(f64, f64)>| {
        let (px, top) = to_px((x, hi));
        let bottom = to_px((x, lo)).1;
        let steps = ((bottom - top).abs() / BAND_SAMPLE_PX).ceil().min(1e4) as u32;
        for k in 0..=steps {
            let t = f64::from(k) / f64::from(steps.max(1));
            samples.push((px, top + (bottom - top) * t));
        }
    };
    for s in &chart.series {
        for seg in s.fan.as_deref().map(band_segments).unwrap_or_default() {
            if let [(x, lo, hi)] = seg.as_slice() {
                column(*x, *lo, *hi, &mut samples);
            }
            for w in seg.windows(2) {
                let ((xa, loa, hia), (xb, lob, hib)) = (w[0], w[1]);
                for k in 0..=8 {
                    let t = f64::from(k) / 8.0;
                    let at = |a: f64, b: f64| a + (b - a) * t;
                    column(at(xa, xb), at(loa, lob), at(hia, hib), &mut samples);
                }
            }
        }
        for run in segments(&s.points) {
            if let [only] = run.as_slice() {
                samples.push(to_px(*only));
            }
            for w in run.windows(2) {
                let (a, b) = (to_px(w[0]), to_px(w[1]));
                for k in 0..=8 {
                    let t = f64::from(k) / 8.0;
                    samples.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
                }
            }
        }
    }
    for at in LegendAt::ALL {
        if !samples.iter().any(|&p| at.covers(p, size)) {
            return (at, y1);
        }
    }
    // Headroom: the data then fills the plot below the legend's band.
    let f = (size.1 / PLOT_H).min(0.5);
    (LegendAt::UpperLeft, (y1 - f * y0) / (1.0 - f))
}

/// Every y value a series draws: its line and, for a fan, both edges of its band.
fn drawn_ys(s: &Series) -> impl Iterator<Item = f64> + '_ {
    let band = s.fan.iter().flatten().flat_map(|p| [p.p5, p.p95]);
    s.points.iter().map(|p| p.1).chain(band)
}

/// Renders one chart to an SVG string (`SVG_W` × `SVG_H`); `x_desc` describes the x axis.
fn chart_svg(chart: &Chart, x_desc: &str) -> io::Result<String> {
    let file = chart.file;
    let (x0, x1) = axis_range(
        chart
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0)),
        0.0,
    );
    let (y0, y1) = axis_range(chart.series.iter().flat_map(drawn_ys), 0.05);
    let (legend_at, y1) = legend_placement(chart, (x0, x1), (y0, y1));
    let y_span = y1 - y0;
    let y_format = chart.y_format;
    let y_fmt = move |v: &f64| format_axis_value(*v, y_span, y_format);
    // Epochs are whole days: label only integer ticks.
    let x_fmt = |v: &f64| {
        if (v - v.round()).abs() < 1e-9 {
            format!("{v:.0}")
        } else {
            String::new()
        }
    };

    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (SVG_W, SVG_H)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| plot_err(file, e))?;
        let mut ctx = ChartBuilder::on(&root)
            .caption(chart.title, ("sans-serif", CAPTION_FONT))
            .margin(MARGIN)
            .x_label_area_size(X_LABEL_AREA)
            .y_label_area_size(Y_LABEL_AREA)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(|e| plot_err(file, e))?;
        ctx.configure_mesh()
            .label_style(("sans-serif", LABEL_FONT))
            .axis_desc_style(("sans-serif", LABEL_FONT))
            .x_desc(x_desc)
            .y_desc(chart.y_desc)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
            .draw()
            .map_err(|e| plot_err(file, e))?;
        // Bands first, so that every p50 line is drawn on top of every band.
        for s in &chart.series {
            let band = s.color.mix(BAND_ALPHA).filled();
            let polygons = s.fan.as_deref().map(band_polygons).unwrap_or_default();
            ctx.draw_series(polygons.into_iter().map(|p| Polygon::new(p, band)))
                .map_err(|e| plot_err(file, e))?;
        }
        for s in &chart.series {
            let style = s.color.stroke_width(2);
            let mut runs = segments(&s.points);
            if runs.is_empty() {
                // Nothing drawable: still register the series so it shows in the legend.
                runs.push(Vec::new());
            }
            for (i, run) in runs.into_iter().enumerate() {
                let anno = ctx
                    .draw_series(LineSeries::new(run, style))
                    .map_err(|e| plot_err(file, e))?;
                if i == 0 {
                    let color = s.color;
                    let anno = anno.label(s.label);
                    if s.fan.is_some() {
                        // The legend sample shows the band behind the line, as the chart does.
                        let band = color.mix(BAND_ALPHA).filled();
                        anno.legend(move |(x, y)| {
                            EmptyElement::at((x, y))
                                + Rectangle::new(
                                    [(0, -LEGEND_BAND_HALF), (LEGEND_SAMPLE_W, LEGEND_BAND_HALF)],
                                    band,
                                )
                                + PathElement::new(
                                    vec![(0, 0), (LEGEND_SAMPLE_W, 0)],
                                    color.stroke_width(2),
                                )
                        });
                    } else {
                        anno.legend(move |(x, y)| {
                            PathElement::new(
                                vec![(x, y), (x + LEGEND_SAMPLE_W, y)],
                                color.stroke_width(2),
                            )
                        });
                    }
                }
            }
        }
        ctx.configure_series_labels()
            .position(legend_at.position())
            .label_font(("sans-serif", LABEL_FONT))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(|e| plot_err(file, e))?;
        root.present().map_err(|e| plot_err(file, e))?;
    }
    Ok(buf)
}

fn render_chart(path: &Path, chart: &Chart, x_desc: &str) -> io::Result<()> {
    let svg = chart_svg(chart, x_desc)?;
    fs::write(path, svg)
}

// ---------------------------------------------------------------------------------------------------
// report.html

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `1234567.891` → `1,234,568`; sensible decimals for smaller values; `n/a` for non-finite.
fn fmt_number(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let a = v.abs();
    if a == 0.0 {
        return "0".to_string();
    }
    if a >= 1e15 || a < 1e-4 {
        return format!("{v:.3e}");
    }
    if a >= 1000.0 {
        return group_thousands(&format!("{:.0}", v));
    }
    if a >= 1.0 {
        return format!("{v:.2}");
    }
    format!("{v:.4}")
}

fn group_thousands(int_text: &str) -> String {
    let (sign, digits) = match int_text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", int_text),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

fn fmt_percent(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let p = v * 100.0;
    if p.abs() >= 1e6 {
        format!("{p:.3e}%")
    } else if p != 0.0 && p.abs() < 0.01 {
        format!("{p:.4}%")
    } else {
        format!("{p:.2}%")
    }
}

enum Kpi {
    Text(fn(&RunSummary) -> &str),
    Int(fn(&RunSummary) -> u32),
    Number(fn(&RunSummary) -> f64),
    Percent(fn(&RunSummary) -> f64),
}

fn kpi_rows() -> Vec<(&'static str, Kpi)> {
    vec![
        ("Scenario", Kpi::Text(|s| &s.scenario)),
        ("Market", Kpi::Text(|s| &s.market)),
        ("Engine", Kpi::Text(|s| &s.engine)),
        ("Seeds", Kpi::Int(|s| s.seeds)),
        ("Epochs (days)", Kpi::Int(|s| s.epochs)),
        (
            "Price volatility (std of daily log change)",
            Kpi::Percent(|s| s.price_volatility),
        ),
        (
            "Mean |price - reference| / reference",
            Kpi::Percent(|s| s.mean_abs_price_deviation),
        ),
        ("Job failure rate", Kpi::Percent(|s| s.job_failure_rate)),
        ("Jobs completed", Kpi::Number(|s| s.jobs_completed)),
        (
            "Provider churn (left / ever active)",
            Kpi::Percent(|s| s.provider_churn),
        ),
        (
            "Mean real yield (revenue / cost - 1)",
            Kpi::Percent(|s| s.mean_real_yield),
        ),
        (
            "Total burned tokens",
            Kpi::Number(|s| s.total_burned_tokens),
        ),
        (
            "Total emitted tokens",
            Kpi::Number(|s| s.total_emitted_tokens),
        ),
        (
            "Total slashed tokens",
            Kpi::Number(|s| s.total_slashed_tokens),
        ),
        ("Mean utilization", Kpi::Percent(|s| s.mean_utilization)),
        (
            "Final active providers",
            Kpi::Number(|s| s.final_active_providers),
        ),
    ]
}

fn kpi_cell(kpi: &Kpi, s: &RunSummary) -> String {
    match kpi {
        Kpi::Text(f) => escape_html(f(s)),
        Kpi::Int(f) => group_thousands(&f(s).to_string()),
        Kpi::Number(f) => fmt_number(f(s)),
        Kpi::Percent(f) => fmt_percent(f(s)),
    }
}

/// Flattens the extra facts into (key, value text) rows: nested objects as dotted keys, scalars verbatim.
fn extra_rows(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    const MAX_ROWS: usize = 1000;
    if out.len() >= MAX_ROWS {
        return;
    }
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                extra_rows(&key, v, out);
            }
        }
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            let parts: Vec<String> = items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            out.push((prefix.to_string(), parts.join(", ")));
        }
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

const CSS: &str = "\
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1000px;\
color:#222;padding:0 1em}\
h1{margin-bottom:.2em}p.desc{color:#444;white-space:pre-wrap;margin-top:0}\
table{border-collapse:collapse;margin:1em 0}\
th,td{border:1px solid #ccc;padding:.35em .8em;text-align:left;vertical-align:top}\
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
th{background:#f2f2f2}tr:nth-child(even) td{background:#fafafa}\
figure{margin:1.5em 0}figcaption{font-weight:bold;margin-bottom:.3em}p.note{margin:.2em 0 .5em;color:#444}\
svg{max-width:100%;height:auto;border:1px solid #eee}\
div.wide{overflow-x:auto}table.seeds{font-size:.9em}\
.footer{color:#777;font-size:.9em;margin-top:2em}";

/// One chart as report.html shows it.
struct Figure {
    /// The SVG file name without `.svg`; the `data-chart` attribute of its `<figure>`.
    name: &'static str,
    title: &'static str,
    note: Option<String>,
    svg: String,
}

/// A KPI value as the tables show it.
fn kpi_value(percent: bool, v: f64) -> String {
    if percent {
        fmt_percent(v)
    } else if v.is_finite() && v.abs() < 100.0 && v.fract() != 0.0 {
        format!("{v:.2}")
    } else {
        fmt_number(v)
    }
}

/// "x% (ties y%)" of a paired-seed comparison, "n/a" without a direction.
fn win_cell(k: &KpiComparison) -> String {
    match (k.amm_better_share, k.better) {
        (Some(w), _) => {
            let ties = k.tie_share.unwrap_or(0.0);
            let dir = if k.better == Better::Lower {
                "lower"
            } else {
                "higher"
            };
            if ties > 0.0 {
                format!("{} ({dir}; ties {})", fmt_share(w), fmt_share(ties))
            } else {
                format!("{} ({dir})", fmt_share(w))
            }
        }
        (None, Better::Neither) => "n/a (no direction)".to_string(),
        (None, _) => "n/a".to_string(),
    }
}

/// A share as a whole percentage, with one decimal below 1% and above 99% (so a share that is not
/// 0% or 100% is never shown as one).
pub fn fmt_share(v: f64) -> String {
    if (v > 0.0 && v < 0.01) || (v > 0.99 && v < 1.0) {
        format!("{:.1}%", v * 100.0)
    } else {
        format!("{:.0}%", v * 100.0)
    }
}

/// The multi-seed KPI table: per KPI and market the mean and p5 / p50 / p95 over seeds, and the share
/// of paired seeds where the AMM is better.
fn seeds_table(h: &mut String, input: &Page, seeds: &SeedSummary) {
    let engine = |r: &RunSummary| escape_html(&r.engine);
    let _ = writeln!(
        h,
        "<p>Scenario <b>{}</b>, {} epochs (days), {} seed(s) (first {}), AMM engine {}, baseline engine {}. \
         The last column is the share of paired seeds (the same seed for both markets: same world, \
         users and providers) in which the AMM's value is strictly better.</p>",
        escape_html(&input.scenario.name),
        input.amm_summary.epochs.max(input.baseline_summary.epochs),
        seeds.seeds.len(),
        seeds.seeds.first().map_or("-".to_string(), |s| s.to_string()),
        engine(&input.amm_summary),
        engine(&input.baseline_summary),
    );
    let _ = writeln!(h, "<div class=\"wide\"><table class=\"kpi seeds\"><thead>");
    let _ = writeln!(
        h,
        "<tr><th rowspan=\"2\">KPI</th><th colspan=\"2\">AMM</th><th colspan=\"2\">Baseline</th>\
         <th rowspan=\"2\">AMM better in (paired seeds)</th></tr>"
    );
    let _ = writeln!(
        h,
        "<tr><th>mean</th><th>p5 / p50 / p95</th><th>mean</th><th>p5 / p50 / p95</th></tr></thead><tbody>"
    );
    for k in &seeds.kpis {
        let percent = KPIS
            .iter()
            .find(|d| d.name == k.kpi)
            .is_some_and(|d| d.percent);
        let spread = |s: &crate::metrics::Spread| {
            format!(
                "{} / {} / {}",
                kpi_value(percent, s.p5),
                kpi_value(percent, s.p50),
                kpi_value(percent, s.p95)
            )
        };
        let _ = writeln!(
            h,
            "<tr data-kpi=\"{}\"><th>{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape_html(&k.kpi),
            escape_html(&k.label),
            kpi_value(percent, k.amm.mean),
            spread(&k.amm),
            kpi_value(percent, k.baseline.mean),
            spread(&k.baseline),
            escape_html(&win_cell(k)),
        );
    }
    let _ = writeln!(h, "</tbody></table></div>");
}

/// Epochs charted for a market: the shortest of its runs (a fan stops where a run stops).
fn epoch_count(runs: &[&[EpochMetrics]]) -> usize {
    runs.iter().map(|r| r.len()).min().unwrap_or(0)
}

fn render_html(input: &Page, figures: &[Figure]) -> String {
    let name = escape_html(&input.scenario.name);
    let description = escape_html(&input.scenario.description);
    let mut h = String::new();
    // Writing to a String cannot fail; the results are ignored deliberately.
    let _ = writeln!(h, "<!DOCTYPE html>");
    let _ = writeln!(h, "<html lang=\"en\"><head><meta charset=\"utf-8\">");
    let _ = writeln!(h, "<title>Compute AMM report: {name}</title>");
    let _ = writeln!(h, "<style>{CSS}</style></head><body>");
    let _ = writeln!(h, "<h1>Compute AMM vs baseline: {name}</h1>");
    let _ = writeln!(h, "<p class=\"desc\">{description}</p>");
    let _ = writeln!(
        h,
        "<p>{} AMM epochs, {} baseline epochs. Data: <code>metrics.csv</code>, <code>summary.json</code>.</p>",
        epoch_count(&input.amm),
        epoch_count(&input.baseline)
    );
    let charted = seed_count(input);
    if charted > 1 {
        let _ = writeln!(
            h,
            "<p>Charts are fan charts over the {charted} seeds: for each epoch, the line is the median \
             (p50) over seeds and the shaded band runs from the 5th to the 95th percentile (p5–p95); \
             cumulative charts take each seed's running total first.</p>"
        );
    }
    if let Some(seeds) = input.seeds {
        let _ = writeln!(
            h,
            "<p>Every KPI below is computed on each seed's own run and then summarized across {} \
             seed(s). Every seed's KPIs: <code>seeds.csv</code>.</p>",
            seeds.seeds.len()
        );
    }

    let _ = writeln!(h, "<h2>Key indicators</h2>");
    match input.seeds {
        Some(seeds) => seeds_table(&mut h, input, seeds),
        None => {
            let _ = writeln!(h, "<table class=\"kpi\"><thead><tr><th>KPI</th><th>AMM</th><th>Baseline</th></tr></thead><tbody>");
            for (label, kpi) in kpi_rows() {
                let class = if matches!(kpi, Kpi::Text(_)) {
                    ""
                } else {
                    " class=\"num\""
                };
                let _ = writeln!(
                    h,
                    "<tr><th>{}</th><td{class}>{}</td><td{class}>{}</td></tr>",
                    escape_html(label),
                    kpi_cell(&kpi, &input.amm_summary),
                    kpi_cell(&kpi, &input.baseline_summary)
                );
            }
            let _ = writeln!(h, "</tbody></table>");
        }
    }

    let _ = writeln!(h, "<h2>Run facts</h2>");
    let mut rows = Vec::new();
    extra_rows("", input.extra, &mut rows);
    if rows.is_empty() || (rows.len() == 1 && rows[0].0.is_empty() && rows[0].1 == "null") {
        let _ = writeln!(h, "<p>None recorded.</p>");
    } else {
        let _ = writeln!(
            h,
            "<table class=\"extra\"><thead><tr><th>Fact</th><th>Value</th></tr></thead><tbody>"
        );
        for (k, v) in rows {
            let key = if k.is_empty() { "value".to_string() } else { k };
            let _ = writeln!(
                h,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape_html(&key),
                escape_html(&v)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }

    let _ = writeln!(h, "<h2>Charts</h2>");
    for fig in figures {
        let _ = writeln!(
            h,
            "<figure data-chart=\"{}\"><figcaption>{}</figcaption>",
            escape_html(fig.name),
            escape_html(fig.title)
        );
        if let Some(note) = &fig.note {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", escape_html(note));
        }
        // Inline SVG: drop any XML prolog so the fragment is valid inside HTML.
        let body = match fig.svg.find("<svg") {
            Some(i) => &fig.svg[i..],
            None => fig.svg.as_str(),
        };
        let _ = writeln!(h, "{body}");
        let _ = writeln!(h, "</figure>");
    }
    let _ = writeln!(
        h,
        "<p class=\"footer\">Generated by compute-amm-sim. Non-finite values are left out of the charts and shown as n/a.</p>"
    );
    let _ = writeln!(h, "</body></html>");
    h
}

// ---------------------------------------------------------------------------------------------------
// compare.html (and compare.md): every scenario × KPI

/// A KPI value as the terminal table and the cross-scenario table (compare.md, compare.html) show it.
pub fn kpi_text(percent: bool, v: f64) -> String {
    if !v.is_finite() {
        "n/a".into()
    } else if percent {
        format!("{:.2}%", v * 100.0)
    } else if v.abs() >= 1_000.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The attacker agents' P&L at the end of each seed's AMM run, protocol tokens, over seeds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttackerPnl {
    pub mean: f64,
    /// The value at rank ⌊n / 20⌋ of the ascending per-seed values (not interpolated: what
    /// compare.md has always shown).
    pub p5: f64,
    pub max: f64,
}

impl AttackerPnl {
    /// From every seed's AMM epochs: each run's last `attacker_pnl_tokens` (a running total).
    pub fn of_runs(runs: &[Vec<EpochMetrics>]) -> AttackerPnl {
        let mut pnl: Vec<f64> = runs
            .iter()
            .filter_map(|r| r.last().map(|m| m.attacker_pnl_tokens))
            .collect();
        pnl.sort_by(f64::total_cmp);
        AttackerPnl {
            mean: pnl.iter().sum::<f64>() / pnl.len().max(1) as f64,
            p5: pnl.get(pnl.len() / 20).copied().unwrap_or(f64::NAN),
            max: pnl.last().copied().unwrap_or(f64::NAN),
        }
    }
}

/// One scenario of the cross-scenario comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    pub scenario: String,
    /// Every KPI over seeds for both markets ([`SeedSummary::kpis`]).
    pub kpis: Vec<KpiComparison>,
    /// With attacker agents on: their final P&L (an extra column).
    pub attacker_pnl: Option<AttackerPnl>,
}

/// The `compare` command's table: every scenario × every KPI with a direction.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareTable {
    /// Seeds per scenario, and the first of them.
    pub seeds: u32,
    pub first_seed: u64,
    pub rows: Vec<CompareRow>,
}

/// Header of the attacker P&L column.
const ATTACKER_COLUMN: &str = "attacker P&L, tokens: mean [p5, max]";

/// One cell: both means and the share of paired seeds where the AMM is better.
struct CompareCell {
    amm: String,
    naive: String,
    share: Option<f64>,
}

impl CompareCell {
    /// `3.61% | 5.11% (81%)`; `sep` is the separator between the two means.
    fn text(&self, sep: &str) -> String {
        let share = self.share.map_or_else(|| "n/a".to_string(), fmt_share);
        format!("{} {sep} {} ({share})", self.amm, self.naive)
    }

    /// `better` when the AMM wins in more than half of the paired seeds, `worse` in fewer than half;
    /// none at exactly half or without a comparison.
    fn class(&self) -> Option<&'static str> {
        match self.share {
            Some(w) if w > 0.5 => Some("better"),
            Some(w) if w < 0.5 => Some("worse"),
            _ => None,
        }
    }
}

impl CompareTable {
    /// The columns: every KPI with a direction, in the order of [`KPIS`] (the same for every scenario,
    /// whatever its values).
    fn columns() -> impl Iterator<Item = &'static crate::metrics::Kpi> {
        KPIS.iter().filter(|k| k.better != Better::Neither)
    }

    fn has_attackers(&self) -> bool {
        self.rows.iter().any(|r| r.attacker_pnl.is_some())
    }

    fn cell(row: &CompareRow, kpi: &crate::metrics::Kpi) -> CompareCell {
        match row.kpis.iter().find(|k| k.kpi == kpi.name) {
            Some(k) => CompareCell {
                amm: kpi_text(kpi.percent, k.amm.mean),
                naive: kpi_text(kpi.percent, k.baseline.mean),
                share: k.amm_better_share,
            },
            None => CompareCell {
                amm: "n/a".into(),
                naive: "n/a".into(),
                share: None,
            },
        }
    }

    fn attacker_cell(row: &CompareRow) -> String {
        row.attacker_pnl.map_or_else(
            || "n/a".to_string(),
            |p| format!("{:.0} [{:.0}, {:.0}]", p.mean, p.p5, p.max),
        )
    }

    /// The table as Markdown (compare.md): `|` inside a label or cell is escaped so the columns hold.
    pub fn markdown(&self) -> String {
        let esc = |s: &str| s.replace('|', "\\|");
        let mut header: Vec<String> = Self::columns().map(|k| esc(k.label)).collect();
        if self.has_attackers() {
            header.push(ATTACKER_COLUMN.into());
        }
        let mut md = format!(
            "| scenario | {} |\n|---|{}\n",
            header.join(" | "),
            "---|".repeat(header.len())
        );
        for row in &self.rows {
            let mut cells = vec![esc(&row.scenario)];
            cells.extend(Self::columns().map(|k| Self::cell(row, k).text("\\|")));
            if self.has_attackers() {
                cells.push(Self::attacker_cell(row));
            }
            let _ = writeln!(md, "| {} |", cells.join(" | "));
        }
        md
    }

    /// The self-contained page (compare.html): the same cells as [`CompareTable::markdown`], green
    /// where the AMM is better in more than half of the paired seeds, red in fewer than half.
    pub fn html(&self) -> String {
        let mut h = String::new();
        let _ = writeln!(h, "<!DOCTYPE html>");
        let _ = writeln!(h, "<html lang=\"en\"><head><meta charset=\"utf-8\">");
        let _ = writeln!(h, "<title>Compute AMM vs baseline: every scenario</title>");
        let _ = writeln!(h, "<style>{CSS}{COMPARE_CSS}</style></head><body>");
        let _ = writeln!(h, "<h1>Compute AMM vs baseline: every scenario</h1>");
        let _ = writeln!(
            h,
            "<p>{} scenario(s) × {} seed(s) (model engine, seeds from {}). Each cell: AMM mean | naive \
             baseline mean over seeds, and in brackets the share of paired seeds (the same seed for both \
             markets: same world, users and providers) in which the AMM's value is strictly better. \
             <span class=\"better\">Green</span>: the AMM is better in more than half of the paired \
             seeds; <span class=\"worse\">red</span>: in fewer than half. Data: <code>compare.csv</code> \
             (with p5 / p95), <code>compare.md</code>.</p>",
            self.rows.len(),
            self.seeds,
            self.first_seed
        );
        let _ = writeln!(
            h,
            "<div class=\"wide\"><table class=\"compare\"><thead><tr><th>Scenario</th>"
        );
        for k in Self::columns() {
            let dir = if k.better == Better::Lower {
                "lower is better"
            } else {
                "higher is better"
            };
            let _ = write!(
                h,
                "<th data-kpi=\"{}\">{}<br><small>{dir}</small></th>",
                escape_html(k.name),
                escape_html(k.label)
            );
        }
        if self.has_attackers() {
            let _ = write!(h, "<th>{}</th>", escape_html(ATTACKER_COLUMN));
        }
        let _ = writeln!(h, "</tr></thead><tbody>");
        for row in &self.rows {
            let name = escape_html(&row.scenario);
            let _ = write!(h, "<tr data-scenario=\"{name}\"><th>{name}</th>");
            for k in Self::columns() {
                let cell = Self::cell(row, k);
                let class = cell.class().map_or(String::new(), |c| format!(" {c}"));
                let _ = write!(
                    h,
                    "<td class=\"num{class}\" data-kpi=\"{}\">{}</td>",
                    escape_html(k.name),
                    escape_html(&cell.text("|"))
                );
            }
            if self.has_attackers() {
                let _ = write!(
                    h,
                    "<td class=\"num\">{}</td>",
                    escape_html(&Self::attacker_cell(row))
                );
            }
            let _ = writeln!(h, "</tr>");
        }
        let _ = writeln!(h, "</tbody></table></div>");
        let _ = writeln!(
            h,
            "<p class=\"footer\">Generated by compute-amm-sim compare. Every KPI is computed on each \
             seed's own run, then summarized across seeds.</p>"
        );
        let _ = writeln!(h, "</body></html>");
        h
    }
}

/// Cell colours of compare.html (after [`CSS`]; specific enough to win over its striped rows), and a
/// wider page: eight KPI columns do not fit the report's 1000 px.
const COMPARE_CSS: &str = "\
body{max-width:1600px}table.compare{font-size:.9em}\
table.compare th small{font-weight:normal;color:#555}\
table.compare td.better,span.better{background:#d4edda}\
table.compare td.worse,span.worse{background:#f8d7da}";

/// Writes `compare.html` (see [`CompareTable::html`]) into `out_dir` (created if missing) and returns
/// its path.
pub fn write_compare_page(out_dir: &Path, table: &CompareTable) -> io::Result<PathBuf> {
    fs::create_dir_all(out_dir)?;
    let path = out_dir.join("compare.html");
    fs::write(&path, table.html())
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_never_degenerate() {
        assert_eq!(axis_range([].into_iter(), 0.05), (0.0, 1.0));
        assert_eq!(axis_range([3.0, 3.0].into_iter(), 0.05), (2.0, 4.0));
        assert_eq!(
            axis_range([f64::NAN, f64::INFINITY].into_iter(), 0.05),
            (0.0, 1.0)
        );
        let (lo, hi) = axis_range([1.0, f64::NAN, 2.0].into_iter(), 0.05);
        assert!(lo < 1.0 && hi > 2.0);
        let (lo, hi) = axis_range([f64::MAX, -f64::MAX].into_iter(), 0.05);
        assert!(lo.is_finite() && hi.is_finite() && lo < hi);
    }

    #[test]
    fn segments_split_at_nan() {
        let s = segments(&[(0.0, 1.0), (1.0, f64::NAN), (2.0, 2.0), (3.0, 3.0)]);
        assert_eq!(s, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
    }

    #[test]
    fn formats() {
        assert_eq!(escape_html("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(fmt_number(1234567.4), "1,234,567");
        assert_eq!(fmt_number(-1234.0), "-1,234");
        assert_eq!(fmt_number(f64::NAN), "n/a");
        assert_eq!(fmt_percent(0.1234), "12.34%");
        assert_eq!(fmt_share(0.005), "0.5%");
        assert_eq!(fmt_share(0.995), "99.5%");
        assert_eq!(
            (fmt_share(0.0), fmt_share(1.0), fmt_share(0.526)),
            ("0%".into(), "100%".into(), "53%".into())
        );
        // Zero ticks: no "-0%" from -1e-17, no "0.0M" or "0k".
        assert_eq!(format_axis_value(-1e-17, 0.45, YFormat::Percent), "0%");
        assert_eq!(format_axis_value(0.0, 1.4e6, YFormat::Number), "0");
        assert_eq!(format_axis_value(2e5, 1.4e6, YFormat::Number), "0.2M");
        assert_eq!(format_axis_value(-0.05, 0.45, YFormat::Percent), "-5%");
    }

    #[test]
    fn seeds_report_shows_spread_and_paired_win_share() {
        let sc = Scenario::from_toml(include_str!("../../../scenarios/baseline.toml")).unwrap();
        let run = |fr: (u32, u32)| {
            vec![EpochMetrics {
                price_usd: 2.0,
                reference_usd: 2.0,
                jobs_completed: fr.0,
                jobs_failed: fr.1,
                active_providers: 3,
                ..Default::default()
            }]
        };
        // AMM failure rates 1/10, 3/10; baseline 2/10, 2/10: AMM better in seed 1 of 2
        let amm = vec![run((9, 1)), run((7, 3))];
        let base = vec![run((8, 2)), run((8, 2))];
        let summary = SeedSummary::of_runs(&sc.name, "model", 30, &[4, 5], &amm, &base);
        let extra = serde_json::json!({"note": "x"});
        let dir = std::env::temp_dir().join(format!("seeds-report-{}", std::process::id()));
        let files = write_seeds_report(
            &dir,
            &SeedsReportInput {
                scenario: &sc,
                amm_engine: "model",
                amm_runs: &amm,
                baseline_runs: &base,
                summary: &summary,
                extra: &extra,
            },
        )
        .unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&files.summary_json).unwrap()).unwrap();
        let fr = json["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kpi"] == "job_failure_rate")
            .unwrap()
            .clone();
        // mean (0.1 + 0.3) / 2 = 0.2; p95 = 0.1 + 0.95 x 0.2 = 0.29
        assert!((fr["amm"]["mean"].as_f64().unwrap() - 0.2).abs() < 1e-12);
        assert!((fr["amm"]["p95"].as_f64().unwrap() - 0.29).abs() < 1e-12);
        assert_eq!(fr["amm_better_share"], 0.5);
        assert!((json["amm"]["job_failure_rate"].as_f64().unwrap() - 0.2).abs() < 1e-12);
        assert_eq!(json["seeds"], serde_json::json!([4, 5]));
        let html = fs::read_to_string(&files.html).unwrap();
        assert!(html.contains("<tr data-kpi=\"job_failure_rate\"><th>Job failure rate</th><td class=\"num\">20.00%</td><td class=\"num\">11.00% / 20.00% / 29.00%</td>"), "{html}");
        assert!(html.contains("50% (lower)"));
        // metrics.csv: every seed's epochs; seeds.csv: every seed's KPIs
        let csv = fs::read_to_string(&files.metrics_csv).unwrap();
        assert!(csv.starts_with("market,seed,epoch,"));
        assert_eq!(csv.lines().count(), 1 + 4);
        let seeds = fs::read_to_string(files.seeds_csv.as_ref().unwrap()).unwrap();
        assert!(seeds.starts_with("seed,scenario,market,"));
        assert_eq!(seeds.lines().count(), 1 + 4);
        assert!(seeds.lines().nth(2).unwrap().starts_with("5,baseline,amm,"));
        let _ = fs::remove_dir_all(&dir);
    }

    fn line_chart(points: Vec<(f64, f64)>) -> Chart {
        Chart {
            file: "t.svg",
            title: "t",
            note: None,
            y_desc: "y",
            y_format: YFormat::Number,
            series: vec![Series {
                label: "a series label",
                color: AMM_COLOR,
                points,
                fan: None,
            }],
        }
    }

    #[test]
    fn legend_goes_where_no_line_is() {
        // Rising line: upper left is free.
        let rising = line_chart((0..30).map(|i| (f64::from(i), f64::from(i))).collect());
        assert_eq!(
            legend_placement(&rising, (0.0, 29.0), (0.0, 29.0)),
            (LegendAt::UpperLeft, 29.0)
        );
        // Falling line: upper left is taken, upper right is free.
        let falling = line_chart((0..30).map(|i| (f64::from(i), f64::from(29 - i))).collect());
        assert_eq!(
            legend_placement(&falling, (0.0, 29.0), (0.0, 29.0)),
            (LegendAt::UpperRight, 29.0)
        );
        // A zigzag through every position: the y axis is raised so the legend's band holds no data.
        let zigzag = line_chart(
            (0..30)
                .map(|i| (f64::from(i), if i % 2 == 0 { 0.0 } else { 1.0 }))
                .collect(),
        );
        let (at, top) = legend_placement(&zigzag, (0.0, 29.0), (0.0, 1.0));
        assert_eq!(at, LegendAt::UpperLeft);
        let band = legend_size(&zigzag).1 / PLOT_H;
        assert!(
            top > 1.0 && ((top - 1.0) / top - band).abs() < 1e-9,
            "top {top}"
        );
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    fn run(values: &[f64]) -> Vec<EpochMetrics> {
        values
            .iter()
            .enumerate()
            .map(|(e, &v)| EpochMetrics {
                epoch: e as u32,
                price_usd: v,
                emitted_tokens: v,
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn fan_path_takes_quantiles_over_seeds_per_epoch() {
        // epoch 0: 1, 3, 2 -> sorted 1, 2, 3: p5 at rank 2 x 0.05 = 0.1 -> 1.1; p50 2;
        //   p95 at rank 1.9 -> 2 + 0.9 x 1 = 2.9
        // epoch 1: 10, NaN, 30 -> the NaN is left out: p5 10 + 0.05 x 20 = 11; p50 20; p95 29
        // epoch 2 exists in the first run only: the shorter runs end the fan
        let runs = vec![
            run(&[1.0, 10.0, 99.0]),
            run(&[3.0, f64::NAN]),
            run(&[2.0, 30.0]),
        ];
        let fan = fan_path(&runs, |m| m.price_usd);
        assert_eq!(fan.len(), 2);
        let p = fan[0];
        assert!(close(p.epoch, 0.0) && close(p.p5, 1.1) && close(p.p50, 2.0) && close(p.p95, 2.9));
        let p = fan[1];
        assert!(
            close(p.epoch, 1.0) && close(p.p5, 11.0) && close(p.p50, 20.0) && close(p.p95, 29.0)
        );
        // an epoch with no finite value is NaN (a gap in the chart), no seed is an empty fan
        let fan = fan_path(&[run(&[f64::NAN]), run(&[f64::INFINITY])], |m| m.price_usd);
        assert!(fan[0].p5.is_nan() && fan[0].p50.is_nan() && fan[0].p95.is_nan());
        assert!(fan_path::<Vec<EpochMetrics>>(&[], |m| m.price_usd).is_empty());
    }

    #[test]
    fn cumulative_fans_take_each_seeds_running_total_first() {
        // emitted per epoch: A 0, 0; B 1, 10; C 2, 1 -> running totals at epoch 1: 0, 11, 3;
        // sorted 0, 3, 11: p5 0.3, p50 3, p95 3 + 0.9 x 8 = 10.2 (summing the per-epoch p50s would
        // give 1 + 1 = 2)
        let runs = [run(&[0.0, 0.0]), run(&[1.0, 10.0]), run(&[2.0, 1.0])];
        let runs: Vec<&[EpochMetrics]> = runs.iter().map(Vec::as_slice).collect();
        let s = series(
            "x",
            AMM_COLOR,
            &runs,
            Value::Cumulative(|m| m.emitted_tokens),
        );
        let fan = s.fan.as_ref().expect("several seeds: a fan");
        assert!(close(fan[1].p5, 0.3) && close(fan[1].p50, 3.0) && close(fan[1].p95, 10.2));
        // the line is the p50
        assert_eq!(s.points, vec![(0.0, 1.0), (1.0, 3.0)]);
        // one seed: its own running total, no band
        let one = series(
            "x",
            AMM_COLOR,
            &runs[1..2],
            Value::Cumulative(|m| m.emitted_tokens),
        );
        assert_eq!((one.points, one.fan), (vec![(0.0, 1.0), (1.0, 11.0)], None));
    }

    #[test]
    fn band_polygon_goes_along_p95_and_back_along_p5() {
        let p = |epoch: f64, p5: f64, p95: f64| FanPoint {
            epoch,
            p5,
            p50: (p5 + p95) / 2.0,
            p95,
        };
        // a NaN epoch splits the band in two
        let fan = [
            p(0.0, 1.0, 3.0),
            p(1.0, f64::NAN, 2.0),
            p(2.0, 4.0, 6.0),
            p(3.0, 5.0, 7.0),
        ];
        assert_eq!(
            band_polygons(&fan),
            vec![
                vec![(0.0, 3.0), (0.0, 1.0)],
                vec![(2.0, 6.0), (3.0, 7.0), (3.0, 5.0), (2.0, 4.0)],
            ]
        );
    }

    #[test]
    fn legend_goes_where_no_band_is() {
        // The p50 line lies along the bottom (the lower corners are taken); the band reaches the top
        // over the first half of the epochs only: the upper left is covered, the upper right is free.
        let fan: Vec<FanPoint> = (0..30)
            .map(|i| FanPoint {
                epoch: f64::from(i),
                p5: 0.0,
                p50: 0.02,
                p95: if i < 15 { 1.0 } else { 0.1 },
            })
            .collect();
        let mut chart = line_chart(fan.iter().map(|p| (p.epoch, p.p50)).collect());
        assert_eq!(
            legend_placement(&chart, (0.0, 29.0), (0.0, 1.0)).0,
            LegendAt::UpperLeft,
            "the line alone leaves the upper left free"
        );
        chart.series[0].fan = Some(fan);
        assert_eq!(
            legend_placement(&chart, (0.0, 29.0), (0.0, 1.0)),
            (LegendAt::UpperRight, 1.0)
        );
    }

    #[test]
    fn a_fan_chart_draws_a_band_under_its_line() {
        let runs = [run(&[1.0, 2.0, 3.0]), run(&[2.0, 4.0, 6.0])];
        let runs: Vec<&[EpochMetrics]> = runs.iter().map(Vec::as_slice).collect();
        let mut chart = line_chart(Vec::new());
        chart.series = vec![series(
            "AMM",
            AMM_COLOR,
            &runs,
            Value::Epoch(|m| m.price_usd),
        )];
        let svg = chart_svg(&chart, &x_axis_desc(2)).unwrap();
        // one band polygon for the data, one legend sample rect; the band precedes the line
        assert_eq!(svg.matches("<polygon").count(), 1, "{svg}");
        let band = svg.find("<polygon").unwrap();
        let line = svg.find("stroke=\"#1F77B4\"").unwrap();
        assert!(band < line, "{svg}");
        assert!(svg[band..].starts_with("<polygon opacity=\"0.18\" fill=\"#1F77B4\""));
        assert!(svg.contains("band: p5-p95 over 2 seeds"));
        // one run: a plain line, no band
        chart.series = vec![series(
            "AMM",
            AMM_COLOR,
            &runs[..1],
            Value::Epoch(|m| m.price_usd),
        )];
        let svg = chart_svg(&chart, &x_axis_desc(1)).unwrap();
        assert_eq!(svg.matches("<polygon").count(), 0);
        assert!(!svg.contains("p5-p95"));
    }

    #[test]
    fn coinciding_series_are_named_in_a_note() {
        let runs = [run(&[1.0, 2.0])];
        let runs: Vec<&[EpochMetrics]> = runs.iter().map(Vec::as_slice).collect();
        let other = [run(&[1.0, 3.0])];
        let other: Vec<&[EpochMetrics]> = other.iter().map(Vec::as_slice).collect();
        let price = Value::Epoch(|m| m.price_usd);
        let mut chart = line_chart(Vec::new());
        chart.series = vec![
            series("A", AMM_COLOR, &runs, price),
            series("B", BASELINE_COLOR, &other, price),
            series("C", REFERENCE_COLOR, &runs, price),
        ];
        assert_eq!(
            coinciding_note(&chart).as_deref(),
            Some("A and C are equal at every epoch: the line drawn last (C) hides the others.")
        );
        chart.series[1] = series("B", BASELINE_COLOR, &runs, price);
        assert_eq!(
            coinciding_note(&chart).as_deref(),
            Some("A, B and C are equal at every epoch: the line drawn last (C) hides the others.")
        );
        chart.series.truncate(1);
        assert_eq!(coinciding_note(&chart), None);
    }

    #[test]
    fn the_report_has_every_required_chart() {
        let amm = [run(&[1.0, 2.0])];
        let amm: Vec<&[EpochMetrics]> = amm.iter().map(Vec::as_slice).collect();
        let all = charts(&amm, &amm);
        let files: Vec<&str> = all.iter().map(|c| c.file).collect();
        for want in [
            "unmet_demand.svg",
            "token_price.svg",
            "revenue_split_amm.svg",
            "revenue_split_baseline.svg",
            "collateral_coverage.svg",
            "lp_share_value.svg",
            "arb_pnl.svg",
            "tokens_emitted.svg",
            "tokens_burned.svg",
            "job_outcomes_amm.svg",
            "job_outcomes_baseline.svg",
        ] {
            assert!(files.contains(&want), "{want} missing: {files:?}");
        }
        let labels = |file: &str| -> Vec<&str> {
            let c = all.iter().find(|c| c.file == file).unwrap();
            c.series.iter().map(|s| s.label).collect()
        };
        assert_eq!(
            labels("revenue_split_baseline.svg"),
            ["Jobs", "Emissions", "Credit sales"]
        );
        assert_eq!(
            labels("job_outcomes_amm.svg"),
            ["Refused", "Abandoned", "Cheated"]
        );
        assert_eq!(labels("token_price.svg"), ["AMM", "Baseline"]);
        // no two charts share a file, no chart repeats a colour (the browser check tells series
        // apart by colour)
        let mut unique = files.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), files.len());
        for c in &all {
            for (i, a) in c.series.iter().enumerate() {
                assert!(
                    c.series[..i].iter().all(|b| b.color != a.color),
                    "{}: {} repeats a colour",
                    c.file,
                    a.label
                );
            }
        }
    }

    fn kpi(name: &str, amm: f64, naive: f64, share: Option<f64>) -> KpiComparison {
        let d = KPIS.iter().find(|k| k.name == name).unwrap();
        let spread = |mean| crate::metrics::Spread {
            mean,
            ..Default::default()
        };
        KpiComparison {
            kpi: name.into(),
            label: d.label.into(),
            better: d.better,
            amm: spread(amm),
            baseline: spread(naive),
            amm_better_share: share,
            tie_share: Some(0.0),
            pairs: 200,
        }
    }

    fn compare_table(attackers: bool) -> CompareTable {
        let row = |name: &str, fr: (f64, f64, f64), jobs: (f64, f64, f64)| CompareRow {
            scenario: name.into(),
            kpis: vec![
                kpi("job_failure_rate", fr.0, fr.1, Some(fr.2)),
                kpi("jobs_completed", jobs.0, jobs.1, Some(jobs.2)),
                kpi("total_burned_tokens", 5.0, 6.0, None),
            ],
            attacker_pnl: attackers.then_some(AttackerPnl {
                mean: -12.4,
                p5: -30.0,
                max: 2.6,
            }),
        };
        CompareTable {
            seeds: 200,
            first_seed: 1,
            rows: vec![
                row("baseline", (0.0361, 0.0511, 0.81), (6744.0, 7138.0, 0.25)),
                row("crash <&>", (0.05, 0.05, 0.5), (1.5, 2.0, 0.005)),
            ],
        }
    }

    #[test]
    fn compare_page_shows_the_compare_md_cells_coloured_by_win_share() {
        let table = compare_table(false);
        let html = table.html();
        // 81% of paired seeds better: green; 25%: red; exactly 50%: no colour
        assert!(
            html.contains(
                "<td class=\"num better\" data-kpi=\"job_failure_rate\">3.61% | 5.11% (81%)</td>"
            ),
            "{html}"
        );
        assert!(html.contains(
            "<td class=\"num worse\" data-kpi=\"jobs_completed\">6744 | 7138 (25%)</td>"
        ));
        assert!(html
            .contains("<td class=\"num\" data-kpi=\"job_failure_rate\">5.00% | 5.00% (50%)</td>"));
        assert!(html.contains(
            "<td class=\"num worse\" data-kpi=\"jobs_completed\">1.50 | 2.00 (0.5%)</td>"
        ));
        // a KPI with no result for the scenario is n/a, uncoloured; no direction: no column
        assert!(
            html.contains("<td class=\"num\" data-kpi=\"price_volatility\">n/a | n/a (n/a)</td>")
        );
        assert!(!html.contains("data-kpi=\"total_burned_tokens\""));
        assert!(html.contains("<th>crash &lt;&amp;&gt;</th>"));
        assert!(html.contains("2 scenario(s) × 200 seed(s)"));
        assert!(!html.contains("<script") && !html.contains("attacker P&amp;L"));
        // the same cells as compare.md, where the separator is escaped
        let md = table.markdown();
        assert!(md.contains("| baseline | n/a \\| n/a (n/a) | n/a \\| n/a (n/a) | 3.61% \\| 5.11% (81%) | 6744 \\| 7138 (25%) |"), "{md}");
        // a label holding '|' does not split its column: one more '|' per line than columns
        let header = md.lines().next().unwrap();
        let columns = CompareTable::columns().count() + 1;
        assert_eq!(header.replace("\\|", "").matches('|').count(), columns + 1);
        assert!(header.contains("Mean \\|price - reference\\| / reference"));
    }

    #[test]
    fn compare_page_has_the_attacker_column_and_is_written() {
        let table = compare_table(true);
        let md = table.markdown();
        assert!(md
            .lines()
            .next()
            .unwrap()
            .ends_with("| attacker P&L, tokens: mean [p5, max] |"));
        assert!(md.contains("| -12 [-30, 3] |"));
        let dir = std::env::temp_dir().join(format!("compare-page-{}", std::process::id()));
        let path = write_compare_page(&dir, &table).unwrap();
        assert_eq!(path, dir.join("compare.html"));
        let html = fs::read_to_string(&path).unwrap();
        assert!(html.contains("<th>attacker P&amp;L, tokens: mean [p5, max]</th>"));
        assert!(html.contains("<td class=\"num\">-12 [-30, 3]</td>"));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn attacker_pnl_reads_each_seeds_last_epoch() {
        // final P&L per seed 4, -2, 10 (earlier epochs ignored): mean 4, rank 3 / 20 = 0 -> -2, max 10
        let seed = |first: f64, last: f64| {
            vec![
                EpochMetrics {
                    attacker_pnl_tokens: first,
                    ..Default::default()
                },
                EpochMetrics {
                    attacker_pnl_tokens: last,
                    ..Default::default()
                },
            ]
        };
        let p = AttackerPnl::of_runs(&[seed(100.0, 4.0), seed(0.0, -2.0), seed(-50.0, 10.0)]);
        assert_eq!(
            p,
            AttackerPnl {
                mean: 4.0,
                p5: -2.0,
                max: 10.0
            }
        );
    }
}

/// A heat map of `values[y][x]` over a two-parameter grid (`sweep` with two `--param`s): one cell
/// per combination, shaded from the lowest value (light) to the highest (dark blue), its value
/// printed in it. Non-finite cells stay grey.
pub fn write_heatmap(
    path: &Path,
    title: &str,
    x_name: &str,
    xs: &[String],
    y_name: &str,
    ys: &[String],
    values: &[Vec<f64>],
    percent: bool,
) -> io::Result<()> {
    let file = path
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or("heatmap.svg")
        .to_string();
    let finite: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (SVG_W, SVG_H)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| plot_err(&file, e))?;
        let mut ctx = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", CAPTION_FONT))
            .margin(MARGIN)
            .x_label_area_size(X_LABEL_AREA)
            .y_label_area_size(Y_LABEL_AREA)
            .build_cartesian_2d(0.0..xs.len() as f64, 0.0..ys.len() as f64)
            .map_err(|e| plot_err(&file, e))?;
        let label = |names: &[String], v: f64| {
            let i = v.floor() as usize;
            if (v - v.floor() - 0.5).abs() < 1e-9 {
                names.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        ctx.configure_mesh()
            .disable_mesh()
            .label_style(("sans-serif", LABEL_FONT))
            .axis_desc_style(("sans-serif", LABEL_FONT))
            .x_desc(x_name)
            .y_desc(y_name)
            .x_labels(xs.len() * 2 + 1)
            .y_labels(ys.len() * 2 + 1)
            .x_label_formatter(&|v| label(xs, *v))
            .y_label_formatter(&|v| label(ys, *v))
            .draw()
            .map_err(|e| plot_err(&file, e))?;
        for (yi, row) in values.iter().enumerate() {
            for (xi, &v) in row.iter().enumerate() {
                let t = if v.is_finite() && hi > lo {
                    (v - lo) / (hi - lo)
                } else {
                    0.5
                };
                let color = if v.is_finite() {
                    let shade = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
                    RGBColor(shade(230.0, 31.0), shade(240.0, 119.0), shade(250.0, 180.0))
                } else {
                    RGBColor(0xcc, 0xcc, 0xcc)
                };
                let (x, y) = (xi as f64, yi as f64);
                ctx.draw_series(std::iter::once(Rectangle::new(
                    [(x, y), (x + 1.0, y + 1.0)],
                    color.filled(),
                )))
                .map_err(|e| plot_err(&file, e))?;
                let text = if !v.is_finite() {
                    "n/a".to_string()
                } else if percent {
                    format!("{:.2}%", v * 100.0)
                } else {
                    format!("{v:.3}")
                };
                let ink = if t > 0.55 { WHITE } else { BLACK };
                ctx.draw_series(std::iter::once(Text::new(
                    text,
                    (x + 0.35, y + 0.5),
                    ("sans-serif", LABEL_FONT).into_font().color(&ink),
                )))
                .map_err(|e| plot_err(&file, e))?;
            }
        }
        root.present().map_err(|e| plot_err(&file, e))?;
    }
    std::fs::write(path, buf)
}
