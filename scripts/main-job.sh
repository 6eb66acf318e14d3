#!/usr/bin/env bash
# The main job: the default scenario on the chain engine with the naive baseline; writes out/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release -p compute-amm-sim -- "$@"
