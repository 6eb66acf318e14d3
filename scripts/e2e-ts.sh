#!/usr/bin/env bash
# TypeScript end-to-end run: starts `localnet` (a real Agave validator, JSON-RPC on 127.0.0.1 with
# the program as a native builtin), waits for its demo market, runs the TS client's e2e tests
# against it over JSON-RPC, and stops the validator whatever happens.
#
#   scripts/e2e-ts.sh            # port 18899 unless LOCALNET_PORT is set
set -euo pipefail
cd "$(dirname "$0")/.."
port="${LOCALNET_PORT:-18899}"
work="$(mktemp -d)"
info="$work/localnet.json"

# Built through the test command's own selection (the whole workspace, dev-dependencies included):
# Cargo unifies features over the packages it builds, so `cargo build -p compute-amm-localnet` would
# compile the validator's ~1,250-crate graph a second time with a different feature set.
cargo test --release --workspace --no-run
"${CARGO_TARGET_DIR:-target}/release/localnet" --rpc-port "$port" --info "$info" >"$work/localnet.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 180); do
  [[ -f "$info" ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "localnet exited before it was ready:" >&2
    tail -50 "$work/localnet.log" >&2
    exit 1
  fi
  sleep 1
done
[[ -f "$info" ]] || { echo "localnet not ready after 180 s" >&2; tail -50 "$work/localnet.log" >&2; exit 1; }
grep '^localnet:' "$work/localnet.log" || true

cd clients/ts
[[ -d node_modules ]] || npm ci
LOCALNET_INFO="$info" npm run e2e
