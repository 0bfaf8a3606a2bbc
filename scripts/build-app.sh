#!/usr/bin/env bash
# Release build of the browser app into dist/ (Trunk, offline, wasm-opt from
# npm): the enterprise app (index.html), its tools (tools.html: 诊断, 查询办理进度,
# 打印表格) and the staff console (staff.html), each its own wasm; then the
# post-build step (sizes, precache lists, compressed copies).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true
trunk build --release "$@"
# Trunk names every page it writes index.html. The other builds' CSS has the
# same content hash as the app's: the same files.
for page in tools staff; do
  out=target/$page-dist
  trunk build $page.html --release --dist "$out" "$@"
  cp "$out/index.html" dist/$page.html
  for f in "$out"/*; do
    [ -e "dist/${f##*/}" ] || cp -r "$f" dist/
  done
done
node scripts/post-build.mjs dist
