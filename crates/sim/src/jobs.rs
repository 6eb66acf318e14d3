//! The model engine's multi-seed commands (`simulate --engine model --seeds N`, `sweep`, `compare`):
//! what each one runs and what it writes.
//!
//! A job is a list of **units** (one scenario each: the scenario of `simulate`, one grid point of
//! `sweep`, one scenario file of `compare`), every unit run over the same seed list
//! ([`Job::seeds`]). Its work items are the (unit, seed) pairs in that order, unit by unit, seed by
//! seed: item `i = unit × seeds + seed index`. What a job writes is a function of each unit's
//! [`SeedRuns`] alone (built in seed order), so the unsharded commands and `merge` (which rebuilds
//! the same [`SeedRuns`] from shard files, see [`crate::shard`]) call the same writers here and
//! write the same files.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::metrics::{SeedSummary, KPIS};
use crate::report::{
    write_compare_page, write_heatmap, write_seeds_report, AttackerPnl, CompareRow, CompareTable,
    ReportFiles, SeedsReportInput,
};
use crate::runner::SeedRuns;
use crate::scenario::Scenario;

/// The first seed of every `sweep` grid point (`sweep` has no `--seed`).
pub const SWEEP_FIRST_SEED: u64 = 1;

/// A multi-seed command and the arguments that shape its output (the scenarios themselves are the
/// job's [`Unit`]s).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Job {
    /// `simulate --engine model --seeds N --seed S`: one unit, the scenario after `--days` and the
    /// attacker flags.
    Simulate { first_seed: u64, seeds: u32 },
    /// `sweep --param ... --seeds N`: one unit per grid point, in grid order (the last `--param`
    /// varies fastest), seeds from [`SWEEP_FIRST_SEED`].
    Sweep { params: Vec<String>, seeds: u32 },
    /// `compare --seeds N --seed S`: one unit per scenario file, in file-name order; `attackers`:
    /// whether any attacker flag was given (the attacker P&L column).
    Compare {
        first_seed: u64,
        seeds: u32,
        attackers: bool,
    },
}

impl Job {
    /// The command's name.
    pub fn command(&self) -> &'static str {
        match self {
            Job::Simulate { .. } => "simulate",
            Job::Sweep { .. } => "sweep",
            Job::Compare { .. } => "compare",
        }
    }

    /// The seeds every unit runs, in order.
    pub fn seeds(&self) -> Vec<u64> {
        let (first, n) = match self {
            Job::Simulate { first_seed, seeds }
            | Job::Compare {
                first_seed, seeds, ..
            } => (*first_seed, *seeds),
            Job::Sweep { seeds, .. } => (SWEEP_FIRST_SEED, *seeds),
        };
        (0..u64::from(n)).map(|k| first + k).collect()
    }
}

/// One scenario of a job. `label`: the scenario's name (`simulate`), the grid point's values joined
/// with `;` (`sweep`), the scenario file's name (`compare`).
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub label: String,
    pub scenario: Scenario,
}

// ---------------------------------------------------------------------------------------------------
// simulate

/// `summary.json`'s `extra` for a model-engine run before [`write_simulate`] adds `seeds`,
/// `first_seed` and `wall_seconds`: the engine and the model actions over all seeds.
pub fn model_extra(runs: &SeedRuns) -> serde_json::Map<String, serde_json::Value> {
    let mut extra = serde_json::Map::new();
    extra.insert("engine".into(), serde_json::json!("model"));
    extra.insert("model_actions".into(), serde_json::json!(runs.actions));
    extra
}

/// What `simulate` wrote: the cross-seed summary, the `extra` facts as stored, and the files.
pub struct Simulated {
    pub summary: SeedSummary,
    pub extra: serde_json::Value,
    pub files: ReportFiles,
}

/// The seeds report of `simulate` (metrics.csv, seeds.csv, summary.json, charts, report.html):
/// `extra` gains `seeds`, `first_seed` and `wall_seconds` (the only wall-clock field).
pub fn write_simulate(
    out: &Path,
    s: &Scenario,
    amm_engine: &str,
    first_seed: u64,
    runs: &SeedRuns,
    mut extra: serde_json::Map<String, serde_json::Value>,
    wall_seconds: f64,
) -> io::Result<Simulated> {
    let summary = runs.summary(s, amm_engine);
    extra.insert("seeds".into(), serde_json::json!(runs.seeds.len()));
    extra.insert("first_seed".into(), serde_json::json!(first_seed));
    extra.insert("wall_seconds".into(), serde_json::json!(wall_seconds));
    let extra = serde_json::Value::Object(extra);
    let files = write_seeds_report(
        out,
        &SeedsReportInput {
            scenario: s,
            amm_engine,
            amm_runs: &runs.amm,
            baseline_runs: &runs.baseline,
            summary: &summary,
            extra: &extra,
        },
    )?;
    Ok(Simulated {
        summary,
        extra,
        files,
    })
}

// ---------------------------------------------------------------------------------------------------
// sweep

/// A sweep's axes: `(parameter, values)` per `--param NAME=v1,v2,...`.
pub type Axes = Vec<(String, Vec<String>)>;

/// The axes of `--param NAME=v1,v2,...` arguments.
pub fn parse_axes(params: &[String]) -> Result<Axes, String> {
    params
        .iter()
        .map(|p| {
            let (name, values) = p
                .split_once('=')
                .ok_or_else(|| format!("--param {p:?}: expected NAME=v1,v2"))?;
            Ok((
                name.to_string(),
                values.split(',').map(str::to_string).collect(),
            ))
        })
        .collect()
}

/// Every combination of the axes' value indices (the last axis varies fastest).
pub fn grid(axes: &Axes) -> Vec<Vec<usize>> {
    let mut grid: Vec<Vec<usize>> = vec![vec![]];
    for (_, values) in axes {
        grid = grid
            .into_iter()
            .flat_map(|g| {
                (0..values.len()).map(move |i| {
                    let mut g = g.clone();
                    g.push(i);
                    g
                })
            })
            .collect();
    }
    grid
}

/// The scenario of one grid point: `base` with each axis' parameter set to its value (an integer
/// parameter parsed as an integer, any other as a number), its reference series loaded.
pub fn sweep_point(base: &Scenario, axes: &Axes, combo: &[usize]) -> Result<Unit, String> {
    let mut doc: toml::Value =
        toml::Value::try_from(base).map_err(|e| format!("scenario to toml: {e}"))?;
    let mut shown = Vec::new();
    for ((name, values), &vi) in axes.iter().zip(combo) {
        let v = &values[vi];
        shown.push(v.clone());
        let mut cur = &mut doc;
        let parts: Vec<&str> = name.split('.').collect();
        for p in &parts[..parts.len() - 1] {
            cur = cur.get_mut(*p).ok_or_else(|| format!("no table {p}"))?;
        }
        let leaf = parts[parts.len() - 1];
        let old = cur
            .get(leaf)
            .ok_or_else(|| format!("no parameter {name}"))?
            .clone();
        let newv = match old {
            toml::Value::Integer(_) => toml::Value::Integer(
                v.parse()
                    .map_err(|e| format!("{name}: integer value {v:?}: {e}"))?,
            ),
            _ => toml::Value::Float(
                v.parse()
                    .map_err(|e| format!("{name}: number value {v:?}: {e}"))?,
            ),
        };
        cur.as_table_mut()
            .ok_or_else(|| format!("{name}: not in a table"))?
            .insert(leaf.into(), newv);
    }
    let mut sv: Scenario = doc
        .try_into()
        .map_err(|e| format!("scenario from toml: {e}"))?;
    // the loaded series points are not serialized: read the CSV again
    sv.reference.load_series()?;
    Ok(Unit {
        label: shown.join(";"),
        scenario: sv,
    })
}

/// Every grid point of a sweep, in grid order.
pub fn sweep_units(base: &Scenario, params: &[String]) -> Result<Vec<Unit>, String> {
    let axes = parse_axes(params)?;
    grid(&axes)
        .iter()
        .map(|combo| sweep_point(base, &axes, combo))
        .collect()
}

/// Writes `sweep.csv` one grid point at a time ([`SweepWriter::add`], in grid order), then the heat
/// maps ([`SweepWriter::finish`]).
pub struct SweepWriter {
    out: PathBuf,
    axes: Axes,
    grid: Vec<Vec<usize>>,
    seeds: u32,
    csv: csv::Writer<std::fs::File>,
    /// (grid point, [(KPI, label, AMM mean)]), for the heat maps.
    means: Vec<(Vec<usize>, Vec<(String, String, f64)>)>,
}

/// What `sweep` wrote.
pub struct SweepFiles {
    pub csv: PathBuf,
    /// With two axes: one heat map per KPI, and the two axes' names.
    pub heatmaps: usize,
    pub heatmap_axes: Option<(String, String)>,
}

fn csv_io(e: csv::Error) -> io::Error {
    io::Error::other(format!("sweep.csv: {e}"))
}

impl SweepWriter {
    /// Creates `out/sweep.csv` with its header.
    pub fn create(out: &Path, params: &[String], seeds: u32) -> io::Result<SweepWriter> {
        let axes = parse_axes(params).map_err(io::Error::other)?;
        std::fs::create_dir_all(out)?;
        let mut w = csv::Writer::from_path(out.join("sweep.csv")).map_err(csv_io)?;
        // one row per (combination, KPI): each KPI computed per seed, then summarized; `param`
        // and `value` hold the names and values joined with ';'
        w.write_record([
            "scenario",
            "param",
            "value",
            "seeds",
            "kpi",
            "better",
            "amm_mean",
            "amm_p5",
            "amm_p50",
            "amm_p95",
            "baseline_mean",
            "baseline_p5",
            "baseline_p50",
            "baseline_p95",
            "amm_better_share",
            "tie_share",
        ])
        .map_err(csv_io)?;
        Ok(SweepWriter {
            out: out.to_path_buf(),
            grid: grid(&axes),
            axes,
            seeds,
            csv: w,
            means: Vec::new(),
        })
    }

    /// The next grid point's rows: `unit` as [`sweep_point`] made it, `runs` its seeds.
    pub fn add(&mut self, unit: &Unit, runs: &SeedRuns) -> io::Result<()> {
        let combo = self
            .grid
            .get(self.means.len())
            .cloned()
            .ok_or_else(|| io::Error::other("sweep: more grid points than the grid has"))?;
        let summary = runs.summary(&unit.scenario, "model");
        let names: Vec<&str> = self.axes.iter().map(|(n, _)| n.as_str()).collect();
        let mut row_means = Vec::new();
        for k in &summary.kpis {
            let f = |x: f64| x.to_string();
            let o = |x: Option<f64>| x.map(f).unwrap_or_default();
            row_means.push((k.kpi.clone(), k.label.clone(), k.amm.mean));
            self.csv
                .write_record([
                    unit.scenario.name.clone(),
                    names.join(";"),
                    unit.label.clone(),
                    self.seeds.to_string(),
                    k.kpi.clone(),
                    format!("{:?}", k.better).to_lowercase(),
                    f(k.amm.mean),
                    f(k.amm.p5),
                    f(k.amm.p50),
                    f(k.amm.p95),
                    f(k.baseline.mean),
                    f(k.baseline.p5),
                    f(k.baseline.p50),
                    f(k.baseline.p95),
                    o(k.amm_better_share),
                    o(k.tie_share),
                ])
                .map_err(csv_io)?;
        }
        self.means.push((combo, row_means));
        Ok(())
    }

    /// Flushes `sweep.csv` and, with two axes, draws one heat map per KPI of the AMM's mean.
    pub fn finish(mut self) -> io::Result<SweepFiles> {
        self.csv.flush()?;
        let csv = self.out.join("sweep.csv");
        if self.axes.len() != 2 {
            return Ok(SweepFiles {
                csv,
                heatmaps: 0,
                heatmap_axes: None,
            });
        }
        let (xn, xv) = &self.axes[0];
        let (yn, yv) = &self.axes[1];
        let kpis: Vec<(String, String)> = self
            .means
            .first()
            .map(|(_, r)| r.iter().map(|(k, l, _)| (k.clone(), l.clone())).collect())
            .unwrap_or_default();
        for (ki, (kpi, label)) in kpis.iter().enumerate() {
            let mut values = vec![vec![f64::NAN; xv.len()]; yv.len()];
            for (combo, row) in &self.means {
                values[combo[1]][combo[0]] = row[ki].2;
            }
            let percent = KPIS
                .iter()
                .find(|d| d.name == kpi.as_str())
                .is_some_and(|d| d.percent);
            let path = self.out.join(format!("heatmap_{kpi}.svg"));
            write_heatmap(
                &path,
                &format!("AMM mean: {label}"),
                xn,
                xv,
                yn,
                yv,
                &values,
                percent,
            )?;
        }
        Ok(SweepFiles {
            csv,
            heatmaps: kpis.len(),
            heatmap_axes: Some((xn.clone(), yn.clone())),
        })
    }
}

// ---------------------------------------------------------------------------------------------------
// compare

/// Writes `compare.csv` one scenario at a time ([`CompareWriter::add`], in file order), then
/// `compare.md` and `compare.html` ([`CompareWriter::finish`]).
pub struct CompareWriter {
    out: PathBuf,
    seeds: u32,
    first_seed: u64,
    attackers: bool,
    csv: csv::Writer<std::fs::File>,
    rows: Vec<CompareRow>,
}

/// What `compare` wrote.
pub struct CompareFiles {
    pub table: CompareTable,
    /// compare.md's text.
    pub markdown: String,
    pub page: PathBuf,
}

impl CompareWriter {
    /// Creates `out/compare.csv` with its header.
    pub fn create(
        out: &Path,
        seeds: u32,
        first_seed: u64,
        attackers: bool,
    ) -> io::Result<CompareWriter> {
        let err = |e: csv::Error| io::Error::other(format!("compare.csv: {e}"));
        std::fs::create_dir_all(out)?;
        let mut w = csv::Writer::from_path(out.join("compare.csv")).map_err(err)?;
        w.write_record([
            "scenario",
            "kpi",
            "amm_mean",
            "amm_p5",
            "amm_p95",
            "naive_mean",
            "naive_p5",
            "naive_p95",
            "amm_better_share",
            "tie_share",
        ])
        .map_err(err)?;
        Ok(CompareWriter {
            out: out.to_path_buf(),
            seeds,
            first_seed,
            attackers,
            csv: w,
            rows: Vec::new(),
        })
    }

    /// The next scenario's rows.
    pub fn add(&mut self, sc: &Scenario, runs: &SeedRuns) -> io::Result<()> {
        let err = |e: csv::Error| io::Error::other(format!("compare.csv: {e}"));
        let summary = runs.summary(sc, "model");
        for k in &summary.kpis {
            let o = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
            self.csv
                .write_record([
                    sc.name.clone(),
                    k.kpi.clone(),
                    k.amm.mean.to_string(),
                    k.amm.p5.to_string(),
                    k.amm.p95.to_string(),
                    k.baseline.mean.to_string(),
                    k.baseline.p5.to_string(),
                    k.baseline.p95.to_string(),
                    o(k.amm_better_share),
                    o(k.tie_share),
                ])
                .map_err(err)?;
        }
        self.rows.push(CompareRow {
            scenario: sc.name.clone(),
            kpis: summary.kpis,
            // each seed's attacker P&L at the end of its run
            attacker_pnl: self.attackers.then(|| AttackerPnl::of_runs(&runs.amm)),
        });
        Ok(())
    }

    /// Flushes `compare.csv`, writes `compare.md` and `compare.html`.
    pub fn finish(mut self) -> io::Result<CompareFiles> {
        self.csv.flush()?;
        let table = CompareTable {
            seeds: self.seeds,
            first_seed: self.first_seed,
            rows: self.rows,
        };
        let markdown = table.markdown();
        std::fs::write(self.out.join("compare.md"), &markdown)?;
        let page = write_compare_page(&self.out, &table)?;
        Ok(CompareFiles {
            table,
            markdown,
            page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_and_grid_follow_the_commands() {
        let j = Job::Simulate {
            first_seed: 5,
            seeds: 3,
        };
        assert_eq!(j.seeds(), vec![5, 6, 7]);
        let j = Job::Sweep {
            params: vec![],
            seeds: 2,
        };
        assert_eq!(j.seeds(), vec![1, 2]);
        let axes = parse_axes(&["a=1,2".into(), "b.c=x,y,z".into()]).unwrap();
        assert_eq!(axes[1].0, "b.c");
        let g = grid(&axes);
        assert_eq!(g.len(), 6);
        assert_eq!(g[1], vec![0, 1], "the last axis varies fastest");
        assert!(parse_axes(&["nothing".into()]).is_err());
    }
}
