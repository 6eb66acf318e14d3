#!/usr/bin/env bash
# Runs every test of the workspace in the release profile (the one profile tests, the main job and
# benchmarks share, so the heavy Solana dependency graph is built once).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --workspace "$@"
