#!/usr/bin/env bash
# Release build of the browser app into dist/ (Trunk, offline, wasm-opt from npm).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true
trunk build --release "$@"
