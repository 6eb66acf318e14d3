//! Instructions, grouped by who calls them: `admin` (market admin), `lp` (liquidity providers),
//! `trader` (anyone swapping).

pub mod admin;
pub mod lp;
pub mod token_cpi;
pub mod trader;

pub use admin::*;
pub use lp::*;
pub use trader::*;

use anchor_lang::prelude::*;

use crate::error::ComputeAmmError;

/// Rejects a transaction that lands after the caller's deadline (unix seconds, Clock sysvar).
pub fn check_deadline(now: i64, deadline: i64) -> Result<()> {
    require!(now <= deadline, ComputeAmmError::DeadlineExceeded);
    Ok(())
}
