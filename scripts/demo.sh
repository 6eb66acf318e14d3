#!/usr/bin/env bash
# The main job: seeded random market traffic replayed against the program, with a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release -p compute-amm-sim -- demo "$@"
