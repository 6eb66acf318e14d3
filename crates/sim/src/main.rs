//! `compute-amm-sim`: drives Compute AMM in-process.
//!
//! Today: `demo` replays seeded random swaps and liquidity actions against the real program (running
//! natively in solana-program-test), predicts every outcome with the shared math, checks the
//! invariants after every transaction, and prints a summary. The agent-based simulator grows here.

use clap::{Parser, Subcommand};
use compute_amm_harness::replay::{run, ReplayConfig};

#[derive(Parser)]
#[command(
    name = "compute-amm-sim",
    about = "Compute AMM market simulator and replay driver"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Replay seeded random market traffic against the program and print a summary.
    Demo {
        /// RNG seed: the same seed gives the same run.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Number of actions to draw.
        #[arg(long, default_value_t = 3_000)]
        steps: usize,
        /// Number of trading users.
        #[arg(long, default_value_t = 8)]
        users: usize,
        /// Print the summary as JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Show the program's own log lines (natively, `msg!` prints to stdout).
        #[arg(long)]
        program_logs: bool,
    },
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo {
            seed,
            steps,
            users,
            json,
            program_logs,
        } => {
            let s = {
                // Natively, every `msg!` of the program is a println; keep them out of the report.
                let _quiet = (!program_logs).then(|| gag::Gag::stdout().ok()).flatten();
                run(&ReplayConfig { seed, steps, users }).await
            };
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&s).expect("summary serializes")
                );
                return;
            }
            println!("Compute AMM demo replay (seed {seed}, {steps} steps, {users} users)");
            println!("  transactions            {}", s.transactions);
            println!("  succeeded               {}", s.succeeded);
            println!("  failed as predicted     {}", s.failed_as_predicted);
            for (name, n) in &s.failures_by_error {
                println!("    {name:<22}{n}");
            }
            println!("  actions                 {:?}", s.actions);
            println!(
                "  invariant checks        {} (0 violations)",
                s.invariant_checks
            );
            println!("  model/chain mismatches  {}", s.model_mismatches);
            println!(
                "  final reserves          {} credit / {} quote (base units)",
                s.final_reserve_credit, s.final_reserve_quote
            );
            println!(
                "  final price             {:.4} quote per GPU-hour",
                s.final_price_quote_per_credit
            );
            println!(
                "  protocol fees accrued   {} credit / {} quote",
                s.protocol_fees_credit, s.protocol_fees_quote
            );
            println!(
                "  swap volume             {:.2} quote",
                s.volume_quote as f64 / 1e6
            );
            println!("  wall time               {:.2} s ({:.0} tx/s incl. invariant checks and model comparison)", s.elapsed_secs, s.tx_per_sec);
        }
    }
}
