//! Instructions, grouped by who calls them: `admin` (market admin), `lp` (liquidity providers),
//! `trader` (anyone swapping), `provider` (compute providers), `arbiter` (dispute authority).
//! `slashing` is the program-internal slash routine the arbiter and the job cranks share.

pub mod admin;
pub mod arbiter;
pub mod crank;
pub mod jobs;
pub mod lp;
pub mod provider;
pub mod slashing;
pub mod token_cpi;
pub mod trader;
pub mod user;

pub use admin::*;
pub use arbiter::*;
pub use crank::*;
pub use lp::*;
pub use provider::*;
pub use trader::*;
pub use user::*;

use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;

/// Rejects a transaction that lands after the caller's deadline (unix seconds, Clock sysvar).
pub fn check_deadline(now: i64, deadline: i64) -> Result<()> {
    require!(now <= deadline, ComputeAmmError::DeadlineExceeded);
    Ok(())
}
