#!/usr/bin/env bash
# Benchmark report: release build, then measurements written to
# target/bench/report.md and target/bench/report.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
scripts/build-app.sh
cargo build -q --profile server -p eport-server
node scripts/bench/report.mjs
