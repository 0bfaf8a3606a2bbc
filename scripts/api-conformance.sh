#!/usr/bin/env bash
# Runs schemathesis (from PyPI, pinned in crates/server/schemathesis/requirements.txt)
# against the OpenAPI document the real server binary serves, on a temporary
# SQLite file. Fails on any 5xx and on any response that contradicts the document.
# Usage: scripts/api-conformance.sh [path/to/eport-server] [extra schemathesis args]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/eport-server}
shift || true
venv=target/tools/schemathesis
req=crates/server/schemathesis/requirements.txt

if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s "$req" "$venv/requirements.txt"; then
  echo "[api] installing schemathesis into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
  cp "$req" "$venv/requirements.txt"
fi

data=$(mktemp -d)
log="$data/server.log"
password=$("$bin" --data-dir "$data/db" account add conformance --name "API 一致性" | sed -n 's/^password: //p')
"$bin" --addr 127.0.0.1 --port 0 --data-dir "$data/db" --dist-dir "$data/no-dist" \
  --create-limit 100000/100000 \
  --rate-limit manifest=1000000/100000,status=1000000/100000,offset=1000000/100000,chunk=1000000/100000,staff=1000000/100000,ping=1000000/100000,api=1000000/100000,app=1000000/100000 \
  >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do
  url=$(sed -n 's/^listening on //p' "$log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { cat "$log"; echo "server did not start" >&2; exit 1; }

# A staff session for the staff operations (generated sign-ins then fail and
# are throttled, as documented); any bearer token stands in for a submission secret.
cookie=$(curl -fsS -D - -o /dev/null -H 'X-Requested-By: eport-desk' -H 'Content-Type: application/json' \
  --data "{\"login\":\"conformance\",\"password\":\"$password\"}" "$url/api/v1/staff/session" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(eport_staff=[0-9a-f]*\).*/\1/p')
[ -n "$cookie" ] || { echo "staff sign-in failed" >&2; exit 1; }
# One worker: hypothesis describes strategies by parsing their source with
# ast, and CPython 3.11's ast is not safe across threads ("AST constructor
# recursion depth mismatch", seen once in a run with two workers).
SCHEMATHESIS_HOOKS=hooks PYTHONPATH=crates/server/schemathesis \
  "$venv/bin/schemathesis" run "$url/api/v1/openapi.json" \
  -H "Authorization: Bearer api-conformance-secret" \
  -H "Cookie: $cookie" -H "X-Requested-By: eport-desk" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --workers 1 --no-color "$@"
