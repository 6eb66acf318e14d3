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
//! so the program's CPIs, sysvar reads, `msg!` and `emit!` all reach the running transaction. Both
//! traits have the same methods over the same types (solana-account-info 3, solana-instruction 3,
//! the unified `Address`). The end-to-end tests prove CPIs execute by reading token balances over
//! RPC and events by reading transaction logs.

use std::sync::{Arc, Once};

use solana_instruction::Instruction;
use solana_pubkey::Pubkey;
use sysvar_v3::program_stubs::SyscallStubs as StubsV3;
use sysvar_v4::program_stubs::SyscallStubs as StubsV4;

use anchor_lang::prelude::AccountInfo;
use anchor_lang::solana_program::entrypoint::ProgramResult;

/// The validator runtime's stubs, reachable through both traits.
struct Shared(Arc<dyn StubsV4>);

/// Stands in for a moment while the real stubs are taken out of the 4.x registry.
struct Placeholder;
impl StubsV4 for Placeholder {}

macro_rules! forward {
    ($trait:path) => {
        impl $trait for Shared {
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
                instruction: &Instruction,
                account_infos: &[AccountInfo],
                signers_seeds: &[&[&[u8]]],
            ) -> ProgramResult {
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
            fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
                self.0.sol_get_return_data()
            }
            fn sol_set_return_data(&self, data: &[u8]) {
                self.0.sol_set_return_data(data)
            }
            fn sol_log_data(&self, fields: &[&[u8]]) {
                self.0.sol_log_data(fields)
            }
            fn sol_get_processed_sibling_instruction(&self, index: usize) -> Option<Instruction> {
                self.0.sol_get_processed_sibling_instruction(index)
            }
            fn sol_get_stack_height(&self) -> u64 {
                self.0.sol_get_stack_height()
            }
        }
    };
}

forward!(StubsV3);
forward!(StubsV4);

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
