#!/usr/bin/env bash
# Starts `localnet`: a real Agave test validator in-process with Compute AMM loaded as a native
# builtin (no SBF toolchain needed), JSON-RPC on 127.0.0.1:8899, a demo market bootstrapped over RPC.
# Extra arguments go to the binary (see `--help`), e.g. scripts/localnet.sh --info localnet.json
set -euo pipefail
cd "$(dirname "$0")/.."
# Built through the test command's selection (whole workspace), so the binary shares its build with
# the tests: `cargo run -p compute-amm-localnet` would unify features differently and rebuild the
# validator's dependency graph (~35 min on 2 cores).
cargo test --release --workspace --no-run
exec "${CARGO_TARGET_DIR:-target}/release/localnet" "$@"
