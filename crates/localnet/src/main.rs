//! `localnet`: starts a real Agave test validator in this process with Compute AMM loaded as a
//! native builtin, JSON-RPC on 127.0.0.1, bootstraps a demo market over RPC and prints its addresses.
//! Runs until Ctrl-C or SIGTERM.

use std::path::PathBuf;

use clap::Parser;
use compute_amm_localnet::{demo, Config, Localnet};

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// JSON-RPC port on 127.0.0.1 (PubSub listens on the next port).
    #[arg(long, default_value_t = 8899)]
    rpc_port: u16,
    /// Ledger directory (default: a temporary directory, removed on exit).
    #[arg(long)]
    ledger: Option<PathBuf>,
    /// Write the demo's addresses and keypairs as JSON here once the market is up (the file appears
    /// atomically, so a script can wait for it).
    #[arg(long)]
    info: Option<PathBuf>,
    /// Start the validator without bootstrapping the demo market.
    #[arg(long)]
    no_demo: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cli = Cli::parse();
    let net = Localnet::start(&Config {
        rpc_port: Some(cli.rpc_port),
        ledger: cli.ledger.clone(),
    })?;
    let url = net.rpc_url();
    println!("localnet: JSON-RPC {url} (loopback only)");
    println!("localnet: program {} (native builtin)", compute_amm::ID);

    if !cli.no_demo {
        let rpc = net.rpc();
        let d = demo::bootstrap(&rpc)?;
        let info = demo::Info::new(url.clone(), &net.faucet, &d);
        println!("localnet: demo market bootstrapped over RPC");
        println!("  protocol mint  {}", d.protocol_mint);
        println!("  market         {}", d.pool.market);
        println!(
            "  gpu class      {} ({})",
            d.pool.gpu_class,
            demo::CLASS_NAME
        );
        println!("  credit mint    {}", d.pool.credit_mint);
        println!("  quote mint     {}", d.quote_mint);
        println!("  pool           {}", d.pool.pool);
        println!("  provider       {}", d.provider_addrs.provider);
        let json = serde_json::to_string_pretty(&info)?;
        if let Some(path) = &cli.info {
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, &json)?;
            std::fs::rename(&tmp, path)?;
            println!(
                "localnet: addresses and demo keypairs written to {}",
                path.display()
            );
        }
    }
    println!("localnet: ready (Ctrl-C to stop)");

    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
            tokio::select! {
                r = tokio::signal::ctrl_c() => r,
                _ = term.recv() => Ok(()),
            }
        })?;
    println!("localnet: stopping");
    drop(net); // removes a temporary ledger
    Ok(())
}
