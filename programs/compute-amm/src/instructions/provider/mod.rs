//! Instructions a compute provider calls: registration, stake, unstake tickets, credits.

pub mod accept_job;
pub mod claim_milestone;
pub mod claim_rewards;
pub mod deregister_provider;
pub mod mint_credits;
pub mod register_provider;
pub mod request_unstake;
pub mod retire_credits;
pub mod stake;
pub mod submit_milestone;
pub mod update_provider;
pub mod withdraw_unstaked;

pub use accept_job::*;
pub use claim_milestone::*;
pub use claim_rewards::*;
pub use deregister_provider::*;
pub use mint_credits::*;
pub use register_provider::*;
pub use request_unstake::*;
pub use retire_credits::*;
pub use stake::*;
pub use submit_milestone::*;
pub use update_provider::*;
pub use withdraw_unstaked::*;
