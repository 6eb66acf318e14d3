//! Instructions the market's arbiter calls.

pub mod slash_provider;

pub use slash_provider::*;
