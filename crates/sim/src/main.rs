//! `compute-amm-sim`: the Compute AMM market simulator.
//!
//! * `simulate` — a scenario on the model or the chain engine, with the naive baseline side by side;
//!   writes metrics.csv, summary.json, plots and report.html. The default (no arguments) is the main
//!   job: the built-in baseline scenario on the chain engine, checked against the model.
//! * `sweep` — a parameter grid × seeds on the model engine (all cores).
//! * `compare` — every scenario of a directory × seeds on the model engine.
//! * `merge` — the report of a multi-seed model run (`simulate --engine model`, `sweep`, `compare`)
//!   from the shard files its `--shard k/n` runs wrote (see `compute_amm_sim::shard`).
//! * `replay` — a recorded trace against the program, every outcome checked.
//! * `demo` — seeded random swaps and liquidity actions against the program (foundation smoke test).

use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use compute_amm_harness::replay::{run as demo_run, ReplayConfig};
use compute_amm_sim::action::{TraceRecord, TRACE_SCHEMA_VERSION};
use compute_amm_sim::chain::ChainEngine;
use compute_amm_sim::engine::Engine;
use compute_amm_sim::jobs::{self, CompareWriter, Job, SweepWriter, Unit};
use compute_amm_sim::metrics::{Better, SeedSummary, KPIS};
use compute_amm_sim::report::{fmt_share, kpi_text};
use compute_amm_sim::runner::{self, SeedRuns, START};
use compute_amm_sim::scenario::Scenario;
use compute_amm_sim::shard::{self, Shard};
use compute_amm_sim::{amm, baseline};

/// The built-in default scenario (scenarios/baseline.toml).
const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/baseline.toml");

#[derive(Parser)]
#[command(name = "compute-amm-sim", about = "Compute AMM market simulator")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum EngineKind {
    Model,
    Chain,
}

/// What runs the chain engine's transactions (`--executor`).
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExecutorKind {
    /// solana-program-test, `process_transaction_with_metadata` (the reference).
    ProgramTest,
    /// solana-program-test, stock `process_transaction`.
    Stock,
    /// The replay lane: the program's own entry and SPL Token's Rust processor, in memory.
    Lane,
}

impl ExecutorKind {
    fn executor(self) -> compute_amm_harness::env::Executor {
        use compute_amm_harness::env::Executor;
        match self {
            Self::ProgramTest => Executor::ProgramTest,
            Self::Stock => Executor::Stock,
            Self::Lane => Executor::Lane,
        }
    }
}

/// The attacker agents to add to the AMM market (their P&L: `attacker_pnl_tokens`).
#[derive(clap::Args, Clone, Copy, Debug, Default)]
struct AttackerFlags {
    /// Emission farming with self-dealt work.
    #[arg(long)]
    wash_farmer: bool,
    /// Buyback sandwiching around every keeper burn.
    #[arg(long)]
    sandwicher: bool,
    /// Self-slashing through its own failed jobs.
    #[arg(long)]
    self_slasher: bool,
    /// Disputing every result, good or bad.
    #[arg(long)]
    dispute_griefer: bool,
    /// A wash farmer pumping the spot around its reward claims.
    #[arg(long)]
    twap_manipulator: bool,
    /// A provider submitting junk for every milestone of the multi-milestone jobs it grabs.
    #[arg(long)]
    junk_milestones: bool,
}

impl AttackerFlags {
    fn any(&self) -> bool {
        self.wash_farmer
            || self.sandwicher
            || self.self_slasher
            || self.dispute_griefer
            || self.twap_manipulator
            || self.junk_milestones
    }

    /// Turns on, in a scenario, the attackers these flags name (a scenario's own stay on).
    fn add_to(&self, a: &mut compute_amm_sim::scenario::Attackers) {
        a.wash_farmer |= self.wash_farmer;
        a.sandwicher |= self.sandwicher;
        a.self_slasher |= self.self_slasher;
        a.dispute_griefer |= self.dispute_griefer;
        a.twap_manipulator |= self.twap_manipulator;
        a.junk_milestones |= self.junk_milestones;
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario (AMM and naive baseline) and write the report.
    Simulate {
        /// Scenario TOML (default: the built-in baseline scenario).
        #[arg(long)]
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "chain")]
        engine: EngineKind,
        /// Seeds to run (the chain engine runs the first; the model all, in parallel).
        #[arg(long, default_value_t = 1)]
        seeds: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Override the scenario's length (days).
        #[arg(long)]
        days: Option<u32>,
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Also write the action trace (JSON Lines) of the first seed.
        #[arg(long)]
        trace: bool,
        /// Chain engine: run the invariant checker on every n-th transaction (1 = every one; the test
        /// suite checks every transaction).
        #[arg(long, default_value_t = 10)]
        check_every: u64,
        /// Chain engine: what runs the transactions.
        #[arg(long, value_enum, default_value = "program-test")]
        executor: ExecutorKind,
        #[command(flatten)]
        attackers: AttackerFlags,
        /// Model engine: run only shard K of N (1-based) of the seeds (seed index i with
        /// i % N == K - 1) and write `shard-K-of-N.json` into `--out` instead of the report; `merge`
        /// the N shards for the report.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
    },
    /// Parameter grid × seeds on the model engine: `--param market.swap_fee_ppm=1000,3000,10000`,
    /// repeated for a grid of several parameters (every combination runs, in parallel over seeds);
    /// with two parameters it also draws a heat map per KPI of the AMM's mean.
    Sweep {
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// `NAME=v1,v2,...`; repeat for a multi-parameter grid.
        #[arg(long, required = true)]
        param: Vec<String>,
        #[arg(long, default_value_t = 20)]
        seeds: u32,
        #[arg(long, default_value = "out/sweep")]
        out: PathBuf,
        /// Run only shard K of N (1-based) of the (grid point, seed) pairs (pair index
        /// i = point × seeds + seed index, i % N == K - 1) and write `shard-K-of-N.json` into `--out`;
        /// `merge` the N shards for sweep.csv and the heat maps.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
    },
    /// Replay a trace (JSON Lines) against the program, checking every outcome and the end state.
    Replay {
        trace: PathBuf,
        /// The scenario the trace was recorded on (default: built-in baseline).
        #[arg(long)]
        scenario: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "program-test")]
        executor: ExecutorKind,
    },
    /// At least `--transactions` transactions of mixed scenarios (every `scenarios/*.toml` in turn,
    /// then the next seed) through the program, invariants after every transaction, every outcome
    /// checked against the model and every run's end state compared.
    Soak {
        #[arg(long, default_value_t = 1_000_000)]
        transactions: u64,
        /// Simulated days per run.
        #[arg(long, default_value_t = 30)]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 1)]
        check_every: u64,
        #[arg(long, value_enum, default_value = "lane")]
        executor: ExecutorKind,
        /// Directory of scenario files.
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
        /// Write the summary (JSON) here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Every scenario of a directory on the model engine, `--seeds` seeds each: one table of
    /// scenario × KPI (AMM mean | naive mean, and the share of paired seeds the AMM wins), printed
    /// as Markdown and written to `compare.md`, `compare.csv` and the page `compare.html`.
    Compare {
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
        #[arg(long, default_value_t = 200)]
        seeds: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value = "out/compare")]
        out: PathBuf,
        #[command(flatten)]
        attackers: AttackerFlags,
        /// Run only shard K of N (1-based) of the (scenario, seed) pairs (pair index
        /// i = scenario × seeds + seed index, i % N == K - 1) and write `shard-K-of-N.json` into
        /// `--out`; `merge` the N shards for the tables.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
    },
    /// Merge the shard files of a sharded `simulate --engine model`, `sweep` or `compare` run (files,
    /// or directories holding `shard-K-of-N.json`): checks that all N shards of the same run are
    /// there, once each, and writes what the unsharded command writes (the same files, byte for
    /// byte, but for `wall_seconds`: here the sum of the shards' run times).
    Merge {
        /// Shard files or directories of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write what the unsharded command writes (its report, sweep.csv or compare.*).
        #[arg(long)]
        out: PathBuf,
    },
    /// Seeded random swaps and liquidity actions against the program, with a summary.
    Demo {
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long, default_value_t = 3_000)]
        steps: usize,
        #[arg(long, default_value_t = 8)]
        users: usize,
    },
}

fn load(path: &Option<PathBuf>) -> Scenario {
    let text = match path {
        Some(p) => std::fs::read_to_string(p)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())),
        None => DEFAULT_SCENARIO.to_string(),
    };
    Scenario::from_toml(&text).unwrap_or_else(|e| panic!("invalid scenario: {e}"))
}

fn quiet() -> Option<gag::Gag> {
    // natively every `msg!` of the program is a println to stdout
    gag::Gag::stdout().ok()
}

fn bar(len: u64, what: &str) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(len);
    b.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b.set_message(what.to_string());
    b
}

fn write_trace(path: &std::path::Path, trace: &[TraceRecord]) {
    let mut text = format!("{{\"schema_version\":{TRACE_SCHEMA_VERSION}}}\n");
    for r in trace {
        text.push_str(&serde_json::to_string(r).expect("trace serializes"));
        text.push('\n');
    }
    std::fs::write(path, text).expect("write trace");
}

/// The KPI table: per KPI and market the mean and p5 / p50 / p95 over seeds, and the share of paired
/// seeds in which the AMM is strictly better.
fn print_kpi_table(summary: &SeedSummary) {
    println!(
        "{:<44}| {:>9} {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} {:>9} | AMM better in (paired seeds)",
        "", "AMM mean", "p5", "p50", "p95", "base mean", "p5", "p50", "p95"
    );
    for k in &summary.kpis {
        let percent = KPIS
            .iter()
            .find(|d| d.name == k.kpi)
            .is_some_and(|d| d.percent);
        let t = |v: f64| kpi_text(percent, v);
        let win = match k.amm_better_share {
            Some(w) => {
                let dir = if k.better == Better::Lower {
                    "lower"
                } else {
                    "higher"
                };
                let ties = k.tie_share.unwrap_or(0.0);
                if ties > 0.0 {
                    format!(
                        "{} of seeds ({dir}; ties {})",
                        fmt_share(w),
                        fmt_share(ties)
                    )
                } else {
                    format!("{} of seeds ({dir})", fmt_share(w))
                }
            }
            None => "n/a".into(),
        };
        let label: String = k.label.chars().take(43).collect();
        println!(
            "{label:<44}| {:>9} {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} {:>9} | {win}",
            t(k.amm.mean),
            t(k.amm.p5),
            t(k.amm.p50),
            t(k.amm.p95),
            t(k.baseline.mean),
            t(k.baseline.p5),
            t(k.baseline.p50),
            t(k.baseline.p95),
        );
    }
}

/// An error message and exit status 1.
fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

/// `--shard k/n`: runs the shard's items of `job` and writes its shard file into `out`.
fn run_shard(job: &Job, units: &[Unit], sh: Shard, out: &std::path::Path) {
    let items = units.len() * job.seeds().len();
    let mine = sh.items(items).len();
    let b = bar(mine as u64, &format!("shard {sh}"));
    let file = shard::run_shard(job, units, sh, Some(&b))
        .unwrap_or_else(|e| fail(&format!("shard {sh}: {e}")));
    b.finish();
    let path = shard::write_shard(out, &file)
        .unwrap_or_else(|e| fail(&format!("write shard file in {}: {e}", out.display())));
    println!(
        "{} shard {sh}: {mine} of {items} runs (unit, seed) in {:.1} s; wrote {}",
        job.command(),
        file.wall_seconds,
        path.display()
    );
    println!(
        "when all {} shards are done: compute-amm-sim merge {} --out <dir>",
        sh.n,
        out.display()
    );
}

/// The end of `simulate` (and of `merge` of its shards): the seeds report, the KPI table and the
/// extra facts; exits 1 on a model/chain mismatch.
fn finish_simulate(
    out: &std::path::Path,
    s: &Scenario,
    engine_name: &str,
    seed: u64,
    runs: &SeedRuns,
    extra: serde_json::Map<String, serde_json::Value>,
    wall_seconds: f64,
) {
    let done = jobs::write_simulate(out, s, engine_name, seed, runs, extra, wall_seconds)
        .expect("write report");
    println!(
        "scenario {} — {} days, engine {engine_name}, {} seed(s) from {seed}; every KPI computed per seed, then summarized across seeds",
        s.name,
        s.days,
        runs.seeds.len()
    );
    print_kpi_table(&done.summary);
    for (k, v) in done.extra.as_object().into_iter().flatten() {
        println!("{k:<28}{v}");
    }
    println!("report: {}", done.files.html.display());
    if done
        .extra
        .get("model_chain_agreement")
        .and_then(|v| v.as_str())
        .is_some_and(|s| s.starts_with("MISMATCH"))
    {
        std::process::exit(1);
    }
}

/// The end of `sweep` (and of `merge` of its shards): sweep.csv flushed, the heat maps.
fn finish_sweep(w: SweepWriter) {
    let done = w.finish().expect("sweep.csv and heat maps");
    println!("wrote {}", done.csv.display());
    if let Some((xn, yn)) = done.heatmap_axes {
        println!(
            "wrote {} heat maps (AMM mean per KPI over {xn} × {yn}) in {}",
            done.heatmaps,
            done.csv
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .display()
        );
    }
}

/// The end of `compare` (and of `merge` of its shards): compare.md and compare.html, the table.
fn finish_compare(w: CompareWriter, scenarios: usize, seeds: u32, seed: u64, secs: f64) {
    let done = w.finish().expect("compare.csv, compare.md, compare.html");
    println!(
        "{scenarios} scenarios × {seeds} seeds (model engine, seeds from {seed}), {secs:.1} s; each cell: AMM mean | naive mean (share of paired seeds where the AMM is better)",
    );
    print!("{}", done.markdown);
    println!("page: {}", done.page.display());
}

fn main() {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Simulate {
        scenario: None,
        engine: EngineKind::Chain,
        seeds: 1,
        seed: 1,
        days: None,
        out: "out".into(),
        trace: false,
        check_every: 10,
        executor: ExecutorKind::ProgramTest,
        attackers: AttackerFlags::default(),
        shard: None,
    });
    match command {
        Command::Simulate {
            scenario,
            engine,
            seeds,
            seed,
            days,
            out,
            trace,
            check_every,
            executor,
            attackers,
            shard: sh,
        } => {
            let mut s = load(&scenario);
            if let Some(d) = days {
                s.days = d;
            }
            attackers.add_to(&mut s.attackers);
            if let Some(sh) = sh {
                if engine != EngineKind::Model {
                    fail("--shard splits the model engine's seeds: add --engine model");
                }
                if trace {
                    fail("--trace is not written by a sharded run: run the first seed alone with --trace");
                }
                let job = Job::Simulate {
                    first_seed: seed,
                    seeds,
                };
                let units = [Unit {
                    label: s.name.clone(),
                    scenario: s,
                }];
                run_shard(&job, &units, sh, &out);
                return;
            }
            std::fs::create_dir_all(&out).expect("create out dir");
            let started = Instant::now();
            let (runs, engine_name, extra) = match engine {
                EngineKind::Model => {
                    let b = bar(seeds as u64, "model runs");
                    let r = runner::monte_carlo_runs(&s, seeds, seed, Some(&b));
                    b.finish();
                    let extra = jobs::model_extra(&r);
                    if trace {
                        let (_, _, t, _) = runner::run_model(&s, seed, true);
                        write_trace(&out.join("trace.jsonl"), &t.unwrap_or_default());
                    }
                    (r, "model", extra)
                }
                EngineKind::Chain => {
                    let mut extra = serde_json::Map::new();
                    extra.insert("engine".into(), serde_json::json!("chain"));
                    eprintln!("chain engine: every action of seed {seed} is a transaction against the program (invariants checked after each)...");
                    let (model_epochs, model_actions, t, model) =
                        runner::run_model(&s, seed, trace);
                    let t0 = Instant::now();
                    let (chain_epochs, txs, predicted_failures, agreement) = {
                        let _q = quiet();
                        let mut ce = ChainEngine::with_executor(
                            amm::genesis(&s, START),
                            check_every,
                            executor.executor(),
                        );
                        // the model's action count bounds the transactions (seeding and warps
                        // are actions but not transactions)
                        let b = bar(model_actions, "chain transactions");
                        ce.progress = Some(b.clone());
                        let ep = amm::run(&s, seed, &mut ce);
                        b.finish_and_clear();
                        let agree = ce.compare();
                        let model_vs_chain_mirror = if model.st.pool.reserve_quote
                            == ce.state().pool.reserve_quote
                            && ep == model_epochs
                        {
                            Ok(())
                        } else {
                            Err("model engine and chain engine diverged".to_string())
                        };
                        (
                            ep,
                            ce.transactions,
                            ce.failed_as_predicted,
                            agree.and(model_vs_chain_mirror),
                        )
                    };
                    let secs = t0.elapsed().as_secs_f64();
                    extra.insert("chain_transactions".into(), serde_json::json!(txs));
                    extra.insert(
                        "chain_failed_as_predicted".into(),
                        serde_json::json!(predicted_failures),
                    );
                    extra.insert("chain_seconds".into(), serde_json::json!(secs));
                    extra.insert(
                        "chain_tx_per_sec".into(),
                        serde_json::json!(txs as f64 / secs),
                    );
                    extra.insert(
                        "invariant_checks".into(),
                        serde_json::json!(format!("every {check_every} transaction(s)")),
                    );
                    extra.insert("model_actions".into(), serde_json::json!(model_actions));
                    extra.insert(
                        "model_chain_agreement".into(),
                        serde_json::json!(match &agreement {
                            Ok(()) =>
                                "same end state (pool, market, class, every provider and wallet)"
                                    .to_string(),
                            Err(e) => format!("MISMATCH: {e}"),
                        }),
                    );
                    if let Some(t) = t {
                        write_trace(&out.join("trace.jsonl"), &t);
                    }
                    if let Err(e) = &agreement {
                        eprintln!("model/chain agreement FAILED: {e}");
                    }
                    if seeds > 1 {
                        eprintln!("chain engine: seed {seed} only (--seeds {seeds} ignored); the baseline runs the same seed, paired");
                    }
                    // the baseline on the same seed only: the comparison is paired
                    let r = runner::SeedRuns {
                        seeds: vec![seed],
                        amm: vec![chain_epochs],
                        baseline: vec![baseline::run(&s, seed)],
                        actions: model_actions,
                    };
                    (r, "chain", extra)
                }
            };
            let secs = started.elapsed().as_secs_f64();
            finish_simulate(&out, &s, engine_name, seed, &runs, extra, secs);
        }
        Command::Sweep {
            scenario,
            param,
            seeds,
            out,
            shard: sh,
        } => {
            let s = load(&scenario);
            let units = jobs::sweep_units(&s, &param).unwrap_or_else(|e| fail(&e));
            let job = Job::Sweep {
                params: param.clone(),
                seeds,
            };
            if let Some(sh) = sh {
                run_shard(&job, &units, sh, &out);
                return;
            }
            let mut w = SweepWriter::create(&out, &param, seeds).expect("sweep.csv");
            let b = bar(units.len() as u64 * seeds as u64, "sweep");
            for u in &units {
                let r =
                    runner::monte_carlo_runs(&u.scenario, seeds, jobs::SWEEP_FIRST_SEED, Some(&b));
                w.add(u, &r).expect("sweep.csv row");
            }
            b.finish();
            finish_sweep(w);
        }
        Command::Replay {
            trace,
            scenario,
            executor,
        } => {
            let s = load(&scenario);
            let text = std::fs::read_to_string(&trace).expect("read trace");
            let mut lines = text.lines();
            let header: serde_json::Value =
                serde_json::from_str(lines.next().expect("header")).expect("header json");
            assert_eq!(
                header["schema_version"], TRACE_SCHEMA_VERSION,
                "trace schema version"
            );
            let records: Vec<TraceRecord> = lines
                .map(|l| serde_json::from_str(l).expect("trace line"))
                .collect();
            let t0 = Instant::now();
            let (txs, result) = {
                let _q = quiet();
                let mut ce =
                    ChainEngine::with_executor(amm::genesis(&s, START), 1, executor.executor());
                for r in &records {
                    let got = ce.apply(&r.action).err();
                    assert_eq!(got, r.error, "step {}: {:?}", r.step, r.action);
                }
                (ce.transactions, ce.compare())
            };
            println!(
                "replayed {} actions ({txs} transactions) in {:.2} s; end state: {}",
                records.len(),
                t0.elapsed().as_secs_f64(),
                match &result {
                    Ok(()) => "matches the model".to_string(),
                    Err(e) => e.clone(),
                }
            );
            if result.is_err() {
                std::process::exit(1);
            }
        }
        Command::Soak {
            transactions,
            days,
            seed,
            check_every,
            executor,
            scenarios,
            out,
        } => {
            let mut list: Vec<(String, Scenario)> = Vec::new();
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&scenarios)
                .unwrap_or_else(|e| panic!("read {}: {e}", scenarios.display()))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("toml"))
                .collect();
            paths.sort();
            for p in paths {
                let name = p
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("?")
                    .to_string();
                list.push((name, load(&Some(p))));
            }
            let cfg = compute_amm_sim::soak::SoakConfig {
                transactions,
                days,
                first_seed: seed,
                check_every,
                executor: executor.executor(),
            };
            let b = bar(transactions, "soak");
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:40}] {pos}/{len} {per_sec} {elapsed} (eta {eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let summary = {
                let _q = quiet();
                compute_amm_sim::soak::run(&cfg, &list, Some(&b))
            };
            b.finish();
            let json = serde_json::to_string_pretty(&summary).expect("summary");
            if let Some(path) = out {
                std::fs::write(&path, &json).expect("write soak summary");
            }
            let t = &summary.tenths_tx_per_sec;
            println!(
                "soak: {} transactions in {} runs, {:.1} s ({:.0} tx/s); invariant checks {}; invariant violations {}; model/chain disagreements {}",
                summary.transactions,
                summary.runs.len(),
                summary.wall_seconds,
                summary.tx_per_sec,
                summary.invariant_checks,
                summary.invariant_violations,
                summary.disagreements
            );
            if let (Some(first), Some(last)) = (t.first(), t.last()) {
                println!(
                    "throughput by tenth (tx/s): {}; last/first {:.2}",
                    t.iter()
                        .map(|v| format!("{v:.0}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    last / first
                );
            }
            for r in summary.runs.iter().filter(|r| r.failure.is_some()) {
                println!(
                    "FAILED {} seed {}: {}",
                    r.scenario,
                    r.seed,
                    r.failure.as_deref().unwrap_or("")
                );
            }
            if summary.invariant_violations + summary.disagreements > 0 {
                std::process::exit(1);
            }
        }
        Command::Compare {
            scenarios,
            seeds,
            seed,
            out,
            attackers: flags,
            shard: sh,
        } => {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&scenarios)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", scenarios.display()))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            let units: Vec<Unit> = files
                .iter()
                .map(|f| {
                    let mut sc = load(&Some(f.clone()));
                    flags.add_to(&mut sc.attackers);
                    Unit {
                        label: f
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        scenario: sc,
                    }
                })
                .collect();
            let job = Job::Compare {
                first_seed: seed,
                seeds,
                attackers: flags.any(),
            };
            if let Some(sh) = sh {
                run_shard(&job, &units, sh, &out);
                return;
            }
            let started = Instant::now();
            let mut w = CompareWriter::create(&out, seeds, seed, flags.any()).expect("compare.csv");
            for u in &units {
                let runs = runner::monte_carlo_runs(&u.scenario, seeds, seed, None);
                w.add(&u.scenario, &runs).expect("compare.csv row");
            }
            finish_compare(w, units.len(), seeds, seed, started.elapsed().as_secs_f64());
        }
        Command::Merge { inputs, out } => {
            let m = shard::merge_paths(&inputs).unwrap_or_else(|e| fail(&format!("merge: {e}")));
            eprintln!(
                "merged {} shard(s) of a {} run: {} scenario(s) × {} seed(s)",
                m.shards,
                m.job.command(),
                m.units.len(),
                m.job.seeds().len()
            );
            match &m.job {
                Job::Simulate { first_seed, .. } => {
                    let (Some(u), Some(r), 1) = (m.units.first(), m.runs.first(), m.units.len())
                    else {
                        fail("merge: a simulate run has exactly one scenario");
                    };
                    finish_simulate(
                        &out,
                        &u.scenario,
                        "model",
                        *first_seed,
                        r,
                        jobs::model_extra(r),
                        m.wall_seconds,
                    );
                }
                Job::Sweep { params, seeds } => {
                    let mut w = SweepWriter::create(&out, params, *seeds).expect("sweep.csv");
                    for (u, r) in m.units.iter().zip(&m.runs) {
                        w.add(u, r).expect("sweep.csv row");
                    }
                    finish_sweep(w);
                }
                Job::Compare {
                    first_seed,
                    seeds,
                    attackers,
                } => {
                    let mut w = CompareWriter::create(&out, *seeds, *first_seed, *attackers)
                        .expect("compare.csv");
                    for (u, r) in m.units.iter().zip(&m.runs) {
                        w.add(&u.scenario, r).expect("compare.csv row");
                    }
                    finish_compare(w, m.units.len(), *seeds, *first_seed, m.wall_seconds);
                }
            }
        }
        Command::Demo { seed, steps, users } => {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            let s = {
                let _q = quiet();
                rt.block_on(demo_run(&ReplayConfig { seed, steps, users }))
            };
            println!("{}", serde_json::to_string_pretty(&s).expect("summary"));
        }
    }
}
