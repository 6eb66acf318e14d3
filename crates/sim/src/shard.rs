//! Sharded multi-seed runs for batch schedulers (a Slurm array job, a Kubernetes Indexed Job):
//! `--shard k/n` runs one share of a [`Job`]'s work items and writes their raw results to a shard
//! file; `merge` reads the n shard files and rebuilds every unit's [`SeedRuns`] in seed order, from
//! which the command's own writers ([`crate::jobs`]) write what the unsharded command writes.
//!
//! **Partition.** A job's work items are its (unit, seed) pairs, unit by unit and seed by seed: item
//! `i = unit × seeds + seed index` (for `simulate` simply the seed index). Shard `k` of `n` (1-based)
//! runs the items with `i % n == k - 1`, so every item is run by exactly one shard whatever `n`, and
//! each seed's run is the same function of (scenario, seed) whichever machine runs it: merged
//! results equal the unsharded run's.
//!
//! **Shard file** (`shard-<k>-of-<n>.json`, JSON, [`ShardFile`]): the format name and version, the
//! job (command and arguments), the full seed list and every unit's scenario (TOML), `k` and `n`,
//! the header of [`EpochMetrics`], and per item of the shard its unit, seed, model actions and both
//! markets' epochs. An epoch is stored as one CSV record in `epoch_fields` order, the text
//! `metrics.csv` holds (shortest round-trip decimals, `NaN` and `inf` included), so every float comes
//! back bit for bit (JSON numbers would go through serde_json's float parser, which may be 1 ULP off).
//!
//! `merge` checks that every file has this format and version, that all come from the same job
//! (command, arguments, seeds, scenarios, build) and the same `n`, that no shard is missing or given
//! twice, and that each holds exactly the items its `k` owns.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::jobs::{Job, Unit};
use crate::metrics::EpochMetrics;
use crate::runner::{run_pair, SeedRuns};
use crate::scenario::Scenario;

/// `format` of a shard file.
pub const SHARD_FORMAT: &str = "compute-amm-sim shard";
/// Version of the shard file layout; `merge` refuses any other.
pub const SHARD_FORMAT_VERSION: u32 = 1;

/// Shard `k` of `n` (1-based: `--shard 2/4`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl Shard {
    pub fn new(k: u32, n: u32) -> Result<Shard, String> {
        if n == 0 || k == 0 || k > n {
            return Err(format!(
                "shard {k}/{n}: expected k/n with 1 <= k <= n (1-based k)"
            ));
        }
        Ok(Shard { k, n })
    }

    /// Whether work item `item` (0-based) is this shard's: `item % n == k - 1`.
    pub fn owns(&self, item: usize) -> bool {
        item % self.n as usize == (self.k - 1) as usize
    }

    /// This shard's items among `0..items`, ascending.
    pub fn items(&self, items: usize) -> Vec<usize> {
        (0..items).filter(|&i| self.owns(i)).collect()
    }

    /// `shard-<k>-of-<n>.json`.
    pub fn file_name(&self) -> String {
        format!("shard-{}-of-{}.json", self.k, self.n)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("shard {s:?}: expected k/n, e.g. 2/4"))?;
        let num = |x: &str| {
            x.trim()
                .parse::<u32>()
                .map_err(|e| format!("shard {s:?}: {x:?}: {e}"))
        };
        Shard::new(num(k)?, num(n)?)
    }
}

/// One scenario of the job as the shard file stores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardUnit {
    pub label: String,
    /// The scenario as TOML (its reference series' points are not stored: no report uses them).
    pub scenario: String,
}

/// One work item's results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRun {
    /// `unit × seeds + seed index`.
    pub item: usize,
    pub unit: usize,
    pub seed: u64,
    /// Model actions of the AMM run.
    pub actions: u64,
    /// Every epoch of the AMM run, one CSV record each (fields: [`ShardFile::epoch_fields`]).
    pub amm: Vec<String>,
    /// Every epoch of the naive baseline on the same seed.
    pub baseline: Vec<String>,
}

/// A shard file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardFile {
    /// [`SHARD_FORMAT`].
    pub format: String,
    /// [`SHARD_FORMAT_VERSION`].
    pub version: u32,
    /// Version of the simulator that ran it (all shards of a merge must agree).
    pub sim_version: String,
    pub shard: Shard,
    pub job: Job,
    /// Every seed each unit runs (the whole job's, not only this shard's).
    pub seeds: Vec<u64>,
    /// Every unit of the whole job, in order.
    pub units: Vec<ShardUnit>,
    /// The field names of [`EpochMetrics`] in its CSV order.
    pub epoch_fields: Vec<String>,
    /// This shard's run time (a merged `simulate` report's `wall_seconds` is the sum over shards).
    pub wall_seconds: f64,
    /// This shard's items, ascending.
    pub runs: Vec<ItemRun>,
}

impl ShardFile {
    /// Total work items of the job.
    pub fn items(&self) -> usize {
        self.units.len() * self.seeds.len()
    }
}

fn other(e: impl fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// The field names of [`EpochMetrics`] in CSV (serialization) order.
pub fn epoch_fields() -> Vec<String> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    w.serialize(EpochMetrics::default())
        .expect("EpochMetrics serializes");
    let bytes = w.into_inner().expect("in-memory csv");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let header = r
        .records()
        .next()
        .expect("header record")
        .expect("header record");
    header.iter().map(str::to_string).collect()
}

/// Epochs as CSV records, one string each (no header).
pub fn encode_epochs(ep: &[EpochMetrics]) -> io::Result<Vec<String>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for m in ep {
        w.serialize(m).map_err(other)?;
    }
    let text = String::from_utf8(w.into_inner().map_err(other)?).map_err(other)?;
    Ok(text.lines().map(str::to_string).collect())
}

/// Epochs from [`encode_epochs`]'s records, with the fields `fields` (the writer's header).
pub fn decode_epochs(rows: &[String], fields: &[String]) -> Result<Vec<EpochMetrics>, String> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut text = fields.join(",");
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<EpochMetrics>, _>>()
        .map_err(|e| format!("epoch record: {e}"))
}

/// Runs shard `shard`'s items of `job` (whose units are `units`) on all cores and returns the
/// shard file. `progress` advances once per item.
pub fn run_shard(
    job: &Job,
    units: &[Unit],
    shard: Shard,
    progress: Option<&indicatif::ProgressBar>,
) -> io::Result<ShardFile> {
    let started = std::time::Instant::now();
    let seeds = job.seeds();
    let stored: Vec<ShardUnit> = units
        .iter()
        .map(|u| {
            Ok(ShardUnit {
                label: u.label.clone(),
                scenario: toml::to_string(&u.scenario).map_err(other)?,
            })
        })
        .collect::<io::Result<_>>()?;
    let items = shard.items(units.len() * seeds.len());
    let runs = items
        .into_par_iter()
        .map(|item| {
            let (unit, si) = (item / seeds.len(), item % seeds.len());
            let seed = seeds[si];
            let (amm, baseline, actions) = run_pair(&units[unit].scenario, seed);
            if let Some(p) = progress {
                p.inc(1);
            }
            Ok(ItemRun {
                item,
                unit,
                seed,
                actions,
                amm: encode_epochs(&amm)?,
                baseline: encode_epochs(&baseline)?,
            })
        })
        .collect::<io::Result<Vec<_>>>()?;
    Ok(ShardFile {
        format: SHARD_FORMAT.into(),
        version: SHARD_FORMAT_VERSION,
        sim_version: env!("CARGO_PKG_VERSION").into(),
        shard,
        job: job.clone(),
        seeds,
        units: stored,
        epoch_fields: epoch_fields(),
        wall_seconds: started.elapsed().as_secs_f64(),
        runs,
    })
}

/// Writes `file` as `dir/shard-<k>-of-<n>.json` and returns the path.
pub fn write_shard(dir: &Path, file: &ShardFile) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(file.shard.file_name());
    let text = serde_json::to_string(file).map_err(other)?;
    // write then rename: a scheduler that kills a task mid-write leaves no half shard behind
    let tmp = dir.join(format!(".{}.tmp", file.shard.file_name()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

/// The format and version alone, read before the rest so a future layout gets a clear message.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Reads one shard file, checking its format and version.
pub fn read_shard(path: &Path) -> Result<ShardFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let h: Header = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a shard file: {e}", path.display()))?;
    if h.format.as_deref() != Some(SHARD_FORMAT) {
        return Err(format!(
            "{}: not a shard file (format {:?}, expected {SHARD_FORMAT:?})",
            path.display(),
            h.format.unwrap_or_default()
        ));
    }
    if h.version != Some(SHARD_FORMAT_VERSION) {
        return Err(format!(
            "{}: shard format version {}, this build reads version {SHARD_FORMAT_VERSION} (run all shards and the merge with the same build)",
            path.display(),
            h.version.map_or("missing".to_string(), |v| v.to_string())
        ));
    }
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The shard files named by `inputs`: a file as given, a directory's `shard-*-of-*.json` files.
pub fn shard_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.starts_with("shard-") && n.ends_with(".json") && n.contains("-of-")
                    })
                })
                .collect();
            if found.is_empty() {
                return Err(format!(
                    "{}: no shard files (shard-<k>-of-<n>.json)",
                    p.display()
                ));
            }
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    if out.is_empty() {
        return Err("no shard files given".into());
    }
    Ok(out)
}

/// A merged job: its units and, per unit, every seed's runs in seed order.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub job: Job,
    pub units: Vec<Unit>,
    pub runs: Vec<SeedRuns>,
    pub shards: u32,
    /// Sum of the shards' run times.
    pub wall_seconds: f64,
}

/// What identifies a job in a shard file: everything but `shard`, `wall_seconds` and `runs`.
fn same_job(a: &ShardFile, b: &ShardFile) -> Option<String> {
    if a.job != b.job {
        return Some(format!(
            "different commands or arguments ({:?} vs {:?})",
            a.job, b.job
        ));
    }
    if a.seeds != b.seeds {
        return Some("different seed lists".into());
    }
    if a.units.len() != b.units.len() {
        return Some(format!(
            "different scenarios ({} vs {} units)",
            a.units.len(),
            b.units.len()
        ));
    }
    for (x, y) in a.units.iter().zip(&b.units) {
        if x.label != y.label {
            return Some(format!("different scenarios ({} vs {})", x.label, y.label));
        }
        if x.scenario != y.scenario {
            return Some(format!(
                "different scenarios ({} differs in its parameters)",
                x.label
            ));
        }
    }
    if a.epoch_fields != b.epoch_fields {
        return Some("different metrics fields (different builds)".into());
    }
    if a.sim_version != b.sim_version {
        return Some(format!(
            "different simulator versions ({} vs {})",
            a.sim_version, b.sim_version
        ));
    }
    if a.shard.n != b.shard.n {
        return Some(format!(
            "different shard counts n ({} vs {})",
            a.shard.n, b.shard.n
        ));
    }
    None
}

/// Merges shard files (path, contents): checks they are the n shards of one job, each complete, and
/// rebuilds every unit's [`SeedRuns`] in seed order.
pub fn merge(files: Vec<(PathBuf, ShardFile)>) -> Result<Merged, String> {
    let Some((first_path, first)) = files.first() else {
        return Err("no shard files given".into());
    };
    let n = first.shard.n;
    let mut by_k: BTreeMap<u32, &Path> = BTreeMap::new();
    for (path, f) in &files {
        if let Some(why) = same_job(first, f) {
            return Err(format!(
                "{} and {} are not shards of the same run: {why}",
                first_path.display(),
                path.display()
            ));
        }
        if let Some(prev) = by_k.insert(f.shard.k, path) {
            return Err(format!(
                "shard {} given twice: {} and {}",
                f.shard,
                prev.display(),
                path.display()
            ));
        }
    }
    if let Some(bad) = by_k.keys().find(|&&k| k == 0 || k > n) {
        return Err(format!("shard {bad}/{n}: expected 1 <= k <= n"));
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| !by_k.contains_key(k))
        .map(|k| format!("{k}/{n} ({})", Shard { k, n }.file_name()))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing shard(s) {} of a {}-shard {} run",
            missing.join(", "),
            n,
            first.job.command()
        ));
    }
    let fields = epoch_fields();
    if first.epoch_fields != fields {
        return Err(format!(
            "{}: written by a build with other metrics fields than this one",
            first_path.display()
        ));
    }
    let units: Vec<Unit> = first
        .units
        .iter()
        .map(|u| {
            // the report needs no reference series points: parse without loading the CSV
            toml::from_str::<Scenario>(&u.scenario)
                .map(|scenario| Unit {
                    label: u.label.clone(),
                    scenario,
                })
                .map_err(|e| format!("scenario {}: {e}", u.label))
        })
        .collect::<Result<_, _>>()?;
    let job = first.job.clone();
    let seeds = first.seeds.clone();
    let items = first.items();
    let mut slots: Vec<Option<(Vec<EpochMetrics>, Vec<EpochMetrics>, u64)>> = vec![None; items];
    let mut wall_seconds = 0.0;
    for (path, f) in files {
        wall_seconds += f.wall_seconds;
        let want = f.shard.items(items);
        let got: Vec<usize> = f.runs.iter().map(|r| r.item).collect();
        if got != want {
            return Err(format!(
                "{}: shard {} holds items {} but owns {} (incomplete or altered file)",
                path.display(),
                f.shard,
                summarize_items(&got),
                summarize_items(&want)
            ));
        }
        for r in f.runs {
            let (unit, si) = (r.item / seeds.len(), r.item % seeds.len());
            if r.unit != unit || r.seed != seeds[si] {
                return Err(format!(
                    "{}: item {} is unit {} seed {}, expected unit {unit} seed {}",
                    path.display(),
                    r.item,
                    r.unit,
                    r.seed,
                    seeds[si]
                ));
            }
            let amm = decode_epochs(&r.amm, &f.epoch_fields)
                .map_err(|e| format!("{}: seed {}: {e}", path.display(), r.seed))?;
            let base = decode_epochs(&r.baseline, &f.epoch_fields)
                .map_err(|e| format!("{}: seed {}: {e}", path.display(), r.seed))?;
            slots[r.item] = Some((amm, base, r.actions));
        }
    }
    let mut slots = slots.into_iter();
    let mut runs = Vec::with_capacity(units.len());
    for _ in &units {
        let mut r = SeedRuns {
            seeds: seeds.clone(),
            ..SeedRuns::default()
        };
        for _ in &seeds {
            let (amm, base, actions) = slots
                .next()
                .flatten()
                .ok_or("internal: an item no shard ran")?;
            r.amm.push(amm);
            r.baseline.push(base);
            r.actions += actions;
        }
        runs.push(r);
    }
    Ok(Merged {
        job,
        units,
        runs,
        shards: n,
        wall_seconds,
    })
}

/// `[0, 3, 6]` as text, shortened when long.
fn summarize_items(items: &[usize]) -> String {
    if items.len() <= 8 {
        format!("{items:?}")
    } else {
        format!(
            "[{}, {}, ..., {}] ({} items)",
            items[0],
            items[1],
            items[items.len() - 1],
            items.len()
        )
    }
}

/// Reads the shard files `inputs` names (files or directories) and merges them.
pub fn merge_paths(inputs: &[PathBuf]) -> Result<Merged, String> {
    let paths = shard_paths(inputs)?;
    let files = paths
        .into_iter()
        .map(|p| read_shard(&p).map(|f| (p, f)))
        .collect::<Result<Vec<_>, _>>()?;
    merge(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parses_and_partitions_every_item_once() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { k: 2, n: 4 }));
        for bad in ["0/4", "5/4", "1/0", "2", "a/b", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        assert_eq!(Shard { k: 2, n: 4 }.file_name(), "shard-2-of-4.json");
        for n in 1..=7u32 {
            let mut count = vec![0; 20];
            for k in 1..=n {
                for i in (Shard { k, n }).items(20) {
                    count[i] += 1;
                    assert_eq!(i % n as usize, (k - 1) as usize);
                }
            }
            assert!(count.iter().all(|&c| c == 1), "n = {n}: {count:?}");
        }
    }

    #[test]
    fn epochs_round_trip_bit_for_bit() {
        let odd = [
            0.1 + 0.2,
            1.0 / 3.0,
            -0.0,
            f64::MIN_POSITIVE / 3.0,
            1e300,
            -2.2250738585072014e-308,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.300_000_000_000_000_04,
            123_456_789.123_456_78,
        ];
        let ep: Vec<EpochMetrics> = odd
            .iter()
            .enumerate()
            .map(|(i, &v)| EpochMetrics {
                epoch: i as u32,
                price_usd: v,
                real_yield: -v,
                collateral_coverage: v * 7.0,
                jobs_cheated: u32::MAX,
                ..EpochMetrics::default()
            })
            .collect();
        let back = decode_epochs(&encode_epochs(&ep).unwrap(), &epoch_fields()).unwrap();
        assert_eq!(back.len(), ep.len());
        for (a, b) in ep.iter().zip(&back) {
            for (x, y) in [
                (a.price_usd, b.price_usd),
                (a.real_yield, b.real_yield),
                (a.collateral_coverage, b.collateral_coverage),
            ] {
                assert!(
                    x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
                    "{x:?} came back as {y:?}"
                );
            }
            assert_eq!(b.jobs_cheated, u32::MAX);
        }
    }

    fn tiny(days: u32) -> Scenario {
        let mut s = Scenario::from_toml(include_str!("../../../scenarios/baseline.toml"))
            .expect("baseline scenario");
        s.days = days;
        s
    }

    fn files(job: &Job, units: &[Unit], n: u32) -> Vec<(PathBuf, ShardFile)> {
        (1..=n)
            .map(|k| {
                let sh = Shard { k, n };
                (
                    PathBuf::from(sh.file_name()),
                    run_shard(job, units, sh, None).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn merged_shards_equal_the_unsharded_runs() {
        let s = tiny(2);
        let job = Job::Simulate {
            first_seed: 3,
            seeds: 4,
        };
        let units = vec![Unit {
            label: s.name.clone(),
            scenario: s.clone(),
        }];
        // more shards than seeds: some shards are empty
        for n in [1, 3, 5] {
            let m = merge(files(&job, &units, n)).unwrap();
            assert_eq!(
                m.runs,
                vec![crate::runner::monte_carlo_runs(&s, 4, 3, None)]
            );
            assert_eq!(m.units[0].scenario.name, s.name);
            assert_eq!(m.units[0].scenario.providers, s.providers);
        }
    }

    #[test]
    fn merge_refuses_missing_duplicate_and_mixed_shards() {
        let s = tiny(1);
        let job = Job::Simulate {
            first_seed: 1,
            seeds: 3,
        };
        let units = vec![Unit {
            label: s.name.clone(),
            scenario: s.clone(),
        }];
        let all = files(&job, &units, 3);

        let mut f = all.clone();
        f.remove(1);
        let e = merge(f).unwrap_err();
        assert!(e.contains("missing shard(s) 2/3"), "{e}");

        let mut f = all.clone();
        f.push(all[0].clone());
        let e = merge(f).unwrap_err();
        assert!(e.contains("shard 1/3 given twice"), "{e}");

        let mut f = all.clone();
        f[2].1.job = Job::Simulate {
            first_seed: 2,
            seeds: 3,
        };
        let e = merge(f).unwrap_err();
        assert!(e.contains("not shards of the same run"), "{e}");

        let mut f = all.clone();
        f[1].1.units[0].scenario = f[1].1.units[0].scenario.replace("days = 1", "days = 2");
        let e = merge(f).unwrap_err();
        assert!(e.contains("different scenarios"), "{e}");

        let mut f = all.clone();
        f[0].1.runs.clear();
        let e = merge(f).unwrap_err();
        assert!(e.contains("incomplete"), "{e}");

        let other_n = files(&job, &units, 2);
        let mut f = all.clone();
        f.push(other_n[0].clone());
        let e = merge(f).unwrap_err();
        assert!(e.contains("shard counts"), "{e}");
    }
}
