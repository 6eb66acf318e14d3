#!/usr/bin/env bash
# Starts `localnet`: a real Agave test validator in-process with Compute AMM loaded as a native
# builtin (no SBF toolchain needed), JSON-RPC on 127.0.0.1:8899, a demo market bootstrapped over RPC.
# Extra arguments go to the binary (see `--help`), e.g. scripts/localnet.sh --info localnet.json
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release -p compute-amm-localnet --bin localnet -- "$@"
