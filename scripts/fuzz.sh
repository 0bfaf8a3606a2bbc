#!/usr/bin/env bash
# Runs every fuzz target for N seconds each (default 60). Not part of `make test`:
# it needs sanitizer builds and minutes of CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
# cargo-fuzz passes -Z flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
(cd crates/domain && cargo fuzz run normalize_validate -- -max_total_time="$secs")
