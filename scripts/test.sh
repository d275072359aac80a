#!/usr/bin/env bash
# Runs every test: Swift unit, storage (SQLite and PostgreSQL), SMTP, HTTP integration, and the
# headless-Chromium browser test. Installs what it lacks first (scripts/install-test-tools.sh:
# PostgreSQL, chromium + chromium-driver, the Python packages in Tests/requirements.txt). Starts
# PostgreSQL itself unless PRAKERJA_TEST_POSTGRES_URL points at one. The browser tests leave a
# screenshot of every applicant page in artifacts/screenshots (PRAKERJA_SCREENSHOT_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-tools.sh

if [ -z "${PRAKERJA_TEST_POSTGRES_URL:-}" ]; then
  PRAKERJA_TEST_POSTGRES_URL=$(scripts/start-postgres.sh --fresh)
  export PRAKERJA_TEST_POSTGRES_URL
fi
echo "== PostgreSQL for tests: ${PRAKERJA_TEST_POSTGRES_URL}"

echo "== build (debug, once)"
swift build --build-tests

echo "== swift test (unit, storage on both engines, SMTP, HTTP integration)"
# Integration tests start real server processes; on a 2-core machine, running every test at
# once starves them (timeouts, not bugs), so at most this many run together.
SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6} \
  swift test --skip-build

# The browser tests run against a real server process on each engine, on a fresh database.
browser_tests() {
  local engine=$1 database_url=$2 port=$3 work
  echo "== browser tests (headless Chromium) on $engine"
  work=$(mktemp -d)
  PRAKERJA_DATABASE_URL="$database_url" PRAKERJA_PUBLIC_URL="http://127.0.0.1:$port" \
    PRAKERJA_SECRET_KEY=$(printf 'cd%.0s' {1..32}) PRAKERJA_BCRYPT_COST=4 \
    .build/debug/prakerja serve --port "$port" >"$work/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
    sleep 0.2
  done
  if ! PRAKERJA_BASE_URL="http://127.0.0.1:$port" PRAKERJA_DATABASE_URL="$database_url" \
    PRAKERJA_SECRET_KEY=$(printf 'cd%.0s' {1..32}) \
    PRAKERJA_SCREENSHOT_DIR="${PRAKERJA_SCREENSHOT_DIR:-$PWD/artifacts/screenshots}/$engine" \
    PRAKERJA_BINARY="$PWD/.build/debug/prakerja" python3 -m pytest -q -p no:cacheprovider Tests/Browser; then
    echo "-- server log ($engine):"; tail -50 "$work/server.log"
    kill $SERVER 2>/dev/null || true
    return 1
  fi
  kill $SERVER 2>/dev/null || true
  wait $SERVER 2>/dev/null || true
}
SERVER=
trap 'if [ -n "$SERVER" ]; then kill $SERVER 2>/dev/null || true; fi' EXIT

PORT=${PRAKERJA_BROWSER_TEST_PORT:-18080}
browser_tests sqlite "sqlite:$(mktemp -d)/browser.sqlite" "$PORT"

PGOPTIONS="--client-min-messages=warning" psql "$PRAKERJA_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS prakerja_browser" -c "CREATE DATABASE prakerja_browser"
browser_tests postgres "${PRAKERJA_TEST_POSTGRES_URL%/*}/prakerja_browser" "$((PORT + 1))"

echo "== API fuzzing (schemathesis) on sqlite"
scripts/fuzz.sh "sqlite:$(mktemp -d)/fuzz.sqlite" "$((PORT + 2))"
echo "== API fuzzing (schemathesis) on postgres"
PGOPTIONS="--client-min-messages=warning" psql "$PRAKERJA_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS prakerja_fuzz" -c "CREATE DATABASE prakerja_fuzz"
scripts/fuzz.sh "${PRAKERJA_TEST_POSTGRES_URL%/*}/prakerja_fuzz" "$((PORT + 3))"
