-- wrk script: an open-loop surge of registrations at a constant arrival rate, for the overload
-- test (bench/overload.sh). wrk alone is closed-loop (each connection sends when the last
-- answer came); here every connection asks the schedule what is due next (`delay()`), so new
-- people arrive at RATE a second for SURGE seconds whatever the server answers, and each person
-- the waiting room turns away (503 with a queue ticket and Retry-After) comes back with the
-- ticket when told, again and again until admitted, as a browser does. After the surge only
-- the returning people are sent, so the run shows the line draining. A connection with
-- nothing due sends `GET /health` when the next returning person is due, or after IDLE ms
-- (default 5000; wrk must send something), counted apart.
-- Registrations are one request each: the seed (fetched first) solved for a unique email
-- (bench/sha256.lua, 1 bit on the server), each from its own client address.
-- New arrivals sent more than 20 ms after their time are counted as late: the generator falling
-- behind would otherwise hide as a lower rate.
-- usage: RATE=6000 SURGE=60 wrk -t2 -c512 -d150s -s bench/overload.lua http://127.0.0.1:PORT
package.path = package.path .. ";./bench/?.lua"
require("sha256")
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } timespec;
  int clock_gettime(int clock, timespec *time);
]]
local timespec = ffi.new("timespec")
local function now_ms()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local threads = {}
local next_id = 0
local thread_count = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

-- A min-heap of returning people by the time they are due.
local function push(heap, item)
  table.insert(heap, item)
  local i = #heap
  while i > 1 do
    local parent = math.floor(i / 2)
    if heap[parent].due <= heap[i].due then break end
    heap[parent], heap[i] = heap[i], heap[parent]
    i = parent
  end
end

local function pop(heap)
  local top = heap[1]
  local last = table.remove(heap)
  if #heap > 0 then
    heap[1] = last
    local i = 1
    while true do
      local left, right, smallest = 2 * i, 2 * i + 1, i
      if left <= #heap and heap[left].due < heap[smallest].due then smallest = left end
      if right <= #heap and heap[right].due < heap[smallest].due then smallest = right end
      if smallest == i then break end
      heap[smallest], heap[i] = heap[i], heap[smallest]
      i = smallest
    end
  end
  return top
end

function init(args)
  -- wrk gives each thread its own Lua state: the threads split the rate (WRK_THREADS, as -t).
  rate = tonumber(os.getenv("RATE") or "3000") / tonumber(os.getenv("WRK_THREADS") or "2")
  surge_ms = tonumber(os.getenv("SURGE") or "60") * 1000
  idle_ms = tonumber(os.getenv("IDLE") or "5000")
  run = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))
  start = nil
  arrived = 0 -- new people scheduled so far
  reserved = {} -- what the connections that asked `delay()` will send, by time due
  tickets = {} -- people turned away, waiting to come back: a heap of { due, ticket }
  waiting = 0 -- of them, and of those reserved, not yet sent back
  seed, bits, fetching = nil, 0, false
  counter = 0
  -- answers
  accepted, queued, other, idle, seeds, short = 0, 0, 0, 0, 0, 0
  -- requests sent
  sent_new, sent_back, late, worst_late = 0, 0, 0, 0
end

local function client(n)
  return string.format("10.%d.%d.%d", 100 + id % 100, math.floor(n / 256) % 256, n % 256)
end

-- The next thing due at or after `now`: a returning person, the next new arrival, or nothing.
local function next_event(now)
  if start == nil then start = now end
  local arrival = nil
  if arrived < rate * surge_ms / 1000 then
    arrival = start + arrived * 1000 / rate
  end
  local back = tickets[1]
  if back ~= nil and (arrival == nil or back.due <= arrival) then
    pop(tickets)
    return { at = back.due, ticket = back.ticket }
  end
  if arrival ~= nil then
    arrived = arrived + 1
    return { at = arrival, new = true }
  end
  return nil
end

function delay()
  local now = now_ms()
  local event = next_event(now)
  if event == nil then
    -- Nothing due: wait for the next returning person (at most IDLE ms), then send a filler.
    local wait = idle_ms
    if tickets[1] ~= nil then wait = math.min(idle_ms, math.max(1, tickets[1].due - now)) end
    event = { at = now + wait, idle = true }
  end
  table.insert(reserved, event)
  return math.max(0, event.at - now)
end

local function earliest_reserved()
  local best = nil
  for index, event in ipairs(reserved) do
    if best == nil or event.at < reserved[best].at then best = index end
  end
  if best == nil then return nil end
  return table.remove(reserved, best)
end

function request()
  if seed == nil then
    -- One fetch at a time per thread; the other connections wait on /health meanwhile.
    if fetching then return wrk.format("GET", "/health") end
    fetching = true
    return wrk.format("GET", "/api/v1/challenges/seed", { ["X-Forwarded-For"] = client(counter + 1) })
  end
  local event = earliest_reserved()
  local now = now_ms()
  if event == nil or event.idle then
    -- Woken with nothing reserved: take whatever has come due meanwhile, if anything.
    local due = next_event(now)
    if due ~= nil and due.at > now then
      table.insert(reserved, due)
      due = nil
    end
    if due == nil then return wrk.format("GET", "/health") end
    event = due
  end
  if event.new then
    if now - event.at > 20 then late = late + 1 end
    if now - event.at > worst_late then worst_late = now - event.at end
  end
  counter = counter + 1
  local email = string.format("overload-%s-%d-%d@bench.prakerja.id", run, id, counter)
  local body = string.format('{"email":"%s","proof_of_work":{"seed":"%s","nonce":"%s"}}',
    email, seed, solve_seed(seed, email, bits))
  local headers = { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = client(counter) }
  if event.ticket ~= nil then
    headers["X-Queue-Ticket"] = event.ticket
    sent_back = sent_back + 1
    waiting = waiting - 1
  else
    sent_new = sent_new + 1
  end
  return wrk.format("POST", "/api/v1/accounts", headers, body)
end

function response(status, headers, body)
  local ticket = headers["X-Queue-Ticket"] or headers["x-queue-ticket"]
  if status == 200 and body:match('"seed"') then
    seeds = seeds + 1
    fetching = false
    seed = body:match('"seed":"([^"]+)"')
    bits = tonumber(body:match('"bits":(%d+)')) or 0
  elseif status == 200 then
    idle = idle + 1
  elseif status == 202 then
    accepted = accepted + 1
  elseif status == 503 and ticket ~= nil then
    queued = queued + 1
    local wait = tonumber(headers["Retry-After"] or headers["retry-after"]) or 1
    push(tickets, { ticket = ticket, due = now_ms() + wait * 1000 })
    waiting = waiting + 1
  else
    -- Under load the server asks for more bits: solve with what it asks from then on.
    local required = body:match('"required_bits":"(%d+)"')
    if required ~= nil then
      bits = tonumber(required)
      short = short + 1
    else
      other = other + 1
      if body:match("proof_of_work") then seed = nil end
    end
  end
end

function done(summary, latency, requests)
  local totals = { accepted = 0, queued = 0, other = 0, short = 0, idle = 0, seeds = 0, sent_new = 0, sent_back = 0,
    late = 0, waiting = 0 }
  local worst = 0
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
    worst = math.max(worst, thread:get("worst_late"))
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT arrivals=%d returns=%d accepted=%d queued_503=%d short_proof=%d other=%d still_waiting=%d late_arrivals=%d "
      .. "worst_late_ms=%.0f idle_health=%d seed_fetches=%d socket_errors=%d seconds=%.1f\n",
    totals.sent_new, totals.sent_back, totals.accepted, totals.queued, totals.short, totals.other, totals.waiting, totals.late,
    worst, totals.idle, totals.seeds,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, seconds))
end
