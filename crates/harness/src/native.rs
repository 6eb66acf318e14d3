//! The adapter that runs the Anchor program natively (shared with `localnet`).

pub use compute_amm_native::process_instruction;
