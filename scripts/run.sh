#!/usr/bin/env bash
# The whole product on http://127.0.0.1:8080: builds the app, builds and starts
# the sync server (SQLite under ./data). Flags after `--` go to the server,
# e.g. `make run ARGS="--port 9000"`; see `eport-server --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-app.sh
cargo build --profile server -p eport-server
exec target/server/eport-server --dist-dir dist "$@"
