#!/usr/bin/env bash
# Where a registration's CPU goes: `perf record` (software clock, 499 Hz) on the server during
# a registration load (bench/register.lua, as bench/registrations.sh runs it), then every
# sample put in one bucket by the function it was taken in (self time, not children):
# HTTP (NIO, Hummingbird, the HTTP parser, sockets), JSON (encoding and decoding), crypto
# (SHA-256, HMAC, AES-GCM, random bytes), database (SQLite, PostgreSQL's client, SQLKit, the
# statements' binding), hand-offs (the concurrency runtime, locks, futexes, thread wake-ups),
# memory (malloc, free, reference counting), the Swift runtime's generic metadata and casts,
# and the rest. Kernel time is put where it serves: sockets with HTTP, the disk with the
# database, scheduling with the hand-offs. With the registrations/s and the
# server's CPU seconds over the same window, prints the CPU per registration split by bucket.
#
# With CALL_GRAPH=1 the samples carry their call stacks (frame pointers, 999 Hz) and the
# report is the 60 functions with the largest inclusive share instead: where the time goes by
# what called it (the SQLite statements, the body's decoding, the sealing) rather than by the
# leaf it was taken in.
#
# With LOAD=join the load is newcomers turned away instead (bench/join.lua, an opening scheduled
# an hour ahead, as bench/turn-away.sh runs it): where the CPU of a waiting room's 503 goes.
#
# usage: bench/profile.sh [sqlite|postgres]   (env: DURATION=15 CONNECTIONS=64 CALL_GRAPH=0 LOAD=register)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ENGINE=${1:-sqlite}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18184}
BIN=${PRAKERJA_BENCH_BINARY:-.build-release/release/prakerja}
command -v perf >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null; }
[ -x "$BIN" ] || swift build -c release --product prakerja --scratch-path .build-release

work=$(mktemp -d)
url=$(fresh_database "$ENGINE" "$work")
start_registration_server "$url" "$work/server.log"
server=$SERVER
LOAD=${LOAD:-register}
script=bench/register.lua target="http://127.0.0.1:$PORT" unit=registration
if [ "$LOAD" = join ]; then
  script=bench/join.lua target="http://127.0.0.1:$PORT/api/v1/accounts" unit="turned-away newcomer"
  PRAKERJA_DATABASE_URL="$url" PRAKERJA_SECRET_KEY=$(printf 'ef%.0s' {1..32}) "$BIN" waiting-room open --at +3600 >/dev/null
  sleep 1 # the controller's next tick reads the opening
fi
wrk -t2 -c"$CONNECTIONS" -d5s -s "$script" "$target" >/dev/null

wrk -t2 -c"$CONNECTIONS" -d"$((DURATION + 2))s" -s "$script" "$target" >"$work/wrk.txt" &
load=$!
sleep 1
before=$(ticks $server)
if [ "${CALL_GRAPH:-0}" = 1 ]; then
  perf record -q -e cpu-clock -F 999 --call-graph=fp -p $server -o "$work/perf.data" -- sleep "$DURATION" 2>/dev/null
else
  perf record -q -e cpu-clock -F 499 -p $server -o "$work/perf.data" -- sleep "$DURATION" 2>/dev/null
fi
after=$(ticks $server)
wait $load
kill -TERM $server; wait $server || true
if [ "$LOAD" = join ]; then
  result="RESULT rate_per_s=$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/wrk.txt")"
else
  result=$(grep RESULT "$work/wrk.txt")
fi
echo "$ENGINE $result" | sed 's/ p50.*//'
if [ "${CALL_GRAPH:-0}" = 1 ]; then
  echo "$ENGINE functions by inclusive share of the server's samples:"
  perf report -i "$work/perf.data" --children --sort sym --stdio -g none 2>/dev/null | grep -E '^\s+[0-9.]+%' | head -60 | cut -c1-200
  exit 0
fi
perf report -i "$work/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null >"$work/report.txt"
rate=$(echo "$result" | sed -n 's/.*rate_per_s=\([0-9]*\).*/\1/p')
python3 - "$work/report.txt" "$(( (after - before) ))" "$(getconf CLK_TCK)" "$DURATION" "$rate" "$ENGINE" "$unit" <<'PY'
import re, sys
report, ticks, hz, seconds, rate, engine, unit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
buckets = [
    ("crypto", r"sha256|sha2|SHA256|HMAC|hmac|aes|AES|gcm|GCM|Crypto|boringssl|getrandom|crng|ChaCha|chacha|bcrypt|ghash"),
    ("database", r"sqlite|SQLite|pcache|pager|wal[A-Z]|Vdbe|vdbe|btree|Btree|PostgresNIO|Postgres|SQLKit|SQLQuery|SQLRow|ext4|jbd2|fsync|blk_|nvme|iowrite|folio|filemap"),
    ("JSON", r"JSON|Json|json"),
    ("HTTP", r"NIO|Hummingbird|HTTP|llhttp|http_parser|Router|tcp_|__sys_|sock|epoll|send|recv|_write|_read|ip_|skb|net_|softirq|loopback|copy_.*_iter|__libc_write|__libc_read"),
    ("hand-offs", r"swift_task|swift_job|swift::runJob|StackAllocator|Dispatch|dispatch|futex|pthread|sched|finish_task_switch|_raw_spin|wake|irqentry|do_syscall|Executor|Continuation|continuation|Mutex|lock"),
    ("memory", r"malloc|free|_int_|swift_retain|swift_release|RefCount|swift_allocObject|swift_deallocObject|dealloc|memcpy|memmove|memset|tcache|cfree|unlink_chunk|clear_page"),
    ("Swift runtime", r"Metadata|metadata|tryCast|getCache|swift_conformsTo|WitnessTable|swift_getAssociated|swift_beginAccess|AccessSet|swift_bridgeObject|__tls_get_addr|swift_getEnumCase|swift_isUniquely"),
]
totals = {name: 0.0 for name, _ in buckets}
totals["other"] = 0.0
kernel = 0.0
for line in open(report):
    match = re.match(r"\s+([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(.*)", line)
    if not match:
        continue
    share, dso, mode, symbol = float(match.group(1)), match.group(2), match.group(3), match.group(4)
    text = dso + " " + symbol
    if mode == "k":
        kernel += share
    for name, pattern in buckets:
        if re.search(pattern, text):
            totals[name] += share
            break
    else:
        totals["other"] += share
cpu_seconds = ticks / hz
per_registration_us = cpu_seconds / (rate * seconds) * 1e6 if rate else 0
print("%s server cpu %.1f s over %.0f s at %.0f/s: %.0f µs of server CPU per %s (kernel %.0f %% of samples)"
      % (engine, cpu_seconds, seconds, rate, per_registration_us, unit, kernel))
for name in [b[0] for b in buckets] + ["other"]:
    share = totals[name]
    print("%s   %-9s %5.1f %%  %4.0f µs" % (engine, name, share, per_registration_us * share / 100))
PY
echo "$ENGINE top symbols:"
grep -E '^\s+[0-9.]+%' "$work/report.txt" | head -25
