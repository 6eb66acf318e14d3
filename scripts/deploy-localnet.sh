#!/usr/bin/env bash
# The SBF path, for machines WITH the Solana toolchain and Anchor 1.2.2 (not runnable on this
# project's CI machines, which cannot install platform-tools; there, use scripts/localnet.sh).
# Builds the program to SBF and starts solana-test-validator on loopback with it preloaded at the
# program id; the TS end-to-end scenario then runs against it with a LOCALNET_INFO file of your own.
set -euo pipefail
cd "$(dirname "$0")/.."
program_id="$(grep -m1 '^compute_amm' Anchor.toml | cut -d'"' -f2)"
anchor build
solana-test-validator --reset --quiet --bind-address 127.0.0.1 --rpc-port 8899 \
  --bpf-program "$program_id" target/deploy/compute_amm.so &
validator=$!
trap 'kill "$validator" 2>/dev/null || true' EXIT
until solana cluster-version --url http://127.0.0.1:8899 >/dev/null 2>&1; do sleep 1; done
echo "solana-test-validator up with compute_amm at $program_id (Ctrl-C to stop)"
wait "$validator"
