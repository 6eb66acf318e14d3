//! The syscall stubs of the lane. They are process-global (solana-sysvar's `set_syscall_stubs`), so
//! they serve the lane only while a lane instruction runs on the calling thread and forward every
//! call to the stubs installed before them otherwise (program-test's, wrapped by the harness's
//! event logging): both paths run in one process.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use anchor_lang::prelude::{AccountInfo, Clock, ProgramError, Pubkey, Rent};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use base64::Engine as _;
use solana_instruction::Instruction;
use solana_sysvar::program_stubs::{set_syscall_stubs, SyscallStubs};

use crate::{invoke, max_invoke_height, Frame};

static INSTALLED: AtomicBool = AtomicBool::new(false);
/// `sol_remaining_compute_units` answers this while the canary is raised, proving the stubs in
/// place are the lane's.
const CANARY: u64 = 0x1a9e_c0de;
std::thread_local! {
    static PROBE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

struct LaneStubs(Box<dyn SyscallStubs>);

struct Placeholder;
impl SyscallStubs for Placeholder {}

/// Installs the lane's stubs over whatever stubs are in place. Call it **after** anything that
/// installs its own (solana-program-test installs its stubs when its first bank starts:
/// `compute_amm_harness::native::install_event_logging` does that first, then calls this).
/// Idempotent.
pub fn install() {
    static LOCK: Mutex<()> = Mutex::new(());
    let _g = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if INSTALLED.load(Ordering::SeqCst) {
        return;
    }
    let prev = set_syscall_stubs(Box::new(Placeholder));
    set_syscall_stubs(Box::new(LaneStubs(prev)));
    INSTALLED.store(true, Ordering::SeqCst);
}

/// Panics unless the stubs in place are the lane's (something may have replaced them).
pub(crate) fn assert_installed() {
    assert!(
        INSTALLED.load(Ordering::Relaxed),
        "compute_amm_lane::install() was not called"
    );
    PROBE.with(|p| p.set(true));
    let v = solana_sysvar::program_stubs::sol_remaining_compute_units();
    PROBE.with(|p| p.set(false));
    assert_eq!(
        v, CANARY,
        "the lane's syscall stubs were replaced (install them after program-test's)"
    );
}

fn write<T: Clone>(var_addr: *mut u8, v: &T) -> u64 {
    // SAFETY: the caller passes a pointer to a `T` (solana-sysvar's `impl_sysvar_get!`).
    unsafe { *(var_addr as *mut T) = v.clone() };
    0
}

impl SyscallStubs for LaneStubs {
    fn sol_log(&self, message: &str) {
        Frame::with(|f| match f {
            Some(f) => f.log(|| format!("Program log: {message}")),
            None => self.0.sol_log(message),
        })
    }
    fn sol_log_compute_units(&self) {
        Frame::with(|f| {
            if f.is_none() {
                self.0.sol_log_compute_units()
            }
        })
    }
    fn sol_remaining_compute_units(&self) -> u64 {
        if PROBE.with(|p| p.get()) {
            return CANARY;
        }
        Frame::with(|f| match f {
            Some(_) => 1_400_000,
            None => self.0.sol_remaining_compute_units(),
        })
    }
    fn sol_invoke_signed(
        &self,
        instruction: &Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        let in_lane = Frame::with(|f| f.is_some());
        if !in_lane {
            return self
                .0
                .sol_invoke_signed(instruction, account_infos, signers_seeds);
        }
        cpi(instruction, account_infos, signers_seeds)
    }
    fn sol_get_sysvar(
        &self,
        sysvar_id_addr: *const u8,
        var_addr: *mut u8,
        offset: u64,
        length: u64,
    ) -> u64 {
        Frame::with(|f| match f {
            Some(_) => solana_instruction::error::UNSUPPORTED_SYSVAR,
            None => self
                .0
                .sol_get_sysvar(sysvar_id_addr, var_addr, offset, length),
        })
    }
    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        Frame::with(|f| match f {
            Some(f) => write::<Clock>(var_addr, &f.clock),
            None => self.0.sol_get_clock_sysvar(var_addr),
        })
    }
    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        Frame::with(|f| match f {
            Some(_) => solana_instruction::error::UNSUPPORTED_SYSVAR,
            None => self.0.sol_get_epoch_schedule_sysvar(var_addr),
        })
    }
    fn sol_get_fees_sysvar(&self, var_addr: *mut u8) -> u64 {
        Frame::with(|f| match f {
            Some(_) => solana_instruction::error::UNSUPPORTED_SYSVAR,
            None => self.0.sol_get_fees_sysvar(var_addr),
        })
    }
    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        Frame::with(|f| match f {
            Some(f) => write::<Rent>(var_addr, &f.rent),
            None => self.0.sol_get_rent_sysvar(var_addr),
        })
    }
    fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
        Frame::with(|f| match f {
            Some(_) => solana_instruction::error::UNSUPPORTED_SYSVAR,
            None => self.0.sol_get_epoch_rewards_sysvar(var_addr),
        })
    }
    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        Frame::with(|f| match f {
            Some(_) => solana_instruction::error::UNSUPPORTED_SYSVAR,
            None => self.0.sol_get_last_restart_slot(var_addr),
        })
    }
    fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
        Frame::with(|f| match f {
            Some(_) => 0,
            None => self.0.sol_get_epoch_stake(vote_address),
        })
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
        Frame::with(|f| match f {
            Some(f) => {
                let r = f.return_data.borrow();
                Some((r.0, r.1.clone()))
            }
            None => self.0.sol_get_return_data(),
        })
    }
    fn sol_set_return_data(&self, data: &[u8]) {
        Frame::with(|f| match f {
            Some(f) => {
                let program = f.stack.borrow().last().copied().unwrap_or_default();
                *f.return_data.borrow_mut() = (program, data.to_vec());
            }
            None => self.0.sol_set_return_data(data),
        })
    }
    fn sol_log_data(&self, fields: &[&[u8]]) {
        Frame::with(|f| match f {
            Some(f) => f.log(|| {
                let b64 = base64::engine::general_purpose::STANDARD;
                let parts: Vec<String> = fields.iter().map(|d| b64.encode(d)).collect();
                format!("Program data: {}", parts.join(" "))
            }),
            None => {
                if !compute_amm_native::log_event_data(fields) {
                    self.0.sol_log_data(fields)
                }
            }
        })
    }
    fn sol_get_processed_sibling_instruction(&self, index: usize) -> Option<Instruction> {
        Frame::with(|f| match f {
            Some(_) => None,
            None => self.0.sol_get_processed_sibling_instruction(index),
        })
    }
    fn sol_get_stack_height(&self) -> u64 {
        Frame::with(|f| match f {
            Some(f) => f.stack.borrow().len() as u64,
            None => self.0.sol_get_stack_height(),
        })
    }
}

/// A cross-program invocation inside the lane: privilege checks, then the callee's own processor
/// on the caller's accounts (shared `RefCell`s, as the runtime's native CPI shares the data).
fn cpi(
    instruction: &Instruction,
    account_infos: &[AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> ProgramResult {
    let (caller, height) = Frame::with(|f| {
        let f = f.expect("lane frame");
        let s = f.stack.borrow();
        (s.last().copied().unwrap_or_default(), s.len() + 1)
    });
    if height > max_invoke_height() {
        return Err(ProgramError::InvalidArgument);
    }
    // PDA signatures: the calling program signs for the addresses its seeds derive
    let mut pda_signers: Vec<Pubkey> = Vec::with_capacity(signers_seeds.len());
    for seeds in signers_seeds {
        pda_signers.push(
            Pubkey::create_program_address(seeds, &caller)
                .map_err(|_| ProgramError::InvalidSeeds)?,
        );
    }
    let mut callee: Vec<AccountInfo> = Vec::with_capacity(instruction.accounts.len());
    for meta in &instruction.accounts {
        let Some(info) = account_infos.iter().find(|i| *i.key == meta.pubkey) else {
            return Err(ProgramError::NotEnoughAccountKeys);
        };
        if meta.is_signer && !info.is_signer && !pda_signers.contains(&meta.pubkey) {
            return Err(ProgramError::MissingRequiredSignature);
        }
        if meta.is_writable && !info.is_writable {
            return Err(ProgramError::InvalidArgument);
        }
        let mut i = info.clone();
        i.is_signer = meta.is_signer;
        i.is_writable = meta.is_writable;
        callee.push(i);
    }
    // The runtime does not need the callee's program account among the account infos (Anchor 1's
    // `CpiContext` passes only its id); `invoke` refuses a program the lane does not run.
    let lamports = |infos: &[AccountInfo]| -> u128 {
        let mut seen: Vec<&Pubkey> = Vec::new();
        let mut sum = 0u128;
        for i in infos {
            if !seen.contains(&i.key) {
                seen.push(i.key);
                sum += i.lamports() as u128;
            }
        }
        sum
    };
    let before = lamports(&callee);
    invoke(&instruction.program_id, &callee, &instruction.data, height)?;
    if lamports(&callee) != before {
        return Err(ProgramError::InvalidArgument);
    }
    Ok(())
}
