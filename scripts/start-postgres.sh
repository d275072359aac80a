#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and benchmarks, as the `postgres` system
# user (the server refuses to run as root), listening on 127.0.0.1:${PGPORT:-54329}.
# Prints the admin URL the tests read from PRAKERJA_TEST_POSTGRES_URL.
#
#   --fresh   when the cluster is not running, delete its data directory and start an empty
#             one (a left-over cluster that was not shut down cleanly can take minutes of
#             crash recovery, and earlier test runs leave thousands of databases in it).
#             Without it a stopped cluster is started again with its data, as the outage
#             tests need.
set -euo pipefail
FRESH=0
[ "${1:-}" = "--fresh" ] && FRESH=1
PGPORT=${PGPORT:-54329}
PGDATA=${PGDATA:-/tmp/prakerja-pg-$PGPORT}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if ! as_postgres "$BIN/pg_isready -q -h 127.0.0.1 -p $PGPORT"; then
  if [ "$FRESH" = 1 ] && [ -d "$PGDATA" ]; then
    as_postgres "$BIN/pg_ctl -D $PGDATA -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$PGDATA"
  fi
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
    as_postgres "$BIN/initdb -D $PGDATA -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    # The socket lives in the data directory, so a stale lock file from an earlier machine
    # state can never block the port.
    cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PGDATA'
max_connections = 300
shared_buffers = 256MB
CONF
  fi
  if ! as_postgres "$BIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -t 300 start" >/dev/null; then
    echo "PostgreSQL did not start; the end of its log:" >&2
    tail -n 30 "$PGDATA/server.log" >&2 || true
    exit 1
  fi
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
