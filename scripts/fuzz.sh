#!/usr/bin/env bash
# Fuzzes the API with schemathesis against /openapi.json on a fresh server: every operation,
# bounded in examples, without a session, as an applicant and as an admin operator. Fails on
# any 5xx, any response that breaks the documented schema, status or content type, and any
# error the server logs meanwhile.
# Usage: scripts/fuzz.sh DATABASE_URL PORT   (needs .build/debug/prakerja and schemathesis)
set -euo pipefail
cd "$(dirname "$0")/.."
database_url=$1 port=$2
examples=${PRAKERJA_FUZZ_EXAMPLES:-25}
work=$(mktemp -d)
# The waiting room is off: under the fuzzer's load its 503 would be correct but is not what
# is being tested; limits stay on (429 is a documented answer).
PRAKERJA_DATABASE_URL="$database_url" PRAKERJA_PUBLIC_URL="http://127.0.0.1:$port" \
  PRAKERJA_BCRYPT_COST=4 PRAKERJA_POW_BITS=4 PRAKERJA_POW_MAX_BITS=6 PRAKERJA_WAITING_ROOM=false \
  PRAKERJA_LOG_LEVEL=warning .build/debug/prakerja serve --port "$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
base="http://127.0.0.1:$port"
token=$(python3 Tests/Fuzz/verified_account.py "$base")
operator_password=fuzzing-operator-password
secret=$(PRAKERJA_DATABASE_URL="$database_url" PRAKERJA_NEW_OPERATOR_PASSWORD=$operator_password PRAKERJA_LOG_LEVEL=warning \
  .build/debug/prakerja operator create --username fuzz-admin | sed -n 's/^totp secret: //p')
operator_token=$(python3 Tests/Fuzz/operator_session.py "$base" fuzz-admin "$operator_password" "$secret")
# One worker: with two, Python 3.11's ast.parse, which hypothesis calls from each thread, can
# fail with "AST constructor recursion depth mismatch" (seen in CI), an error of the tool.
checks=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance
status=0
for auth in none session operator; do
  echo "-- schemathesis ($auth)"
  headers=()
  [ "$auth" = session ] && headers=(-H "Authorization: Bearer $token")
  [ "$auth" = operator ] && headers=(-H "Authorization: Bearer $operator_token")
  timeout 600 schemathesis run "$base/openapi.json" --checks "$checks" --max-examples "$examples" \
    --workers 1 --seed 2020 --no-color "${headers[@]}" >"$work/schemathesis-$auth.log" 2>&1 || status=$?
  grep -E "Test cases:|generated|passed|failed" "$work/schemathesis-$auth.log" | tail -3
  if [ $status -ne 0 ]; then
    cat "$work/schemathesis-$auth.log"
    echo "-- server log:"; tail -50 "$work/server.log"
    exit $status
  fi
done
if grep -qE '"level" ?: ?"(error|critical)"' "$work/server.log"; then
  echo "-- the server logged errors while fuzzed:"; grep -E '"level" ?: ?"(error|critical)"' "$work/server.log" | head -20
  exit 1
fi
