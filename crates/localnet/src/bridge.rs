//! Bridges the program's syscalls to the validator's runtime.
//!
//! Natively, a program's syscalls (CPI, sysvars, logs, return data) go through a process-global
//! `SyscallStubs` object. The program is built on anchor-lang 1.2's Solana 3.x crates, whose stubs
//! live in `solana-sysvar` 3; the Agave 4.2 validator's builtin runner (solana-program-test 4.2)
//! installs its stubs into `solana-sysvar` 4. Left alone, the program would talk to the 3.x
//! defaults: every CPI a silent no-op returning `Ok`, `Clock::get()` unsupported. (Agave 3.1's test
//! validator would avoid this, but it does not resolve with anchor-lang 1.2: solana-gossip 3.1 pins
//! solana-clock 3.0.0, anchor-lang needs ^3.0.1.)
//!
//! [`install`] takes the 4.x stubs program-test installed and shares them between both registries,
//! so the program's CPIs and sysvar reads reach the running transaction, and its events
//! (`sol_log_data`) reach the transaction's logs. Both traits have the same methods over the same
//! types (solana-account-info 3, solana-instruction 3, the unified `Address`). The end-to-end tests
//! prove CPIs execute by reading token balances over RPC and decode the program's events from the
//! confirmed transactions' logs. (`msg!` text does not get there: solana-msg prints to stdout
//! natively without going through the stubs.)

use std::sync::{Arc, Once};

use sysvar_v3::program_stubs::SyscallStubs as StubsV3;
use sysvar_v4::program_stubs::SyscallStubs as StubsV4;

/// The validator runtime's stubs, reachable through both traits.
struct Shared(Arc<dyn StubsV4>);

/// Stands in for a moment while the real stubs are taken out of the 4.x registry.
struct Placeholder;
impl StubsV4 for Placeholder {}

// Every method forwards to the validator's stubs, but `sol_log_data` (the program's events) goes to
// the running instruction's log collector, which the builtin wrapper in `lib.rs` makes the current
// event sink: events land in the transaction's logs as `Program data: <base64>`, as on SBF.
compute_amm_native::forward_syscall_stubs!(StubsV3, Shared);
compute_amm_native::forward_syscall_stubs!(StubsV4, Shared);

/// Installs solana-program-test 4.2's syscall stubs (by starting a throwaway `ProgramTest` once) and
/// shares them with the 3.x registry the program calls into. Idempotent.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime for the stub installer");
        rt.block_on(async {
            // program-test installs its stubs while setting up its first bank.
            let _ = program_test_v4::ProgramTest::default().start().await;
        });
        let real: Arc<dyn StubsV4> = Arc::from(sysvar_v4::program_stubs::set_syscall_stubs(
            Box::new(Placeholder),
        ));
        sysvar_v4::program_stubs::set_syscall_stubs(Box::new(Shared(real.clone())));
        sysvar_v3::program_stubs::set_syscall_stubs(Box::new(Shared(real)));
    });
}
