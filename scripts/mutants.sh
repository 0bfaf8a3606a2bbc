#!/usr/bin/env bash
# Mutation testing of the domain rules that matter most: cargo-mutants changes
# the code of uscc, id_number, calendar, timeline and merge one mutation at a
# time and runs the domain crate's tests; a mutant that survives ("missed")
# is behaviour no test pins down. Not part of `make test` (it takes a while).
# Usage: scripts/mutants.sh [extra cargo-mutants args]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
out=target/mutants
mkdir -p "$out"
cargo mutants --package eport-domain \
  --file crates/domain/src/uscc.rs \
  --file crates/domain/src/id_number.rs \
  --file crates/domain/src/calendar.rs \
  --file crates/domain/src/timeline.rs \
  --file crates/domain/src/merge.rs \
  --output "$out" --timeout 120 "$@" || true
# cargo-mutants exits non-zero when a mutant is missed; the summary says which.
for kind in caught missed timeout unviable; do
  file="$out/mutants.out/$kind.txt"
  printf '%-9s %s\n' "$kind" "$( [ -f "$file" ] && wc -l < "$file" || echo 0)"
done
echo "missed mutants: $out/mutants.out/missed.txt"
