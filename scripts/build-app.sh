#!/usr/bin/env bash
# Release build of the browser app into dist/ (Trunk, offline, wasm-opt from
# npm): the enterprise app (index.html) and the staff console (staff.html, its
# own wasm), then the post-build step (sizes, precache list, compressed copies).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true
trunk build --release "$@"
staff=target/staff-dist
trunk build staff.html --release --dist "$staff" "$@"
# Trunk names every page it writes index.html. The staff build's CSS has the
# same content hash as the app's: the same files.
cp "$staff/index.html" dist/staff.html
for f in "$staff"/*; do
  [ -e "dist/${f##*/}" ] || cp -r "$f" dist/
done
node scripts/post-build.mjs dist
