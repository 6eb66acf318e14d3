//! `localnet`: a real in-process Agave test validator with Compute AMM loaded as a native builtin
//! and JSON-RPC on 127.0.0.1.
//!
//! No SBF toolchain exists on these machines, so the program cannot be deployed as a BPF binary.
//! Instead the program account is created at genesis (owner: native loader) and the program's
//! native entry point is registered as a builtin in every bank; banks created later inherit it.
//! Everything else is a stock validator: blocks, fees, signatures, the SPL Token program (BPF, from
//! `solana-program-binaries`), and the JSON-RPC API any Solana client speaks.
//!
//! * [`Localnet::start`] starts the validator; [`bridge`] makes the program's CPIs and sysvar reads
//!   reach it; [`loopback`] keeps every listener on loopback.
//! * [`rpc::Rpc`]: a small blocking client (send, read token balances, create mints and accounts).
//! * [`demo`]: bootstraps a demo market, GPU class, pool and staked provider over RPC, and the
//!   end-to-end scenario the tests and `localnet --scenario` run.

#![allow(deprecated)] // Agave's test-validator and program-test APIs are marked "agave-unstable-api"

pub mod bridge;
pub mod demo;
pub mod loopback;
pub mod rpc;

use std::path::PathBuf;

use program_test_v4::{
    BuiltinFunctionDefinition, EbpfError, EncryptedHostAddressToEbpfVm, InvokeContext,
};
use solana_account::{AccountSharedData, WritableAccount};
use solana_keypair::Keypair;
use solana_net_utils::SocketAddrSpace;
use solana_program_runtime::program_cache_entry::ProgramCacheEntry;
use solana_program_runtime::stable_log;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_test_validator::{TestValidator, TestValidatorGenesis};

/// The name the builtin is registered under (also the program account's data, as for every builtin).
pub const PROGRAM_NAME: &str = "compute_amm";

/// Where and how to start.
#[derive(Debug, Default)]
pub struct Config {
    /// JSON-RPC port on 127.0.0.1 (PubSub is the next port). `None`: any free port.
    pub rpc_port: Option<u16>,
    /// Ledger directory. `None`: a temporary directory removed on drop.
    pub ledger: Option<PathBuf>,
}

/// A running validator with Compute AMM loaded.
pub struct Localnet {
    pub validator: TestValidator,
    /// Holds the genesis SOL (500,000,000 SOL); funds everything else.
    pub faucet: Keypair,
}

impl Localnet {
    /// Starts the validator and registers the program. Blocking; call it outside any tokio runtime.
    pub fn start(cfg: &Config) -> Result<Self, Box<dyn std::error::Error>> {
        loopback::ensure_linked();
        // The validator logs every instruction at debug level, which floods the terminal and slows
        // it down; keep warnings unless the user asked for more.
        if std::env::var_os("RUST_LOG").is_none() {
            std::env::set_var("RUST_LOG", "warn");
        }
        bridge::install();

        let faucet = Keypair::new();
        let mut genesis = TestValidatorGenesis::default();
        genesis.add_account(compute_amm::ID, program_account(&genesis));
        // Keep transaction history so clients can fetch confirmed transactions (and the program's
        // logs and events in them), as `solana-test-validator` does.
        genesis.rpc_config(solana_rpc::rpc::JsonRpcConfig {
            enable_rpc_transaction_history: true,
            // Without it the transaction status service strips log messages (and so the program's
            // events) from the metadata it stores for `getTransaction`.
            enable_extended_tx_metadata_storage: true,
            ..solana_rpc::rpc::JsonRpcConfig::default_for_test()
        });
        // Gossip would default to the first port of the validator range (8000); take a free one so
        // several localnets (a running `localnet` and the test suite's) can coexist.
        genesis.gossip_port(free_port()?);
        if let Some(port) = cfg.rpc_port {
            genesis.rpc_port(port);
        }
        if let Some(ledger) = &cfg.ledger {
            genesis.ledger_path(ledger);
        }
        let validator = genesis.start_with_mint_address(
            faucet.pubkey(),
            SocketAddrSpace::new(/* allow_private_addr */ true),
        )?;
        // A bank that was being made from its parent while the builtin went in could miss it; a
        // second pass once two more slots exist closes that window (registering is idempotent).
        register_builtin(&validator);
        let rpc = validator.get_rpc_client();
        let first = rpc.get_slot()?;
        while rpc.get_slot()? < first + 2 {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        register_builtin(&validator);
        Ok(Self { validator, faucet })
    }

    pub fn rpc_url(&self) -> String {
        self.validator.rpc_url()
    }

    /// A client at `confirmed` commitment, funded by the faucet.
    pub fn rpc(&self) -> rpc::Rpc {
        rpc::Rpc::new(&self.rpc_url(), self.faucet.insecure_clone())
    }
}

/// The program account as the runtime creates it for a builtin: executable, owned by the native
/// loader, its data the builtin's name. Created at genesis so that adding the builtin later never has
/// to write an account into a bank that is already frozen.
fn program_account(genesis: &TestValidatorGenesis) -> AccountSharedData {
    let mut account = AccountSharedData::new(
        genesis.rent.minimum_balance(PROGRAM_NAME.len()).max(1),
        PROGRAM_NAME.len(),
        &solana_sdk_ids::native_loader::id(),
    );
    account.set_data_from_slice(PROGRAM_NAME.as_bytes());
    account.set_executable(true);
    account
}

/// Registers the native entry point in every bank the validator holds. Banks made afterwards
/// (`Bank::new_from_parent`) inherit their parent's builtins, and the bank-forks lock held here keeps
/// new banks from being inserted meanwhile.
fn register_builtin(validator: &TestValidator) {
    let forks = validator.bank_forks();
    let forks = forks.read().expect("bank forks lock");
    for bank in forks.banks().values() {
        bank.add_builtin(
            compute_amm::ID,
            PROGRAM_NAME,
            ProgramCacheEntry::new_builtin(
                0,
                PROGRAM_NAME.len(),
                <EventLoggingBuiltin as BuiltinFunctionDefinition<_>>::register,
            ),
        );
    }
}

/// The program's native entry point as a builtin, like program-test's `processor!`, except that while
/// it runs the instruction's log collector is the current event sink, so the program's events
/// (`sol_log_data`, see `bridge`) are logged as `Program data: <base64>` exactly as the SBF syscall
/// would log them, and reach clients in the confirmed transaction's `logMessages`.
struct EventLoggingBuiltin;

impl BuiltinFunctionDefinition<InvokeContext<'_, '_>> for EventLoggingBuiltin {
    type Error = Box<dyn std::error::Error>;

    fn rust(
        _: &mut InvokeContext<'_, '_>,
        _: u64,
        _: u64,
        _: u64,
        _: u64,
        _: u64,
    ) -> Result<u64, Self::Error> {
        // Only the VM entry point below is ever registered; program-test's `processor!` is the same.
        Err("the compute_amm builtin is entered through its VM entry point".into())
    }

    fn vm(
        mut vm: EncryptedHostAddressToEbpfVm<InvokeContext>,
        _: u64,
        _: u64,
        _: u64,
        _: u64,
        _: u64,
    ) {
        // SAFETY: as in program-test's `processor!`: the runtime hands the builtin its own VM.
        unsafe {
            vm.with_vm(|vm| {
                let collector = vm.context().get_log_collector();
                let result = compute_amm_native::with_event_sink(
                    move |fields| stable_log::program_data(&collector, fields),
                    || {
                        program_test_v4::invoke_builtin_function(
                            compute_amm_native::process_instruction,
                            vm.context(),
                        )
                    },
                );
                vm.program_result = result.map_err(EbpfError::SyscallError).into();
            });
        }
    }
}

/// A port free for both TCP and UDP on 127.0.0.1 right now.
fn free_port() -> std::io::Result<u16> {
    loop {
        let tcp = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        let port = tcp.local_addr()?.port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
    }
}

/// The program id, for printing.
pub fn program_id() -> Pubkey {
    compute_amm::ID
}
