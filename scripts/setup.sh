#!/usr/bin/env bash
# Installs whatever the build and the tests need and is not there yet.
# Quick when everything is present. Usage: scripts/setup.sh [--browser]
#   --browser  also what the tests need: Chromium + chromedriver, Python 3
#              with venv (schemathesis is installed by scripts/api-conformance.sh),
#              pdftotext and CJK fonts, strace, s3s-fs
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# Rust's wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo install, preferring the crate's own lock file; falls back to a fresh
# resolution when a locked dependency is no longer on the registry.
cargo_install() {
  local crate=$1 version=$2
  cargo install --locked "$crate" --version "$version" || cargo install "$crate" --version "$version"
}

# Trunk (0.22 needs a newer rustc than this toolchain).
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes, once)"
  cargo_install trunk "$TRUNK_VERSION"
fi

# wasm-bindgen CLI: exactly the version in Cargo.lock (Trunk refuses a mismatch).
wbg_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $wbg_version (about 3 minutes, once)"
  cargo_install wasm-bindgen-cli "$wbg_version"
fi
if ! grep -q "wasm_bindgen = \"$wbg_version\"" Trunk.toml; then
  echo "Trunk.toml's [tools] wasm_bindgen does not match Cargo.lock ($wbg_version)" >&2
  exit 1
fi

# npm tools: wasm-opt (binaryen), Playwright, axe-core. Never a browser download.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# A real S3-protocol server for the server's object-store tests: s3s-fs from
# crates.io (0.14.1: later versions need a newer rustc), in .tools/, which
# outlives `cargo clean`.
S3S_FS_VERSION=0.14.1
if [ "$want_browser" = 1 ] && [ "$(.tools/bin/s3s-fs --version 2>/dev/null | awk '{print $2}')" != "$S3S_FS_VERSION" ]; then
  say "installing s3s-fs $S3S_FS_VERSION into .tools (about 2 minutes, once)"
  cargo install --locked --features binary s3s-fs --version "$S3S_FS_VERSION" --root .tools
fi

# Chromium and chromedriver from Debian.
if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing chromium and chromium-driver (Debian packages)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# Python 3 with venv + ensurepip, for schemathesis (the API conformance run).
if [ "$want_browser" = 1 ] && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  say "installing python3 and python3-venv (Debian packages)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3 python3-venv >/dev/null
fi
# pdftotext (the printed-forms test reads the PDFs Chromium prints) and CJK fonts, so the
# forms print as real Chinese text rather than missing glyphs.
if [ "$want_browser" = 1 ] && { ! command -v pdftotext >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; }; then
  say "installing poppler-utils and fonts-noto-cjk (Debian packages)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq poppler-utils fonts-noto-cjk >/dev/null
fi
# strace: a server test watches the system calls to see fsync happen before 204.
if [ "$want_browser" = 1 ] && ! command -v strace >/dev/null; then
  say "installing strace (Debian package)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq strace >/dev/null
fi
say "tools ready"
