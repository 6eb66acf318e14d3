//! Permissionless cranks: anyone may call them; the program decides everything from state and the
//! clock, so who presses the button changes nothing but a small capped crank reward.

pub mod advance_epoch;
pub mod burn_protocol_fees;
pub mod claim_compensation;
pub mod expire_job;
pub mod move_credit_fees;
pub mod move_settlement_fees;

pub use advance_epoch::*;
pub use burn_protocol_fees::*;
pub use claim_compensation::*;
pub use expire_job::*;
pub use move_credit_fees::*;
pub use move_settlement_fees::*;
