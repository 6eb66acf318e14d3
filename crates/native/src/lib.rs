//! Runs the Anchor program as a native builtin: in solana-program-test (the harness) and in the
//! in-process Agave test validator (`localnet`). No SBF toolchain exists on these machines.

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;

/// solana-program-test's `processor!` wants `fn(&Pubkey, &[AccountInfo], &[u8])` with independent
/// lifetimes, but Anchor's generated `entry` ties all three to one `'info`. `AccountInfo` is
/// invariant in its lifetime (it holds `RefCell`s), so the slice cannot simply be coerced; it is
/// re-borrowed with one common lifetime instead. Sound because every borrow outlives this call: the
/// runtime owns the accounts for the whole instruction and nothing escapes `entry`.
pub fn process_instruction(
    program_id: &Pubkey,
    accounts: &[AccountInfo],
    data: &[u8],
) -> ProgramResult {
    // SAFETY: see above; only lifetimes change, the layout is identical.
    let accounts: &[AccountInfo<'_>] = unsafe { core::mem::transmute(accounts) };
    compute_amm::entry(program_id, accounts, data)
}

// ---- events ----
//
// The program writes its events with `sol_log_data` (Anchor's `emit!` format). On SBF that is a
// syscall the runtime turns into a `Program data: <base64>` line in the transaction's logs. Natively
// the call reaches the process-global syscall stubs, and neither solana-program-test's stubs nor
// Agave's implement it (their default prints to stdout). The native harnesses therefore wrap the
// builtin: while the program runs, the running instruction's log collector is the current *event
// sink*, and their stubs' `sol_log_data` writes into it exactly what the runtime's syscall would.

use std::cell::RefCell;

/// Where `sol_log_data` goes while an instruction of the program runs.
type EventSink = Box<dyn Fn(&[&[u8]])>;

thread_local! {
    /// One sink per nested invocation of the program (a stack, so a CPI back into the program,
    /// should one ever exist, logs into its own instruction's collector and the outer one resumes).
    static EVENT_SINKS: RefCell<Vec<EventSink>> = const { RefCell::new(Vec::new()) };
}

/// Pops the sink even if the program panics.
struct SinkGuard;
impl Drop for SinkGuard {
    fn drop(&mut self) {
        EVENT_SINKS.with(|s| s.borrow_mut().pop());
    }
}

/// Runs `run` (one invocation of the program) with `sink` receiving its events.
pub fn with_event_sink<R>(sink: impl Fn(&[&[u8]]) + 'static, run: impl FnOnce() -> R) -> R {
    EVENT_SINKS.with(|s| s.borrow_mut().push(Box::new(sink)));
    let _guard = SinkGuard;
    run()
}

/// Hands `fields` to the current sink; `false` when the program is not running under one.
pub fn log_event_data(fields: &[&[u8]]) -> bool {
    EVENT_SINKS.with(|s| match s.borrow().last() {
        Some(sink) => {
            sink(fields);
            true
        }
        None => false,
    })
}

/// Re-exports for [`forward_syscall_stubs!`].
#[doc(hidden)]
pub mod __private {
    pub use anchor_lang::prelude::{AccountInfo, Pubkey};
    pub use anchor_lang::solana_program::entrypoint::ProgramResult;
    pub use anchor_lang::solana_program::instruction::Instruction;
}

/// Implements a `SyscallStubs` trait (`$trait`: solana-sysvar 3's or 4's, which have the same
/// methods over the same types) for `$ty` by forwarding every method to `self.0`, except
/// `sol_log_data`, which goes to the current event sink ([`log_event_data`]) when there is one.
#[macro_export]
macro_rules! forward_syscall_stubs {
    ($trait:path, $ty:ty) => {
        impl $trait for $ty {
            fn sol_log(&self, message: &str) {
                self.0.sol_log(message)
            }
            fn sol_log_compute_units(&self) {
                self.0.sol_log_compute_units()
            }
            fn sol_remaining_compute_units(&self) -> u64 {
                self.0.sol_remaining_compute_units()
            }
            fn sol_invoke_signed(
                &self,
                instruction: &$crate::__private::Instruction,
                account_infos: &[$crate::__private::AccountInfo],
                signers_seeds: &[&[&[u8]]],
            ) -> $crate::__private::ProgramResult {
                self.0
                    .sol_invoke_signed(instruction, account_infos, signers_seeds)
            }
            fn sol_get_sysvar(
                &self,
                sysvar_id_addr: *const u8,
                var_addr: *mut u8,
                offset: u64,
                length: u64,
            ) -> u64 {
                self.0
                    .sol_get_sysvar(sysvar_id_addr, var_addr, offset, length)
            }
            fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
                self.0.sol_get_clock_sysvar(var_addr)
            }
            fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
                self.0.sol_get_epoch_schedule_sysvar(var_addr)
            }
            fn sol_get_fees_sysvar(&self, var_addr: *mut u8) -> u64 {
                self.0.sol_get_fees_sysvar(var_addr)
            }
            fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
                self.0.sol_get_rent_sysvar(var_addr)
            }
            fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
                self.0.sol_get_epoch_rewards_sysvar(var_addr)
            }
            fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
                self.0.sol_get_last_restart_slot(var_addr)
            }
            fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
                self.0.sol_get_epoch_stake(vote_address)
            }
            unsafe fn sol_memcpy(&self, dst: *mut u8, src: *const u8, n: usize) {
                self.0.sol_memcpy(dst, src, n)
            }
            unsafe fn sol_memmove(&self, dst: *mut u8, src: *const u8, n: usize) {
                self.0.sol_memmove(dst, src, n)
            }
            unsafe fn sol_memcmp(&self, s1: *const u8, s2: *const u8, n: usize, result: *mut i32) {
                self.0.sol_memcmp(s1, s2, n, result)
            }
            unsafe fn sol_memset(&self, s: *mut u8, c: u8, n: usize) {
                self.0.sol_memset(s, c, n)
            }
            fn sol_get_return_data(&self) -> Option<($crate::__private::Pubkey, Vec<u8>)> {
                self.0.sol_get_return_data()
            }
            fn sol_set_return_data(&self, data: &[u8]) {
                self.0.sol_set_return_data(data)
            }
            fn sol_log_data(&self, fields: &[&[u8]]) {
                if !$crate::log_event_data(fields) {
                    self.0.sol_log_data(fields)
                }
            }
            fn sol_get_processed_sibling_instruction(
                &self,
                index: usize,
            ) -> Option<$crate::__private::Instruction> {
                self.0.sol_get_processed_sibling_instruction(index)
            }
            fn sol_get_stack_height(&self) -> u64 {
                self.0.sol_get_stack_height()
            }
        }
    };
}
