//! Instructions the market's arbiter calls.

pub mod resolve_dispute;
pub mod slash_provider;

pub use resolve_dispute::*;
pub use slash_provider::*;
