#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and benchmarks, as the `postgres` system
# user (the server refuses to run as root), listening on 127.0.0.1:${PGPORT:-54329}.
# Prints the admin URL the tests read from PRAKERJA_TEST_POSTGRES_URL.
set -euo pipefail
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
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
    as_postgres "$BIN/initdb -D $PGDATA -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '/tmp'
max_connections = 300
shared_buffers = 256MB
CONF
  fi
  as_postgres "$BIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
