#!/usr/bin/env bash
# Every test: formatting, clippy (warnings are errors), host tests, in-browser
# Rust tests in headless Chromium, and the Playwright suite against the real
# server binary. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step's time, printed as a table at the end (and when a step fails).
STEP_NAME=""; STEP_START=$SECONDS; RUN_START=$SECONDS; TIMES=()
lap() {
  if [ -n "$STEP_NAME" ]; then TIMES+=("$(printf '%5ds  %s' $((SECONDS - STEP_START)) "$STEP_NAME")"); fi
  STEP_START=$SECONDS
}
summary() {
  lap; STEP_NAME=""
  printf '\n\033[1;34m==> time per step\033[0m\n'
  if [ ${#TIMES[@]} -gt 0 ]; then printf '%s\n' "${TIMES[@]}"; fi
  printf '%5ds  total\n' $((SECONDS - RUN_START))
}
# The throwaway PostgreSQL cluster, stopped however the run ends.
PG_DIR=""
cleanup() {
  if [ -n "$PG_DIR" ]; then scripts/pg-cluster.sh stop "$PG_DIR"; rm -rf "$PG_DIR"; fi
}
trap 'summary; cleanup' EXIT
step() { lap; STEP_NAME="$*"; printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
STEP_NAME="setup (tools, browser)"
scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step "format"
cargo fmt --all -- --check

step "clippy (host crates, then the wasm app)"
cargo clippy --workspace --exclude eport-desk --all-targets -- -D warnings
cargo clippy -p eport-desk --target wasm32-unknown-unknown --all-targets -- -D warnings

step "domain and app-core crates have no web or server dependencies"
for crate in eport-domain eport-app-core; do
  if cargo tree -p $crate -e normal --prefix none | grep -E '^(leptos|web-sys|js-sys|wasm-bindgen|axum|tokio|hyper|rusqlite) '; then
    echo "$crate must not depend on the crates above" >&2
    exit 1
  fi
done
cargo build -q -p eport-domain -p eport-app-core --target wasm32-unknown-unknown

step "host tests (domain, server)"
cargo test --workspace --exclude eport-desk

step "server suites again on PostgreSQL (+ S3), and the replica tests"
# The storage-facing suites; parsing, headers, TLS and connection sharing ran once above,
# and disk_bounds too: it measures free disk, which the cluster shares while it writes WAL.
PG_DIR=$(mktemp -d /tmp/eport-pg.XXXXXX)
PG_URL=$(scripts/pg-cluster.sh start "$PG_DIR")
PG_SUITES=(bulk_claims calendar card_routes create_flood dispatch_batch hostile queue
  migrate_data register replicas retention review_records s3_blobs sign_in_abuse staff staff_accounts statistics
  sync_durability sync_protocol withdraw)
EPORT_TEST_POSTGRES="$PG_URL" cargo test -p eport-server --lib "${PG_SUITES[@]/#/--test=}"
scripts/pg-cluster.sh stop "$PG_DIR"; rm -rf "$PG_DIR"; PG_DIR=""

step "API conformance (schemathesis against the served OpenAPI document)"
cargo build -q -p eport-server
scripts/api-conformance.sh target/debug/eport-server

step "in-browser Rust tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_TIMEOUT=120 \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p eport-desk --target wasm32-unknown-unknown

step "end-to-end (Playwright, headless Chromium, real server)"
scripts/build-app.sh
cargo build -q -p eport-server
EPORT_SERVER_BIN="$PWD/target/debug/eport-server" EPORT_DIST_DIR="$PWD/dist" \
  npx playwright test -c e2e/playwright.config.ts
