#!/usr/bin/env bash
# Registrations at several connection counts on one server: after a warm-up, each count in
# COUNTS runs bench/register.lua for DURATION, in the order given (repeat a count to see the
# noise), then `/health` at each distinct count for 5 s. Says how many requests in flight the
# durable write path needs to fill its batches, against a route that needs none.
#
# usage: bench/connections.sh [sqlite|postgres]   (env: COUNTS="64 128 64 128" DURATION=10s)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ENGINE=${1:-sqlite}
COUNTS=${COUNTS:-64 128 64 128}
DURATION=${DURATION:-10s}
PORT=${PORT:-18185}
BIN=${PRAKERJA_BENCH_BINARY:-.build-release/release/prakerja}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release

work=$(mktemp -d)
url=$(fresh_database "$ENGINE" "$work")
start_registration_server "$url" "$work/server.log"
server=$SERVER
wrk -t2 -c64 -d5s -s bench/register.lua "http://127.0.0.1:$PORT" >/dev/null
for c in $COUNTS; do
  echo "$ENGINE connections=$c $(wrk -t2 -c"$c" -d"$DURATION" -s bench/register.lua "http://127.0.0.1:$PORT" | grep RESULT | sed 's/.*rate_per_s=\([0-9]*\).*p50/rate_per_s=\1 p50/')"
done
for c in $(printf '%s\n' $COUNTS | sort -un); do
  wrk -t2 -c"$c" -d5s "http://127.0.0.1:$PORT/health" | awk -v e="$ENGINE" -v c="$c" '/Requests\/sec/ {print e " health connections=" c " rate_per_s=" $2}'
done
kill -TERM $server; wait $server || true
