# Shared by the benchmark scripts (sourced, not run).

# Prints the URL of a fresh, empty database for ENGINE (sqlite|postgres): a file in WORK, or a
# new database on the throwaway PostgreSQL cluster (started if needed).
fresh_database() {
  local engine=$1 work=$2
  if [ "$engine" = sqlite ]; then
    echo "sqlite:$work/bench.sqlite"
  else
    local admin name
    admin=$(scripts/start-postgres.sh)
    name="bench_$(date +%s)_$RANDOM"
    psql "$admin" -qc "CREATE DATABASE $name" >/dev/null
    echo "${admin%/*}/$name"
  fi
}

# Waits up to 30 s for the server on PORT to answer /ready.
wait_ready() {
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$1/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the server on port $1 did not become ready" >&2
  return 1
}

# Prints the single value a query returns, on the database at URL (either engine).
query_value() {
  local url=$1 sql=$2
  if [[ "$url" == sqlite:* ]]; then
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" \
      "${url#sqlite:}" "$sql"
  else
    psql "$url" -tAc "$sql"
  fi
}

# Starts the release server ($BIN) on $PORT for a registration load, over the database at URL,
# logging to LOG: the worker off (the surge path alone; mail waits in the outbox), a 1-bit proof
# of work (checked on every registration; the load generator's own hashing stays small) and the
# load generator trusted as the load balancer, so each registration counts from its own address.
# Sets SERVER to its process id once it is ready.
start_registration_server() {
  local url=$1 log=$2
  PRAKERJA_DATABASE_URL="$url" PRAKERJA_WORKER=false PRAKERJA_LOG_LEVEL=warning \
    PRAKERJA_POW_BITS=1 PRAKERJA_POW_MAX_BITS=2 PRAKERJA_TRUSTED_PROXIES=127.0.0.1 \
    PRAKERJA_SECRET_KEY=$(printf 'ef%.0s' {1..32}) "$BIN" serve --port "$PORT" >"$log" 2>&1 &
  SERVER=$!
  wait_ready "$PORT"
}

# CPU ticks (user and system) a process has used, 0 once it has gone; and all of PostgreSQL's.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() {
  local sum=0 pid
  for pid in $(pgrep -u postgres || true); do sum=$((sum + $(ticks "$pid"))); done
  echo $sum
}
