-- wrk script: newcomers arriving while the waiting room holds everyone (a scheduled opening
-- in the future), each from its own client address and without a ticket, so each one joins
-- the line and is answered 503 with its place. Counts those answers and anything else.
-- usage: wrk -t2 -c64 -d10s -s bench/arrive.lua http://127.0.0.1:PORT
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  queued = 0
  other = 0
end

function request()
  counter = counter + 1
  local address = string.format("10.%d.%d.%d", id % 256, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", "/api/v1/accounts",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address }, "{}")
end

function response(status, headers, body)
  if status == 503 and body:find('"waiting_room"', 1, true) then
    queued = queued + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("queued")
    bad = bad + thread:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT queued=%d other=%d socket_errors=%d queued_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    ok, bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
