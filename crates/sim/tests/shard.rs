//! Sharded runs (`--shard k/n`, then `merge`) write what the unsharded run writes: the library path
//! (shard files on disk, merged, the commands' own writers) and the binary, file by file; and merge
//! refuses a missing shard, a version mismatch and shards of different runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use compute_amm_sim::jobs::{self, CompareWriter, Job, SweepWriter, Unit};
use compute_amm_sim::runner::monte_carlo_runs;
use compute_amm_sim::scenario::Scenario;
use compute_amm_sim::shard::{self, Shard};

const BIN: &str = env!("CARGO_BIN_EXE_compute-amm-sim");

fn tmp(tag: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "compute-amm-sim-shard-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn scenario(days: u32) -> Scenario {
    let mut s = Scenario::from_toml(include_str!("../../../scenarios/baseline.toml"))
        .expect("baseline scenario");
    s.days = days;
    s
}

/// Every file of a directory, by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// The two directories hold the same files, byte for byte, but for lines holding `wall_seconds`
/// (the only wall-clock field: summary.json's and report.html's extra facts).
fn assert_same_files(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&fa), names(&fb), "{} vs {}", a.display(), b.display());
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        if x == y {
            continue;
        }
        let strip = |t: &[u8]| {
            String::from_utf8_lossy(t)
                .lines()
                .filter(|l| !l.contains("wall_seconds"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(
            matches!(name.as_str(), "summary.json" | "report.html"),
            "{name} differs"
        );
        assert_eq!(strip(x), strip(y), "{name} differs beyond wall_seconds");
    }
}

/// Runs every shard of `job` into `dir` (shard files on disk) and merges the directory.
fn shard_and_merge(job: &Job, units: &[Unit], n: u32, dir: &Path) -> shard::Merged {
    for k in 1..=n {
        let f = shard::run_shard(job, units, Shard::new(k, n).unwrap(), None).unwrap();
        shard::write_shard(dir, &f).unwrap();
    }
    shard::merge_paths(&[dir.to_path_buf()]).unwrap()
}

#[test]
fn sharded_simulate_equals_unsharded_library_path() {
    // 6 seeds × 3 days, unsharded and as 3 shards (and 4: uneven shares)
    let s = scenario(3);
    let job = Job::Simulate {
        first_seed: 11,
        seeds: 6,
    };
    let units = [Unit {
        label: s.name.clone(),
        scenario: s.clone(),
    }];
    let runs = monte_carlo_runs(&s, 6, 11, None);
    let full = tmp("sim-full");
    jobs::write_simulate(&full, &s, "model", 11, &runs, jobs::model_extra(&runs), 0.0).unwrap();
    for n in [3, 4] {
        let m = shard_and_merge(&job, &units, n, &tmp("sim-shards"));
        assert_eq!(m.job, job);
        assert_eq!(m.shards, n);
        assert_eq!(m.runs, vec![runs.clone()], "{n} shards: the same SeedRuns");
        let merged = tmp("sim-merged");
        let r = &m.runs[0];
        jobs::write_simulate(
            &merged,
            &m.units[0].scenario,
            "model",
            11,
            r,
            jobs::model_extra(r),
            0.0,
        )
        .unwrap();
        // with the same wall_seconds every file is byte for byte the same, report.html included
        assert_eq!(files(&full), files(&merged), "{n} shards");
    }
}

#[test]
fn sharded_sweep_and_compare_equal_unsharded() {
    let base = scenario(2);
    let params = vec![
        "market.swap_fee_ppm=1000,10000".to_string(),
        "arbitrage.lag_hours=0,6".to_string(),
    ];
    let units = jobs::sweep_units(&base, &params).unwrap();
    assert_eq!(units.len(), 4);
    let full = tmp("sweep-full");
    let mut w = SweepWriter::create(&full, &params, 3).unwrap();
    for u in &units {
        w.add(
            u,
            &monte_carlo_runs(&u.scenario, 3, jobs::SWEEP_FIRST_SEED, None),
        )
        .unwrap();
    }
    w.finish().unwrap();
    let job = Job::Sweep {
        params: params.clone(),
        seeds: 3,
    };
    // 12 (point, seed) pairs over 5 shards
    let m = shard_and_merge(&job, &units, 5, &tmp("sweep-shards"));
    let merged = tmp("sweep-merged");
    let mut w = SweepWriter::create(&merged, &params, 3).unwrap();
    for (u, r) in m.units.iter().zip(&m.runs) {
        w.add(u, r).unwrap();
    }
    w.finish().unwrap();
    assert_eq!(files(&full), files(&merged));

    // compare: two scenarios (one with an attacker), 3 seeds from 4, over 2 shards
    let mut attacked = scenario(2);
    attacked.name = "attacked".into();
    attacked.attackers.wash_farmer = true;
    let units = [
        Unit {
            label: "a".into(),
            scenario: base.clone(),
        },
        Unit {
            label: "b".into(),
            scenario: attacked,
        },
    ];
    let full = tmp("compare-full");
    let mut w = CompareWriter::create(&full, 3, 4, true).unwrap();
    for u in &units {
        w.add(&u.scenario, &monte_carlo_runs(&u.scenario, 3, 4, None))
            .unwrap();
    }
    w.finish().unwrap();
    let job = Job::Compare {
        first_seed: 4,
        seeds: 3,
        attackers: true,
    };
    let m = shard_and_merge(&job, &units, 2, &tmp("compare-shards"));
    let merged = tmp("compare-merged");
    let mut w = CompareWriter::create(&merged, 3, 4, true).unwrap();
    for (u, r) in m.units.iter().zip(&m.runs) {
        w.add(&u.scenario, r).unwrap();
    }
    w.finish().unwrap();
    assert_eq!(files(&full), files(&merged));
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run compute-amm-sim")
}

fn ok(args: &[&str]) {
    let o = run(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn binary_shards_merged_equal_the_unsharded_run() {
    let full = tmp("bin-full");
    let shards = tmp("bin-shards");
    let merged = tmp("bin-merged");
    let common = [
        "simulate", "--engine", "model", "--seeds", "6", "--days", "3",
    ];
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let mut a: Vec<String> = common.iter().map(|x| x.to_string()).collect();
    a.extend(["--out".into(), s(&full)]);
    ok(&a.iter().map(String::as_str).collect::<Vec<_>>());
    for k in 1..=3 {
        let mut a: Vec<String> = common.iter().map(|x| x.to_string()).collect();
        a.extend([
            "--shard".into(),
            format!("{k}/3"),
            "--out".into(),
            s(&shards),
        ]);
        ok(&a.iter().map(String::as_str).collect::<Vec<_>>());
    }
    // a sharded run writes its shard file only
    assert_eq!(
        files(&shards).into_iter().map(|f| f.0).collect::<Vec<_>>(),
        [
            "shard-1-of-3.json",
            "shard-2-of-3.json",
            "shard-3-of-3.json"
        ]
    );
    ok(&["merge", &s(&shards), "--out", &s(&merged)]);
    assert_same_files(&full, &merged);
    for f in ["metrics.csv", "seeds.csv"] {
        assert_eq!(
            std::fs::read(full.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
            "{f}"
        );
    }

    // a missing shard: a clear error, exit status 1, nothing written
    std::fs::remove_file(shards.join("shard-2-of-3.json")).unwrap();
    let nothing = tmp("bin-nothing");
    let o = run(&["merge", &s(&shards), "--out", &s(&nothing)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("missing shard(s) 2/3 (shard-2-of-3.json)"),
        "{err}"
    );
    assert!(!nothing.exists());

    // --shard on the chain engine is refused
    let o = run(&[
        "simulate",
        "--engine",
        "chain",
        "--shard",
        "1/2",
        "--out",
        &s(&tmp("bin-chain")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    // k outside 1..=n: a usage error
    let o = run(&["simulate", "--engine", "model", "--shard", "3/2"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 <= k <= n"));
}

#[test]
fn merge_refuses_missing_shards_version_mismatch_and_mixed_runs() {
    let s = scenario(1);
    let job = Job::Simulate {
        first_seed: 1,
        seeds: 4,
    };
    let units = [Unit {
        label: s.name.clone(),
        scenario: s.clone(),
    }];
    let dir = tmp("refuse");
    for k in [1, 3] {
        let f = shard::run_shard(&job, &units, Shard::new(k, 3).unwrap(), None).unwrap();
        shard::write_shard(&dir, &f).unwrap();
    }
    let e = shard::merge_paths(&[dir.clone()]).unwrap_err();
    assert!(e.contains("missing shard(s) 2/3"), "{e}");

    // shard 2 of another scenario
    let mut other = s.clone();
    other.users.jobs_per_hour *= 2.0;
    let ou = [Unit {
        label: s.name.clone(),
        scenario: other,
    }];
    let f = shard::run_shard(&job, &ou, Shard::new(2, 3).unwrap(), None).unwrap();
    let p2 = shard::write_shard(&dir, &f).unwrap();
    let e = shard::merge_paths(&[dir.clone()]).unwrap_err();
    assert!(e.contains("different scenarios"), "{e}");

    // the right shard 2, but written by another format version
    let f = shard::run_shard(&job, &units, Shard::new(2, 3).unwrap(), None).unwrap();
    shard::write_shard(&dir, &f).unwrap();
    assert_eq!(shard::merge_paths(&[dir.clone()]).unwrap().runs.len(), 1);
    let text = std::fs::read_to_string(&p2).unwrap();
    std::fs::write(&p2, text.replacen("\"version\":1,", "\"version\":2,", 1)).unwrap();
    let e = shard::merge_paths(&[dir.clone()]).unwrap_err();
    assert!(
        e.contains("shard format version 2, this build reads version 1"),
        "{e}"
    );

    // a file given twice
    std::fs::write(&p2, text).unwrap();
    let e = shard::merge_paths(&[dir.clone(), p2.clone()]).unwrap_err();
    assert!(e.contains("shard 2/3 given twice"), "{e}");
}
