//! Rust client for Compute AMM: PDA derivation, instruction builders for every instruction, account
//! decoding and off-chain quotes.
//!
//! Builders are the one way tests, the simulator and applications make instructions. Quotes call the
//! same `compute-amm-math` functions the program runs, so a quote equals the on-chain result exactly
//! when the pool has not moved in between.

pub mod decode;
pub mod events;
pub mod ix;
pub mod params;
pub mod pda;
pub mod quote;

pub use compute_amm::state::{
    EpochRecord, GpuClass, Job, JobStatus, Market, MarketParams, MilestoneStatus, Pool, Provider,
    SlashReason, SwapDirection, UnstakeTicket,
};
pub use compute_amm::ID as PROGRAM_ID;
pub use ix::{JobAddresses, ProviderAddresses};
pub use pda::PoolAddresses;

pub use anchor_lang::prelude::Pubkey;
pub use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
