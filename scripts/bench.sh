#!/usr/bin/env bash
# Benchmarks: program replay throughput by harness path; simulator model/Monte Carlo/chain figures.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p compute-amm-sim --bench replay
cargo bench -p compute-amm-sim --bench sim
