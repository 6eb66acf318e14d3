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
