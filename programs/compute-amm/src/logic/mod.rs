//! The state-transition core: every instruction's effect on the program's own state types, computed
//! once, in pure code that the program, the client and the simulator all call.
//!
//! A function here validates its inputs, mutates the state it is given and returns a summary of the
//! token movements the instruction must make (a slash its split, a buyback its plan, epoch
//! finalization its emission, a milestone release its amounts). It performs no CPI and reads no
//! sysvar: time comes in as `now`, and token balances the rules depend on (`available`) come in as
//! arguments. Handlers are plumbing around it: load and check accounts → call the core → make exactly
//! the token movements the summary lists → emit the event.
//!
//! On error a function may have changed some of its state: the runtime discards a failed
//! instruction's writes, and callers that run the core off chain (the simulator's model) work on a
//! copy and keep it only on success.

pub mod admin;
pub mod burn;
pub mod collateral;
pub mod emissions;
pub mod jobs;
pub mod liquidity;
pub mod slash;
pub mod stake;
pub mod swap;

use anchor_lang::prelude::*;

/// The numeric error code of a program error (`6000 + n` for `ComputeAmmError`, Anchor's own codes
/// for account-validation errors, the runtime's for built-in program errors): the one mapping the
/// simulator's model and the harness use to compare outcomes with the chain.
pub fn error_code(e: &anchor_lang::error::Error) -> u32 {
    match e {
        anchor_lang::error::Error::AnchorError(a) => a.error_code_number,
        anchor_lang::error::Error::ProgramError(p) => match p.program_error {
            ProgramError::Custom(c) => c,
            ref other => u32::try_from(u64::from(other.clone()) >> 32).unwrap_or(u32::MAX),
        },
    }
}
#[cfg(test)]
mod tests;
