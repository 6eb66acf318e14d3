//! Compute AMM market simulator: agents, scenarios, a fast in-memory model engine and the chain engine
//! (every action a real transaction against the program), a naive baseline market, KPIs and reports.

pub mod action;
pub mod agents;
pub mod amm;
pub mod baseline;
pub mod chain;
pub mod engine;
pub mod jobs;
pub mod metrics;
pub mod model;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod shard;
pub mod soak;
pub mod world;
