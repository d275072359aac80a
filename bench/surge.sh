#!/usr/bin/env bash
# The 2020 launch replayed: `prakerja surge` against a release server on SQLite and PostgreSQL,
# first at RATE arrivals a second for DURATION seconds, then at OVERLOAD times that rate for
# OVERLOAD_DURATION seconds. Each arrival solves the proof of work for its email against the
# published seed and registers in one request, waiting in line whenever the waiting room says
# so; afterwards FUNNEL of them verify their email and submit an identity with 2020's shares. The server runs as deployed on the
# embedded default except: the load comes from one address (per-address limits lifted) and
# the proof of work is 1 bit so the load generator's own hashing on this same machine stays
# small (the server's check costs the same at any difficulty).
#
# usage: bench/surge.sh [sqlite|postgres|both]
#   env: RATE=2000 DURATION=30 OVERLOAD=3 OVERLOAD_DURATION=60 FUNNEL=300
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ENGINES=${1:-both}
RATE=${RATE:-2000}
DURATION=${DURATION:-30}
OVERLOAD=${OVERLOAD:-3}
OVERLOAD_DURATION=${OVERLOAD_DURATION:-60}
FUNNEL=${FUNNEL:-300}
PORT=${PORT:-18191}
BIN=${PRAKERJA_BENCH_BINARY:-.build-release/release/prakerja}
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release

run_engine() {
  local engine=$1 url work
  work=$(mktemp -d)
  url=$(fresh_database "$engine" "$work")
  PRAKERJA_DATABASE_URL="$url" PRAKERJA_LOG_LEVEL=warning PRAKERJA_POW_BITS=1 PRAKERJA_POW_MAX_BITS=2 \
    PRAKERJA_LIMIT_EMAILS_PER_ADDRESS=1000000000/1m PRAKERJA_LIMIT_SECRET_CHECKS_PER_ADDRESS=1000000000/1m \
    PRAKERJA_LIMIT_IDENTITY_PER_ADDRESS=1000000000/1m PRAKERJA_SECRET_KEY=$(printf 'ef%.0s' {1..32}) \
    "$BIN" serve --port "$PORT" >"$work/server.log" 2>&1 &
  local server=$!
  wait_ready "$PORT"
  echo "== $engine: $RATE/s for ${DURATION}s"
  "$BIN" surge --url "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$DURATION" --funnel-sample "$FUNNEL" \
    --database-url "$url" | sed "s/^/$engine sustained /"
  local overload_rate; overload_rate=$(echo "$RATE * $OVERLOAD" | bc)
  echo "== $engine: $overload_rate/s for ${OVERLOAD_DURATION}s"
  "$BIN" surge --url "http://127.0.0.1:$PORT" --rate "$overload_rate" --duration "$OVERLOAD_DURATION" \
    --funnel-sample "$FUNNEL" --database-url "$url" | sed "s/^/$engine overload /"
  grep -c '"level":"error"' "$work/server.log" | sed "s/^/$engine server_error_log_lines=/" || true
  kill -TERM $server; wait $server || true
}

case "$ENGINES" in
  both) run_engine sqlite; run_engine postgres ;;
  *) run_engine "$ENGINES" ;;
esac
