#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `scripts/pg-cluster.sh start DIR`
# initialises one in DIR (as a non-root user: initdb refuses root), listens on
# a Unix socket in DIR only (no TCP port to collide with), and prints the
# admin URL; `scripts/pg-cluster.sh stop DIR` stops it. Installs Debian's
# PostgreSQL when missing (apt, as root).
set -euo pipefail
cmd=${1:?start or stop}; dir=${2:?a directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing PostgreSQL (apt)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  else
    echo "PostgreSQL is missing: sudo apt-get install postgresql" >&2; exit 1
  fi
fi
# As root, the cluster belongs to Debian's `postgres` user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U eport --auth=trust -E UTF8 --locale=C.UTF-8 -N >/dev/null
    fi
    # fsync off: a throwaway cluster; the server's own durability is tested on SQLite.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
      "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
      start >/dev/null
    echo "postgres://eport@localhost/postgres?host=$dir"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    ;;
  *) echo "start or stop" >&2; exit 2 ;;
esac
