#!/usr/bin/env bash
# The test command (README "Two commands"; CI runs exactly this): everything a fresh machine with a
# Rust toolchain needs, then every test.
#
#   1. installs what the machine lacks: the Debian packages the in-process validator's dependencies
#      build against (libclang for rocksdb's bindgen, protobuf, udev, OpenSSL, cmake), Chromium for
#      the report check, and Node.js/npm for the TypeScript client when there is none;
#   2. `cargo test --release --workspace`: unit, property, integration, simulator, IDL, golden
#      vectors, event decoding and the Rust end-to-end run over JSON-RPC;
#   3. the TypeScript client's unit tests and its end-to-end run against `localnet` over JSON-RPC;
#   4. the browser check of the main job's report (headless Chromium, screenshot).
#
# Extra arguments go to `cargo test` (e.g. scripts/test.sh -- --test-threads=1). Set SKIP_TS=1 or
# SKIP_BROWSER=1 to leave out steps 3 or 4 (CI never does).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { echo "== $1 (after $(( $(date +%s) - start )) s)"; }

# ---- 1. system packages ----
pkgs=(clang libclang-dev protobuf-compiler libudev-dev libssl-dev pkg-config cmake)
[[ "${SKIP_BROWSER:-}" == 1 ]] || pkgs+=(chromium)
if [[ "${SKIP_TS:-}" != 1 ]] && ! command -v npm >/dev/null; then pkgs+=(nodejs npm); fi
need=()
for pkg in "${pkgs[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${need[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  step "installing ${need[*]}"
  t0=$(date +%s)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  echo "== installed in $(( $(date +%s) - t0 )) s"
fi
echo "== rustc: $(rustc --version); node: $(node --version 2>/dev/null || echo none)"

# ---- 2. Rust ----
step "cargo test --release --workspace"
cargo test --release --workspace "$@"
step "Rust tests finished"

# ---- 3. TypeScript ----
if [[ "${SKIP_TS:-}" != 1 ]]; then
  (cd clients/ts && npm ci --no-audit --no-fund && npm test)
  step "TypeScript unit tests finished"
  scripts/e2e-ts.sh
  step "TypeScript end-to-end run finished"
fi

# ---- 4. the report in a browser ----
if [[ "${SKIP_BROWSER:-}" != 1 ]]; then
  scripts/report-check.sh
  step "report browser check finished"
fi
step "all tests passed"
