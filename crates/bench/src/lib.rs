//! Load benchmarks live in `benches/load.rs` (`cargo bench -p compute-amm-bench --bench load`).
//! This crate adds no dependency to the workspace: the test command builds its (empty) library only.
