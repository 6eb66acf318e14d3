//! In-process harness for Compute AMM.
//!
//! * [`native`]: the adapter that runs the Anchor program natively inside solana-program-test (no
//!   SBF toolchain exists on these machines).
//! * [`env::Env`]: a bank with the program loaded, token helpers, clock control, and `execute`, which
//!   runs a transaction and then the invariant checker — after **every** transaction.
//! * [`invariants`]: the economic invariants, pure functions over account snapshots.
//! * [`fixture`]: a market + GPU class + pool + funded users in one call.

#![allow(deprecated)] // solana-program-test 3.1 marks its API "agave-unstable-api"

pub mod env;
pub mod errors;
pub mod fixture;
pub mod invariants;
pub mod native;
pub mod replay;

pub use env::Env;
pub use errors::*;
pub use fixture::{Fixture, FixtureConfig, ProviderUser, User};
