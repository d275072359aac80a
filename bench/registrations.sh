#!/usr/bin/env bash
# Registration throughput: one POST /api/v1/accounts per registration, with a unique email and
# the seed (fetched once per wrk thread) solved for it, driven by wrk from this machine against a release build,
# on SQLite and on PostgreSQL. The load comes from one machine, so the server trusts it as a
# load balancer (PRAKERJA_TRUSTED_PROXIES) and bench/register.lua gives every registration its
# own client address in X-Forwarded-For, counted by the per-address limits; the proof of work is set to 1 bit so that wrk's Lua hashing stays negligible (the
# server's check is one SHA-256 and one HMAC at any difficulty). Each engine gets a fresh
# database, a warm-up, then RUNS measured runs; afterwards the number of accounts in the
# database must equal the number of 202 answers (nothing acknowledged is lost).
#
# usage: bench/registrations.sh [sqlite|postgres|both]   (env: DURATION=20s CONNECTIONS=64 RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ENGINES=${1:-both}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
RUNS=${RUNS:-3}
PORT=${PORT:-18181}
BIN=${PRAKERJA_BENCH_BINARY:-.build-release/release/prakerja}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release

run_engine() {
  local engine=$1 url count
  local work; work=$(mktemp -d)
  url=$(fresh_database "$engine" "$work")
  start_registration_server "$url" "$work/server.log"
  local server=$SERVER
  wrk -t2 -c"$CONNECTIONS" -d5s -s bench/register.lua "http://127.0.0.1:$PORT" | grep RESULT | sed "s/^/$engine warmup /" | tee "$work/warmup.txt"
  for run in $(seq 1 "$RUNS"); do
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/register.lua "http://127.0.0.1:$PORT" | grep RESULT | sed "s/^/$engine run$run /"
    # Reference in the same run: the cheapest route (no database), to express registrations as a ratio.
    wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$PORT/health" | awk -v e="$engine" -v r="$run" '/Requests\/sec/ {print e " run" r " health_rate_per_s=" $2}'
  done | tee "$work/results.txt"
  kill -TERM $server; wait $server || true
  local accounts="select count(*) from accounts"
  local counter="select sum(value) from funnel_counters where stage = 'registered'"
  local outbox="select count(*) from outbox"
  q() { query_value "$url" "$1"; }
  local acknowledged; acknowledged=$(sed -n 's/.*accepted=\([0-9]*\).*/\1/p' "$work/results.txt" "$work/warmup.txt" | paste -sd+ | bc)
  echo "$engine acknowledged_202=$acknowledged accounts_in_database=$(q "$accounts") funnel_registered=$(q "$counter") outbox_messages=$(q "$outbox")"
}

case "$ENGINES" in
  both) run_engine sqlite; run_engine postgres ;;
  *) run_engine "$ENGINES" ;;
esac
