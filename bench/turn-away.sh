#!/usr/bin/env bash
# What turning a newcomer away costs, against a no-op: the release server on a fresh SQLite
# database with an opening scheduled an hour ahead (so every registration joins the line and is
# answered 503 with a signed place, as in a surge), then RUNS rounds of `/health` and of
# POST /api/v1/accounts (bench/join.lua), DURATION each, alternating on the same server.
# Then the same for a browser: GET /daftar without cookies, answered with the waiting page (HTML).
# Prints each round's req/s and the ratios against `/health`: past capacity a server answers mostly
# these, so this ratio, not registrations/s, says how many newcomers it can turn away.
#
# usage: bench/turn-away.sh   (env: RUNS=3 DURATION=8s CONNECTIONS=64)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
RUNS=${RUNS:-3}
DURATION=${DURATION:-8s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18185}
BIN=${PRAKERJA_BENCH_BINARY:-.build-release/release/prakerja}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release

work=$(mktemp -d)
url="sqlite:$work/bench.sqlite"
export PRAKERJA_DATABASE_URL="$url" PRAKERJA_SECRET_KEY=$(printf 'ef%.0s' {1..32})
start_registration_server "$url" "$work/server.log"
"$BIN" waiting-room open --at +3600 >/dev/null
sleep 1 # the controller's next tick reads the opening
status=$(curl -s -o /dev/null -w "%{http_code}" -X POST -H 'Content-Type: application/json' \
  -d '{"email":"a@contoh.id"}' "http://127.0.0.1:$PORT/api/v1/accounts")
[ "$status" = 503 ] || { echo "expected the waiting room's 503, got $status" >&2; exit 1; }
for run in $(seq 1 "$RUNS"); do
  health=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$PORT/health" | awk '/Requests\/sec/ {print $2}')
  joins=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/join.lua "http://127.0.0.1:$PORT/api/v1/accounts")
  rate=$(echo "$joins" | awk '/Requests\/sec/ {print $2}')
  others=$(echo "$joins" | awk '/Non-2xx/ {print $NF}')
  # A browser turned away: the registration page without cookies, answered with the waiting page.
  pages=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$PORT/daftar" | awk '/Requests\/sec/ {print $2}')
  echo "run$run health_per_s=$health turned_away_per_s=$rate non_2xx=${others:-0} ratio=$(echo "scale=3; $rate / $health" | bc)" \
    "pages_turned_away_per_s=$pages page_ratio=$(echo "scale=3; $pages / $health" | bc)"
done
kill -TERM "$SERVER"; wait "$SERVER" || true
