//! The replay lane: transactions against Compute AMM without a bank.
//!
//! An in-memory account store ([`Lane`]) and an executor that, per instruction, lays the accounts out
//! the way the runtime's serializer does (the 4-byte original data length right before each key, the
//! 8-byte data length right before each data buffer, [`MAX_PERMITTED_DATA_INCREASE`] of slack after
//! it, so `AccountInfo::resize` and Anchor's `close` work), builds the `AccountInfo`s and calls
//! the program's own `compute_amm::entry` natively. Every CPI reaches the process-global syscall
//! stubs; while a lane transaction runs, [`stubs::LaneStubs`] route them to SPL Token's own Rust
//! processor (`spl-token` 9, the crate the bundled SBF binary is built from) or to a minimal system
//! program (create_account, transfer, allocate, assign), after checking the caller's privileges:
//! every signer of the inner instruction is a signer of the caller or a PDA of the calling program
//! derived with `create_program_address` from the signer seeds, every writable account is writable
//! in the caller. Outside a lane transaction the stubs forward to whatever was installed before
//! (program-test's), so both paths run in one process.
//!
//! A transaction is atomic: its fee (5,000 lamports per signature, program-test's rate) is charged
//! whatever happens, and on an error every account is rolled back. Errors come back as
//! `TransactionError::InstructionError(index, e)` with `e` converted from the program error exactly
//! as the runtime converts a builtin's `ProgramError`, so error codes equal program-test's.
//! The program's events (`sol_log_data`) become `Program data: <base64>` lines between
//! `Program <id> invoke [n]` and `Program <id> success` lines, as in a bank's transaction logs.
//!
//! Not modelled (the reference path, solana-program-test, still is): compute units, rent-state
//! transitions, signature verification, account locks, and the runtime's per-CPI ownership checks
//! (the lane checks read-only accounts and lamport balance per instruction instead).

mod stubs;
mod system;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use anchor_lang::prelude::{AccountInfo, Clock, ProgramError, Pubkey, Rent};
use solana_account::Account;
use solana_instruction::error::InstructionError;
use solana_instruction::Instruction;
use solana_transaction_error::TransactionError;

pub use stubs::install;

/// How far an instruction may grow an account (the runtime's limit, and the slack behind each data
/// buffer).
pub const MAX_PERMITTED_DATA_INCREASE: usize = 10_240;
/// program-test's fee: half of `DEFAULT_TARGET_LAMPORTS_PER_SIGNATURE`.
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;
/// The runtime's limit on CPI depth (the top-level instruction is height 1).
const MAX_INVOKE_HEIGHT: usize = 5;

/// The in-memory chain: accounts, sysvars, the last transaction's logs.
pub struct Lane {
    accounts: HashMap<Pubkey, Account>,
    pub clock: Clock,
    pub rent: Rent,
    /// Log messages of the last transaction (only when `record_logs`).
    pub logs: Vec<String>,
    /// Keep log messages (events) of each transaction; the soak turns this off.
    pub record_logs: bool,
    /// Accounts written by the last successful transaction (for incremental checking).
    pub touched: Vec<Pubkey>,
    /// Transactions processed.
    pub transactions: u64,
    /// Time spent inside the programs' own processors (the top-level instruction, its CPIs
    /// included): the floor under any executor.
    pub handler_nanos: u64,
}

impl Default for Lane {
    fn default() -> Self {
        Self::new()
    }
}

impl Lane {
    /// An empty store with the system program, SPL Token and Compute AMM as executable accounts.
    /// Callers replace these with the bank's own accounts when they must agree byte for byte.
    pub fn new() -> Self {
        let mut lane = Self {
            accounts: HashMap::new(),
            clock: Clock::default(),
            rent: Rent::default(),
            logs: Vec::new(),
            record_logs: true,
            touched: Vec::new(),
            transactions: 0,
            handler_nanos: 0,
        };
        for (id, owner) in [
            (
                solana_sdk_ids::system_program::ID,
                solana_sdk_ids::native_loader::ID,
            ),
            (spl_token_interface::ID, solana_sdk_ids::bpf_loader::ID),
            (compute_amm::ID, solana_sdk_ids::native_loader::ID),
        ] {
            lane.accounts.insert(
                id,
                Account {
                    lamports: 1,
                    data: vec![],
                    owner,
                    executable: true,
                    rent_epoch: 0,
                },
            );
        }
        lane
    }

    pub fn get(&self, key: &Pubkey) -> Option<&Account> {
        self.accounts.get(key)
    }

    /// Writes an account directly (genesis seeding). An account with zero lamports is deleted, as a
    /// bank does.
    pub fn set(&mut self, key: Pubkey, account: Account) {
        if account.lamports == 0 {
            self.accounts.remove(&key);
        } else {
            self.accounts.insert(key, account);
        }
    }

    /// Every account in the store.
    pub fn accounts(&self) -> impl Iterator<Item = (&Pubkey, &Account)> {
        self.accounts.iter()
    }

    /// Runs one transaction: `payer` pays the fee, `signers` (the payer included or not) signed it.
    pub fn process(
        &mut self,
        payer: &Pubkey,
        ixs: &[Instruction],
        signers: &[Pubkey],
    ) -> Result<(), TransactionError> {
        stubs::assert_installed();
        self.transactions += 1;
        self.logs.clear();
        self.touched.clear();
        // the message's signers: the payer first, then every other key an instruction marks signer
        let mut sig_keys: Vec<Pubkey> = vec![*payer];
        let mut writable: Vec<Pubkey> = vec![*payer];
        for ix in ixs {
            for m in &ix.accounts {
                if m.is_signer && !sig_keys.contains(&m.pubkey) {
                    sig_keys.push(m.pubkey);
                }
                if m.is_writable && !writable.contains(&m.pubkey) {
                    writable.push(m.pubkey);
                }
            }
        }
        if let Some(missing) = sig_keys
            .iter()
            .find(|k| *k != payer && !signers.contains(k))
        {
            // Transaction::new_signed_with_payer would refuse to sign it at all
            panic!("lane: instruction needs a signature of {missing} that was not given");
        }
        let fee = LAMPORTS_PER_SIGNATURE * sig_keys.len() as u64;
        match self.accounts.get_mut(payer) {
            Some(a) if a.lamports >= fee && a.owner == solana_sdk_ids::system_program::ID => {
                a.lamports -= fee
            }
            Some(_) => return Err(TransactionError::InsufficientFundsForFee),
            None => return Err(TransactionError::AccountNotFound),
        }
        // undo log: the state before this transaction of every account an instruction wrote
        let mut undo: Vec<(Pubkey, Option<Account>)> = Vec::new();
        for (i, ix) in ixs.iter().enumerate() {
            if let Err(e) = self.run_instruction(ix, &sig_keys, &writable, &mut undo) {
                for (key, acc) in undo.into_iter().rev() {
                    match acc {
                        Some(a) => {
                            self.accounts.insert(key, a);
                        }
                        None => {
                            self.accounts.remove(&key);
                        }
                    }
                }
                return Err(match e {
                    Fail::Instruction(e) => TransactionError::InstructionError(i as u8, e),
                    Fail::Transaction(e) => e,
                });
            }
        }
        self.touched.extend(undo.into_iter().map(|(k, _)| k));
        self.touched.sort_unstable();
        self.touched.dedup();
        Ok(())
    }

    fn run_instruction(
        &mut self,
        ix: &Instruction,
        sig_keys: &[Pubkey],
        writable: &[Pubkey],
        undo: &mut Vec<(Pubkey, Option<Account>)>,
    ) -> Result<(), Fail> {
        let program = ix.program_id;
        if !self.accounts.get(&program).is_some_and(|a| a.executable) {
            return Err(Fail::Transaction(
                TransactionError::InvalidProgramForExecution,
            ));
        }
        // unique accounts, in order of first appearance
        let mut keys: Vec<Pubkey> = Vec::with_capacity(ix.accounts.len());
        let mut index: Vec<usize> = Vec::with_capacity(ix.accounts.len());
        for m in &ix.accounts {
            match keys.iter().position(|k| *k == m.pubkey) {
                Some(p) => index.push(p),
                None => {
                    index.push(keys.len());
                    keys.push(m.pubkey);
                }
            }
        }
        let mut slots: Vec<Slot> = keys
            .iter()
            .map(|k| {
                let acc = self.accounts.get(k);
                Slot::new(k, acc, sig_keys.contains(k), writable.contains(k))
            })
            .collect();
        let lamports_before: u128 = slots.iter().map(|s| s.head.lamports as u128).sum();
        let frame = Frame::new(self.clock.clone(), self.rent.clone(), self.record_logs);
        let result = {
            let infos: Vec<AccountInfo> = slots.iter_mut().map(Slot::info).collect();
            let ordered: Vec<AccountInfo> = index.iter().map(|&p| infos[p].clone()).collect();
            let t0 = std::time::Instant::now();
            let r = frame
                .run(|| invoke(&program, &ordered, &ix.data, 1))
                .map_err(|e| InstructionError::from(u64::from(e)));
            self.handler_nanos += t0.elapsed().as_nanos() as u64;
            // read back what the instruction left (a system CPI may have moved a data buffer)
            let after: Vec<(u64, Vec<u8>, Pubkey)> = infos
                .iter()
                .map(|i| (**i.lamports.borrow(), i.data.borrow().to_vec(), *i.owner))
                .collect();
            r.map(|()| after)
        };
        if self.record_logs {
            self.logs.append(&mut frame.logs.borrow_mut());
        }
        let after = result.map_err(Fail::Instruction)?;
        // runtime checks: read-only accounts unchanged, lamports neither created nor destroyed
        let lamports_after: u128 = after.iter().map(|a| a.0 as u128).sum();
        if lamports_after != lamports_before {
            return Err(Fail::Instruction(InstructionError::UnbalancedInstruction));
        }
        for (slot, (lamports, data, owner)) in slots.iter().zip(&after) {
            if slot.head.is_writable {
                continue;
            }
            // the slots are live (the program wrote through them): compare with the store
            let key = slot.head.key;
            let (l0, d0, o0) = match self.accounts.get(&key) {
                Some(a) => (a.lamports, a.data.as_slice(), a.owner),
                None => (0, &[][..], solana_sdk_ids::system_program::ID),
            };
            if *lamports != l0 {
                return Err(Fail::Instruction(InstructionError::ReadonlyLamportChange));
            }
            if data.as_slice() != d0 || *owner != o0 {
                return Err(Fail::Instruction(InstructionError::ReadonlyDataModified));
            }
        }
        for (slot, (lamports, data, owner)) in slots.iter().zip(after) {
            if !slot.head.is_writable {
                continue;
            }
            let key = slot.head.key;
            let prev = self.accounts.get(&key);
            let unchanged = match prev {
                Some(p) => p.lamports == lamports && p.owner == owner && p.data == data,
                None => lamports == 0 && data.is_empty(),
            };
            if unchanged {
                continue;
            }
            if !undo.iter().any(|(k, _)| *k == key) {
                undo.push((key, prev.cloned()));
            }
            if lamports == 0 {
                // a bank drops accounts without lamports
                self.accounts.remove(&key);
            } else {
                let executable = prev.is_some_and(|p| p.executable);
                let rent_epoch = prev.map_or(u64::MAX, |p| p.rent_epoch);
                self.accounts.insert(
                    key,
                    Account {
                        lamports,
                        data,
                        owner,
                        executable,
                        rent_epoch,
                    },
                );
            }
        }
        Ok(())
    }
}

enum Fail {
    Instruction(InstructionError),
    Transaction(TransactionError),
}

/// The fixed part of one account's serialized form: the original data length sits in the 4 bytes
/// right before the key, where `AccountInfo::original_data_len` looks for it.
#[repr(C)]
struct Head {
    _pad: u32,
    original_data_len: u32,
    key: Pubkey,
    owner: Pubkey,
    lamports: u64,
    is_signer: bool,
    is_writable: bool,
    executable: bool,
}

/// One account laid out for an instruction: the head (boxed, so its address is stable) and the data
/// buffer: 8-byte length, the data, then the realloc slack.
struct Slot {
    head: Box<Head>,
    buf: Vec<u8>,
}

impl Slot {
    fn new(key: &Pubkey, acc: Option<&Account>, is_signer: bool, is_writable: bool) -> Self {
        let (lamports, data, owner, executable) = match acc {
            Some(a) => (a.lamports, a.data.as_slice(), a.owner, a.executable),
            None => (0, &[][..], solana_sdk_ids::system_program::ID, false),
        };
        Slot {
            head: Box::new(Head {
                _pad: 0,
                original_data_len: data.len() as u32,
                key: *key,
                owner,
                lamports,
                is_signer,
                is_writable,
                executable,
            }),
            buf: data_buffer(data, MAX_PERMITTED_DATA_INCREASE),
        }
    }

    fn info(&mut self) -> AccountInfo<'_> {
        let len = self.head.original_data_len as usize;
        let head: *mut Head = &mut *self.head;
        // SAFETY: the head and the buffer outlive every AccountInfo built here (they are dropped
        // after the instruction's infos); the key, owner and lamports are disjoint fields.
        unsafe {
            AccountInfo::new(
                &(*head).key,
                (*head).is_signer,
                (*head).is_writable,
                &mut (*head).lamports,
                std::slice::from_raw_parts_mut(self.buf.as_mut_ptr().add(8), len),
                &(*head).owner,
                (*head).executable,
            )
        }
    }
}

/// A data buffer as the serializer lays it out: 8-byte length, the data, `slack` zero bytes.
fn data_buffer(data: &[u8], slack: usize) -> Vec<u8> {
    let mut buf = Vec::with_capacity(8 + data.len() + slack);
    buf.extend_from_slice(&(data.len() as u64).to_le_bytes());
    buf.extend_from_slice(data);
    buf.resize(8 + data.len() + slack, 0);
    buf
}

/// What the syscall stubs see while a lane instruction runs.
pub(crate) struct Frame {
    pub clock: Clock,
    pub rent: Rent,
    pub record_logs: bool,
    pub logs: RefCell<Vec<String>>,
    /// Program ids of the running invocations (the last is executing).
    pub stack: RefCell<Vec<Pubkey>>,
    pub return_data: RefCell<(Pubkey, Vec<u8>)>,
    /// Data buffers a system-program CPI allocated (they live until the instruction ends).
    pub arena: RefCell<Vec<Vec<u8>>>,
}

thread_local! {
    static FRAME: Cell<*const Frame> = const { Cell::new(std::ptr::null()) };
}

impl Frame {
    fn new(clock: Clock, rent: Rent, record_logs: bool) -> Self {
        Frame {
            clock,
            rent,
            record_logs,
            logs: RefCell::new(Vec::new()),
            stack: RefCell::new(Vec::new()),
            return_data: RefCell::new((Pubkey::default(), Vec::new())),
            arena: RefCell::new(Vec::new()),
        }
    }

    /// Runs `f` with this frame as the thread's current lane frame.
    fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        struct Reset(*const Frame);
        impl Drop for Reset {
            fn drop(&mut self) {
                FRAME.with(|c| c.set(self.0));
            }
        }
        let prev = FRAME.with(|c| c.replace(self as *const Frame));
        let _reset = Reset(prev);
        f()
    }

    /// The frame of the lane instruction running on this thread, if any.
    pub(crate) fn with<R>(f: impl FnOnce(Option<&Frame>) -> R) -> R {
        let p = FRAME.with(|c| c.get());
        // SAFETY: the pointer is set only for the duration of `run`, which borrows the frame.
        f(unsafe { p.as_ref() })
    }

    pub(crate) fn log(&self, line: impl FnOnce() -> String) {
        if self.record_logs {
            self.logs.borrow_mut().push(line());
        }
    }
}

/// Invokes `program` (top level or CPI) on `accounts`, logging as the runtime does.
pub(crate) fn invoke(
    program: &Pubkey,
    accounts: &[AccountInfo],
    data: &[u8],
    height: usize,
) -> Result<(), ProgramError> {
    Frame::with(|f| {
        let f = f.expect("lane frame");
        f.stack.borrow_mut().push(*program);
        f.log(|| format!("Program {program} invoke [{height}]"));
    });
    let r: Result<(), ProgramError> = if *program == compute_amm::ID {
        compute_amm_native::process_instruction(program, accounts, data)
    } else if *program == spl_token_interface::ID {
        spl_token::processor::Processor::process(program, accounts, data)
    } else if *program == solana_sdk_ids::system_program::ID {
        system::process(accounts, data)
    } else {
        Err(ProgramError::IncorrectProgramId)
    };
    Frame::with(|f| {
        let f = f.expect("lane frame");
        f.stack.borrow_mut().pop();
        match &r {
            Ok(()) => f.log(|| format!("Program {program} success")),
            Err(e) => f.log(|| format!("Program {program} failed: {e}")),
        }
    });
    r
}

pub(crate) fn max_invoke_height() -> usize {
    MAX_INVOKE_HEIGHT
}
