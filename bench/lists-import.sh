#!/usr/bin/env bash
# List import throughput: one million real-shaped NIKs imported with `prakerja lists import`
# (release build) into a fresh SQLite file and a fresh PostgreSQL database, then imported again
# (all duplicates). Prints the command's report for each run.
#
# usage: bench/lists-import.sh [ROWS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
BIN=.build-release/release/prakerja
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release
WORK=$(mktemp -d)
python3 bench/make_list.py "$ROWS" "$WORK/list.csv"
export PRAKERJA_SECRET_KEY=$(printf 'ef%.0s' {1..32}) PRAKERJA_LOG_LEVEL=warning

run() {
  local label=$1 url=$2
  for pass in first again; do
    echo "== $label, $pass import"
    /usr/bin/time -f "wall_seconds=%e max_rss_kb=%M" "$BIN" lists import --database-url "$url" --kind asn "$WORK/list.csv" 2>&1 \
      | grep -E "accepted|duplicates|rejected|seconds"
  done
}

run sqlite "sqlite:$WORK/lists.sqlite"
ADMIN=$(scripts/start-postgres.sh)
NAME="lists_$(date +%s)_$RANDOM"
psql "$ADMIN" -qc "CREATE DATABASE $NAME" >/dev/null
run postgres "${ADMIN%/*}/$NAME"
