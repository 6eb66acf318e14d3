//! Integration tests: the program running natively in solana-program-test. Every transaction goes
//! through `Env::execute`, which checks the invariants after it.

#![allow(deprecated)]

mod admin;
mod adversarial_liquidity;
mod adversarial_more;
mod adversarial_swap;
mod bme;
mod error_codes;
mod events;
mod incentives;
mod jobs;
mod liquidity;
mod providers;
mod replay;
mod swap;
mod twap;
