-- wrk script: POST /api/v1/accounts with a unique email per request, counting statuses.
-- usage: wrk -t2 -c64 -d20s -s bench/register.lua http://127.0.0.1:PORT
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  run = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))
  counter = 0
  accepted = 0
  other = 0
end

function request()
  counter = counter + 1
  local body = string.format('{"email":"bench-%s-%d-%d@bench.prakerja.id"}', run, id, counter)
  return wrk.format("POST", "/api/v1/accounts", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("accepted")
    bad = bad + thread:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT accepted=%d non_202=%d socket_errors=%d rate_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    ok, bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
