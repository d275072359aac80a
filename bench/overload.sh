#!/usr/bin/env bash
# The 3× overload: first the server's registration capacity is measured (closed-loop wrk,
# bench/register.lua, CONNECTIONS for 10 s after a warm-up), then new people arrive at OVERLOAD
# times that rate for SURGE seconds from an open-loop generator (bench/overload.c, compiled
# here: constant arrivals whatever the answers, each person turned away coming back with their
# ticket when Retry-After says), and the run goes on for DRAIN seconds more with only the returning
# people, so the line can be seen to drain. Reported: every answer by kind (only 202, the
# waiting room's 503 with a ticket, a proof solved short of the bits asked under load and one whose seed expired while its person waited, which
# the person solves again, are allowed), the server's own latency of admitted
# registrations from /metrics (p50, p99 and the share within 250 ms), the line every 10 s,
# the CPU of the server, of PostgreSQL and of the generator itself, and afterwards the accounts
# in the database against the 202s (nothing acknowledged lost).
#
# usage: bench/overload.sh [sqlite|postgres|both]
#   env: OVERLOAD=3 SURGE=60 DRAIN=120 CONNECTIONS=64 GENERATOR_CONNECTIONS=1024
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ENGINES=${1:-both}
OVERLOAD=${OVERLOAD:-3}
SURGE=${SURGE:-60}
DRAIN=${DRAIN:-120}
CONNECTIONS=${CONNECTIONS:-64}
GENERATOR_CONNECTIONS=${GENERATOR_CONNECTIONS:-1024}
PORT=${PORT:-18183}
BIN=${PRAKERJA_BENCH_BINARY:-.build-release/release/prakerja}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -f /usr/include/openssl/sha.h ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev >/dev/null; }
GENERATOR=$(mktemp -d)/overload
cc -O2 -Wall -o "$GENERATOR" bench/overload.c -lcrypto
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release

# Admitted registrations' latency as the server measured it, between two /metrics texts.
server_latency() {
  python3 - "$1" "$2" <<'PY'
import re, sys
def buckets(path):
    counts = {}
    for line in open(path):
        if line.startswith("http_server_request_duration_bucket{") and 'http_route="/api/v1/accounts"' in line \
                and 'http_request_method="POST"' in line and 'http_response_status_code="202"' in line:
            bound = re.search(r'le="([^"]+)"', line).group(1)
            counts[float("inf") if bound == "+Inf" else float(bound)] = int(float(line.split()[-1]))
    return counts
before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
delta = {bound: after[bound] - before.get(bound, 0) for bound in after}
total = delta.get(float("inf"), 0)
def bound(share):
    needed = total * share
    return next((b for b in sorted(delta) if delta[b] >= needed), None)
ms = lambda b: "-" if b is None else ("inf" if b == float("inf") else "%.0f" % (b * 1000))
within = delta.get(0.25, 0) / total * 100 if total else 0
print("server_admitted=%d server_p50_le_ms=%s server_p99_le_ms=%s server_within_250ms=%.2f%%"
      % (total, ms(bound(0.5)), ms(bound(0.99)), within))
PY
}

# The server's 202s and 503s to registrations so far: "ACCEPTED QUEUED".
answer_counts() {
  curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^hb_requests\{http_route="\/api\/v1\/accounts",http_request_method="POST"/ {
    if ($0 ~ /"202"/) a = $NF; if ($0 ~ /"503"/) q = $NF } END { printf "%d %d", a, q }'
}

# The waiting room's controller as /metrics shows it: "LOAD LATENCY_MS LINE_RATE PASS_MS TURNS LET TOLD POOL_WAITING".
controller_readings() {
  curl -s "http://127.0.0.1:$PORT/metrics" | awk '
    /^prakerja_admission_load / { l = $2 } /^prakerja_admission_latency_median_seconds / { m = $2 * 1000 }
    /^prakerja_admission_line_rate_per_second / { r = $2 } /^prakerja_admission_pass_seconds / { p = $2 * 1000 }
    /^prakerja_admission_turns_given / { t = $2 } /^prakerja_admission_door_let_through / { a = $2 }
    /^prakerja_admission_door_told_to_wait / { w = $2 } /^prakerja_db_pool_waiting / { q = $2 }
    END { printf "%.2f %.0f %.0f %.0f %d %d %d %d", l, m, r, p, t, a, w, q }'
}

run_engine() {
  local engine=$1 url work hz
  hz=$(getconf CLK_TCK)
  work=$(mktemp -d)
  url=$(fresh_database "$engine" "$work")
  # For `prakerja waiting-room status`, which reads the line in the same database.
  export PRAKERJA_DATABASE_URL="$url" PRAKERJA_SECRET_KEY=$(printf 'ef%.0s' {1..32})
  start_registration_server "$url" "$work/server.log"
  local server=$SERVER
  wrk -t2 -c"$CONNECTIONS" -d5s -s bench/register.lua "http://127.0.0.1:$PORT" | grep RESULT >"$work/warmup.txt"
  wrk -t2 -c"$CONNECTIONS" -d10s -s bench/register.lua "http://127.0.0.1:$PORT" | grep RESULT >"$work/capacity.txt"
  local capacity rate
  capacity=$(sed -n 's/.*rate_per_s=\([0-9]*\).*/\1/p' "$work/capacity.txt")
  rate=$((capacity * OVERLOAD))
  echo "$engine capacity $(cat "$work/capacity.txt")"
  echo "$engine surge rate=$rate/s (${OVERLOAD}× $capacity) for ${SURGE}s, then ${DRAIN}s for the line to drain"

  curl -s "http://127.0.0.1:$PORT/metrics" >"$work/before.prom"
  local server0 pg0 start
  server0=$(ticks $server); pg0=$(postgres_ticks); start=$(date +%s.%N)
  "$GENERATOR" 127.0.0.1 "$PORT" "$rate" "$SURGE" "$((SURGE + DRAIN))" "$GENERATOR_CONNECTIONS" >"$work/overload.txt" 2>"$work/progress.txt" &
  local load=$!
  local elapsed=0 counts previous ticks_then=$server0
  previous=$(answer_counts)
  local readings_then readings_now
  readings_then=$(controller_readings)
  while kill -0 $load 2>/dev/null; do
    sleep 10
    elapsed=$((elapsed + 10))
    local line ticks_now
    line=$("$BIN" waiting-room status 2>/dev/null | awk -F': ' '/placed and waiting/ {w=$2} /not yet placed/ {u=$2} END {print w+u}')
    counts=$(answer_counts); ticks_now=$(ticks $server); readings_now=$(controller_readings)
    echo "$engine t=${elapsed}s line=$line $(echo "$previous $counts" | awk '{ printf "202/s=%d 503/s=%d", ($3 - $1) / 10, ($4 - $2) / 10 }') server_cpu=$(( (ticks_now - ticks_then) * 10 / hz ))% \
$(echo "$readings_then $readings_now" | awk '{ printf "load=%s latency_ms=%s line_rate=%s pass_ms=%s turns/s=%d door_in/s=%d door_wait/s=%d pool_waiting=%s",
      $9, $10, $11, $12, ($13 - $5) / 10, ($14 - $6) / 10, ($15 - $7) / 10, $16 }')"
    previous=$counts; ticks_then=$ticks_now; readings_then=$readings_now
  done
  wait $load || true
  local server1 pg1 end
  server1=$(ticks $server); pg1=$(postgres_ticks); end=$(date +%s.%N)
  curl -s "http://127.0.0.1:$PORT/metrics" >"$work/after.prom"
  sed "s/^/$engine /" "$work/progress.txt"
  grep RESULT "$work/overload.txt" | sed "s/^/$engine /"
  echo "$engine $(server_latency "$work/before.prom" "$work/after.prom")"
  awk -v s=$((server1 - server0)) -v p=$((pg1 - pg0)) -v hz="$hz" -v t0="$start" -v t1="$end" -v e="$engine" 'BEGIN {
    printf "%s cpu_seconds over %.0f s wall: server %.1f, postgres %.1f (the generator: generator_cpu_s above)\n",
      e, t1 - t0, s / hz, p / hz }'
  kill -TERM $server; wait $server || true
  local acknowledged
  acknowledged=$(sed -n 's/.*accepted=\([0-9]*\).*/\1/p' "$work/warmup.txt" "$work/capacity.txt" "$work/overload.txt" | paste -sd+ | bc)
  echo "$engine after: acknowledged_202=$acknowledged accounts_in_database=$(query_value "$url" "select count(*) from accounts") line_left=$("$BIN" waiting-room status | awk -F': ' '/placed and waiting/ {w=$2} /not yet placed/ {u=$2} END {print w+u}')"
  grep -c '"level":"error"' "$work/server.log" | sed "s/^/$engine server_error_log_lines=/" || true
  unset PRAKERJA_DATABASE_URL PRAKERJA_SECRET_KEY
}

case "$ENGINES" in
  both) run_engine sqlite; run_engine postgres ;;
  *) run_engine "$ENGINES" ;;
esac
