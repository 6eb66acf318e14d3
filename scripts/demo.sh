#!/usr/bin/env bash
# The foundation's random swap/liquidity replay against the program, with a JSON summary.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release -p compute-amm-sim -- demo "$@"
