#!/usr/bin/env bash
# Where the machine's CPU goes during the registration load: CPU seconds used by the server,
# by PostgreSQL's processes and by wrk during one run, against the wall time (2 cores give
# 2 CPU-seconds per second). Same server settings and load as bench/registrations.sh.
#
# usage: bench/cpu-split.sh [sqlite|postgres]   (env: DURATION=10 CONNECTIONS=64)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ENGINE=${1:-postgres}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18182}
BIN=${PRAKERJA_BENCH_BINARY:-.build-release/release/prakerja}
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release

work=$(mktemp -d)
url=$(fresh_database "$ENGINE" "$work")
start_registration_server "$url" "$work/server.log"
server=$SERVER
wrk -t2 -c"$CONNECTIONS" -d5s -s bench/register.lua "http://127.0.0.1:$PORT" >/dev/null

hz=$(getconf CLK_TCK)
server0=$(ticks $server); pg0=$(postgres_ticks); start=$(date +%s.%N)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/register.lua "http://127.0.0.1:$PORT" >"$work/wrk.txt" &
load=$!
sleep 0.5
wrk_pid=$(pgrep -n -x wrk)
wrk0=$(ticks "$wrk_pid")
sleep $((DURATION - 1))
wrk1=$(ticks "$wrk_pid"); server1=$(ticks $server); pg1=$(postgres_ticks); end=$(date +%s.%N)
wait $load
kill -TERM $server; wait $server || true
grep RESULT "$work/wrk.txt" | sed 's/ p50.*//'
awk -v s=$((server1 - server0)) -v p=$((pg1 - pg0)) -v w=$((wrk1 - wrk0)) -v hz="$hz" -v t0="$start" -v t1="$end" -v e="$ENGINE" 'BEGIN {
  wall = t1 - t0
  printf "%s cpu over %.1f s wall (%.1f CPU-s available): server %.1f, postgres %.1f, wrk %.1f (wrk measured over %.1f s)\n",
    e, wall, 2 * wall, s / hz, p / hz, w / hz, wall - 0.5 }'
