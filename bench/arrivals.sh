#!/usr/bin/env bash
# How fast the waiting room takes people into line: with an opening scheduled an hour ahead,
# every newcomer joins the shared line (a row in the database) and is answered 503 with a
# place. wrk sends newcomers (bench/arrive.lua, each from its own address behind a trusted
# load balancer) for RUNS runs of DURATION; the line must then hold exactly one row per 503.
#
# usage: bench/arrivals.sh [sqlite|postgres|both]   (env: DURATION=10s CONNECTIONS=64 RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ENGINES=${1:-both}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
RUNS=${RUNS:-3}
PORT=${PORT:-18185}
BIN=${PRAKERJA_BENCH_BINARY:-.build-release/release/prakerja}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release

run_engine() {
  local engine=$1 url work
  work=$(mktemp -d)
  url=$(fresh_database "$engine" "$work")
  export PRAKERJA_DATABASE_URL="$url" PRAKERJA_SECRET_KEY=$(printf 'ef%.0s' {1..32})
  "$BIN" waiting-room open --at +3600 >/dev/null  # migrates the new database first
  PRAKERJA_WORKER=false PRAKERJA_LOG_LEVEL=warning PRAKERJA_TRUSTED_PROXIES=127.0.0.1 \
    "$BIN" serve --port "$PORT" >"$work/server.log" 2>&1 &
  local server=$!
  wait_ready "$PORT"
  sleep 1
  wrk -t2 -c"$CONNECTIONS" -d3s -s bench/arrive.lua "http://127.0.0.1:$PORT" | grep RESULT | sed "s/^/$engine warmup /" | tee "$work/warmup.txt"
  for run in $(seq 1 "$RUNS"); do
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/arrive.lua "http://127.0.0.1:$PORT" | grep RESULT | sed "s/^/$engine run$run /"
  done | tee "$work/results.txt"
  kill -TERM $server; wait $server || true
  local line="select count(*) from waiting_room"
  local answered; answered=$(sed -n 's/.*queued=\([0-9]*\) .*/\1/p' "$work/results.txt" "$work/warmup.txt" | paste -sd+ | bc)
  echo "$engine answered_503=$answered rows_in_line=$(query_value "$url" "$line")"
  unset PRAKERJA_DATABASE_URL PRAKERJA_SECRET_KEY
}

case "$ENGINES" in
  both) run_engine sqlite; run_engine postgres ;;
  *) run_engine "$ENGINES" ;;
esac
