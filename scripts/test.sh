#!/usr/bin/env bash
# Runs every test: Swift unit, storage (SQLite and PostgreSQL), SMTP, HTTP integration, and the
# headless-Chromium browser test. Starts PostgreSQL itself unless PRAKERJA_TEST_POSTGRES_URL
# points at one. Needs (see .ci/run): PostgreSQL, chromium + chromium-driver, and the Python
# packages in Tests/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PRAKERJA_TEST_POSTGRES_URL:-}" ]; then
  PRAKERJA_TEST_POSTGRES_URL=$(scripts/start-postgres.sh)
  export PRAKERJA_TEST_POSTGRES_URL
fi
echo "== PostgreSQL for tests: ${PRAKERJA_TEST_POSTGRES_URL}"

echo "== build (debug, once)"
swift build --build-tests

echo "== swift test (unit, storage on both engines, SMTP, HTTP integration)"
swift test --skip-build

echo "== browser test (headless Chromium)"
PORT=${PRAKERJA_BROWSER_TEST_PORT:-18080}
WORK=$(mktemp -d)
PRAKERJA_DATABASE_URL="sqlite:$WORK/browser.sqlite" PRAKERJA_PUBLIC_URL="http://127.0.0.1:$PORT" \
  PRAKERJA_SECRET_KEY=$(printf 'cd%.0s' {1..32}) PRAKERJA_BCRYPT_COST=4 \
  .build/debug/prakerja serve --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
PRAKERJA_BASE_URL="http://127.0.0.1:$PORT" python3 -m pytest -q -p no:cacheprovider Tests/Browser
