#!/usr/bin/env bash
# Benchmarks: replay throughput by harness path.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p compute-amm-sim --bench replay
