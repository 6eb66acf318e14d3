//! Account types. Fixed-size (InitSpace), each with reserved bytes for later fields.

pub mod gpu_class;
pub mod job;
pub mod market;
pub mod pool;
pub mod provider;

pub use gpu_class::*;
pub use job::*;
pub use market::*;
pub use pool::*;
pub use provider::*;

/// An account value with every field zero (enums at their first variant), as `init` leaves it before
/// a handler writes it: the starting point for off-chain holders of program state (the simulator's
/// model, tests of the core). Not used on chain.
#[cfg(not(target_os = "solana"))]
pub fn zeroed<T: anchor_lang::AnchorDeserialize + anchor_lang::Space>() -> T {
    let bytes = vec![0u8; T::INIT_SPACE];
    // Every account type is fixed-size Borsh whose all-zero encoding is valid.
    T::deserialize(&mut bytes.as_slice()).unwrap_or_else(|e| panic!("zeroed account: {e}"))
}
