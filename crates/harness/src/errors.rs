//! Error-code helpers for assertions.

use solana_instruction::error::InstructionError;
use solana_transaction_error::TransactionError;

/// The custom error code of a failed transaction, if it failed with one.
pub fn custom_code(err: &TransactionError) -> Option<u32> {
    match err {
        TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(*code),
        _ => None,
    }
}

/// Code of a program error (`ComputeAmmError::X`), as the runtime reports it.
pub fn program_code(e: compute_amm::error::ComputeAmmError) -> u32 {
    u32::from(e)
}

/// Code of an Anchor framework error (`anchor_lang::error::ErrorCode::X`).
pub fn anchor_code(e: anchor_lang::error::ErrorCode) -> u32 {
    u32::from(e)
}
