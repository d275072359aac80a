-- wrk script: registrations with proof of work, as clients make them: one request each. Each
-- thread fetches the current seed once (GET /api/v1/challenges/seed, cacheable), then for every
-- registration solves it for a unique email (bench/sha256.lua; run the server with a low
-- PRAKERJA_POW_BITS so the load generator's own hashing stays small; the server's check costs
-- the same at any difficulty) and sends POST /api/v1/accounts. A refused seed (it changed, or
-- more bits are asked) is fetched again. It follows the waiting room as a browser does: a 503
-- from the line comes with a queue ticket and Retry-After, and that person comes back with the
-- ticket when told (wrk cannot tell which connection an answer belongs to, so the thread keeps
-- the tickets and the next request after one is due carries it). Counts 202s, the line's 503s,
-- other answers and seed fetches apart.
-- Each registration comes from its own client address, as the server sees them behind a load
-- balancer: the script names it in X-Forwarded-For, and the benchmark runs the server with
-- PRAKERJA_TRUSTED_PROXIES=127.0.0.1 so that per-address limits count each client alone.
-- usage: wrk -t2 -c64 -d20s -s bench/register.lua http://127.0.0.1:PORT
package.path = package.path .. ";./bench/?.lua"
require("sha256")

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
  challenges = 0
  seed = nil
  bits = 0
  queued = 0
  returned = 0
  tickets = {}
end

-- A distinct address per client: 10.<thread>.<high>.<low>, then wrapping after 65,536.
local function client(n)
  return string.format("10.%d.%d.%d", id % 256, math.floor(n / 256) % 256, n % 256)
end

function request()
  if seed == nil then
    return wrk.format("GET", "/api/v1/challenges/seed", { ["X-Forwarded-For"] = client(counter + 1) })
  end
  counter = counter + 1
  local email = string.format("bench-%s-%d-%d@bench.prakerja.id", run, id, counter)
  local body = string.format('{"email":"%s","proof_of_work":{"seed":"%s","nonce":"%s"}}',
    email, seed, solve_seed(seed, email, bits))
  local headers = { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = client(counter) }
  local first = tickets[1]
  if first ~= nil and first.due <= os.time() then
    table.remove(tickets, 1)
    headers["X-Queue-Ticket"] = first.ticket
    returned = returned + 1
  end
  return wrk.format("POST", "/api/v1/accounts", headers, body)
end

function response(status, headers, body)
  if status == 200 and body:match('"seed"') then
    challenges = challenges + 1
    seed = body:match('"seed":"([^"]+)"')
    bits = tonumber(body:match('"bits":(%d+)')) or 0
  elseif status == 202 then
    accepted = accepted + 1
  elseif status == 503 and (headers["X-Queue-Ticket"] or headers["x-queue-ticket"]) ~= nil then
    queued = queued + 1
    local wait = tonumber(headers["Retry-After"] or headers["retry-after"]) or 1
    table.insert(tickets, { ticket = headers["X-Queue-Ticket"] or headers["x-queue-ticket"], due = os.time() + wait })
  else
    other = other + 1
    if body:match("proof_of_work") then seed = nil end
  end
end

function done(summary, latency, requests)
  local ok, bad, issued, line, back = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("accepted")
    bad = bad + thread:get("other")
    issued = issued + thread:get("challenges")
    line = line + thread:get("queued")
    back = back + thread:get("returned")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT accepted=%d non_2xx=%d queued_503=%d came_back=%d challenges=%d socket_errors=%d rate_per_s=%.0f requests_per_s=%.0f "
      .. "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    ok, bad, line, back, issued, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    ok / seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
