#!/usr/bin/env bash
# Browser check of the main job's report: runs the default scenario (the main job: baseline scenario,
# chain engine, naive baseline) with the simulator binary into out/report-check, loads report.html in
# headless Debian Chromium through playwright-core (tests/browser/check.mjs) and fails on any console
# or page error, any request leaving the file, a missing, unrendered or empty chart, a series without a
# plotted line, a legend box hiding part of a line, or a chart label running off its chart. Saves a
# full-page screenshot and prints its path.
#
#   scripts/report-check.sh                 # REPORT_CHECK_OUT=dir to write elsewhere
#
# The binary comes from the test command's build (`cargo test --release --workspace --no-run`, seconds
# once the tests are built): a `-p compute-amm-sim` build would unify features differently and
# recompile ~160 crates. Installs Debian's chromium (apt-get, sudo when not root) if /usr/bin/chromium
# is missing, and the npm package (playwright-core, never a downloaded browser) if not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
out="${REPORT_CHECK_OUT:-out/report-check}"
bin="${CARGO_TARGET_DIR:-target}/release/compute-amm-sim"

# REPORT_CHECK_NO_BUILD=1 uses the binary as it is (when the caller has just built the workspace).
[[ "${REPORT_CHECK_NO_BUILD:-}" == 1 ]] || cargo test --release --workspace --no-run
[[ -x "$bin" ]] || { echo "report-check: $bin not found after the build" >&2; exit 1; }

if [[ ! -x /usr/bin/chromium ]]; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  t0=$(date +%s)
  echo "== installing Debian's chromium"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  echo "== chromium installed in $(( $(date +%s) - t0 )) s: $(/usr/bin/chromium --version 2>/dev/null)"
fi

(cd tests/browser && { [[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund; })

mkdir -p "$out"
# Stale charts from an older run would not match the report (the check counts the .svg files).
rm -f "$out"/*.svg "$out"/report.html "$out"/report.png
t0=$(date +%s)
echo "== main job's default scenario into $out"
# Progress and KPIs go to the log; the tail is shown if the run fails.
if ! "$bin" simulate --out "$out" >"$out/sim.log" 2>&1; then
  tail -40 "$out/sim.log" >&2
  echo "report-check: the simulator failed (log: $out/sim.log)" >&2
  exit 1
fi
grep -E '^(scenario|report:|model_chain_agreement)' "$out/sim.log" || true
echo "== simulator finished in $(( $(date +%s) - t0 )) s"

t0=$(date +%s)
rc=0
node tests/browser/check.mjs "$out/report.html" "$out/report.png" || rc=$?
echo "== browser check finished in $(( $(date +%s) - t0 )) s (report-check: $(( $(date +%s) - start )) s in all)"
[[ -f "$out/report.png" ]] && echo "screenshot: $out/report.png"
exit "$rc"
