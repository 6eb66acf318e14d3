//! Instructions, grouped by who calls them: `admin` (market admin), `lp` (liquidity providers),
//! `trader` (anyone swapping), `provider` (compute providers), `arbiter` (dispute authority).
//! `crank` (anyone). Every handler loads and checks its accounts, calls its rule in `crate::logic`,
//! makes the token movements the rule returns (`jobs`, `slashing` and `token_cpi` hold the shared
//! token plumbing) and emits its event.

pub mod admin;
pub mod arbiter;
pub mod collateral;
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

pub use crate::logic::swap::check_deadline;
