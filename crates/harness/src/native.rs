//! The adapter that runs the Anchor program natively (shared with `localnet`), and the builtin
//! wrapper that puts the program's events into the transaction's logs.
//!
//! Natively the program's `sol_log_data` (its events, see `compute_amm::events::emit_event`) goes
//! to solana-program-test's syscall stubs, which do not implement it. [`builtin`] runs the program
//! with the instruction's log collector as the current event sink, and [`install_event_logging`]
//! wraps program-test's stubs so that `sol_log_data` writes `Program data: <base64>` into it, as the
//! SBF syscall does. Transaction metadata then carries the events, and `compute_amm_client::events`
//! decodes them.

use std::sync::Once;

use solana_program_runtime::invoke_context::BuiltinFunctionWithContext;
use solana_program_runtime::stable_log;
use solana_program_test::{
    get_runtime_environment_key, invoke_builtin_function, EbpfError, EbpfVm, InvokeContext,
    ProgramTest,
};
use solana_sysvar::program_stubs::{set_syscall_stubs, SyscallStubs};

pub use compute_amm_native::process_instruction;

/// program-test's stubs, with `sol_log_data` routed to the current event sink.
struct EventLoggingStubs(Box<dyn SyscallStubs>);
compute_amm_native::forward_syscall_stubs!(SyscallStubs, EventLoggingStubs);

/// Holds the stubs' slot for the instant the real ones are taken out.
struct Placeholder;
impl SyscallStubs for Placeholder {}

/// Installs the event-logging stubs over program-test's. Idempotent; every harness entry point calls
/// it before starting a bank, so no transaction can run while the stubs are being swapped (other
/// threads wait on the `Once`).
pub fn install_event_logging() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // program-test installs its stubs (once per process) while setting up its first bank. On a
        // thread of its own, since callers may already be inside a tokio runtime.
        std::thread::spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime for the stub installer")
                .block_on(async {
                    let _ = ProgramTest::default().start().await;
                })
        })
        .join()
        .expect("program-test's stubs install");
        let real = set_syscall_stubs(Box::new(Placeholder));
        set_syscall_stubs(Box::new(EventLoggingStubs(real)));
        // the lane's stubs go on top: they serve lane transactions and forward everything else
        compute_amm_lane::install();
    });
}

/// The program as a builtin for `ProgramTest::new`: program-test's `processor!`, with the running
/// instruction's log collector as the event sink.
pub fn builtin() -> Option<BuiltinFunctionWithContext> {
    Some(|vm, _arg0, _arg1, _arg2, _arg3, _arg4| {
        // SAFETY: as in program-test's `processor!`: the runtime passes the builtin a pointer into
        // its own VM, offset by the runtime environment key.
        let vm = unsafe {
            &mut *((vm as *mut u64).offset(-(get_runtime_environment_key() as isize))
                as *mut EbpfVm<InvokeContext>)
        };
        let collector = vm.context_object_pointer.get_log_collector();
        let result = compute_amm_native::with_event_sink(
            move |fields| stable_log::program_data(&collector, fields),
            || invoke_builtin_function(process_instruction, vm.context_object_pointer),
        );
        vm.program_result = result.map_err(EbpfError::SyscallError).into();
    })
}
