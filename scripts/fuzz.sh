#!/usr/bin/env bash
# Runs every fuzz target for N seconds each (default 60): the domain rules
# (crates/domain/FUZZING.md) and the server's request parsing
# (crates/server/FUZZING.md). Not part of `make test`: it needs sanitizer
# builds and minutes of CPU. Usage: scripts/fuzz.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
# cargo-fuzz passes -Z flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
run() { # crate dir, target, extra corpus dirs…
  local dir=$1 target=$2
  shift 2
  echo "== $dir: $target ($secs s)"
  (cd "$dir" && mkdir -p "fuzz/corpus/$target" && cargo fuzz run "$target" "fuzz/corpus/$target" "$@" -- -max_total_time="$secs")
}
run crates/domain normalize_validate
run crates/domain manifest_check fuzz/seeds/manifest_check
run crates/server request_headers fuzz/seeds/request_headers
run crates/server manifest_json fuzz/seeds/manifest_json
