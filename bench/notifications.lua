-- wrk script for bench/run.sh: posts realistic Jetpack Monitor notifications, never the same check
-- twice, to the URL wrk is given (the webhook, or the bench profile's trivial endpoint: both get the
-- same bodies).
--
--   wrk ... -s bench/notifications.lua http://127.0.0.1:8080/webhooks/monitor -- <run id> <windows>
--
-- The windows are the ones bench/run.sh loads: window i has the scope KINDS[i % 20] (u: url,
-- d: domain, w: wildcard domain, h: host) and is upcoming when i % 10 == 7, else active. Of the
-- requests, about 10% fall inside an active url, domain or wildcard window, 1% carry the host slug
-- of an active host-wide window, and the rest match nothing; 5% are 2xx recoveries (always
-- answered ok), the others failures (5xx, 0 for a timeout, 403, 404...).
--
-- With BENCH_OUT set, done() writes there a JSON summary: requests, errors (non-2xx answers are
-- "status") and latency quantiles in microseconds, which bench/summarize.py merges over rounds.

local ACTIVE_URL = {0, 3, 6, 9, 11, 13, 15, 19}
local ACTIVE_DOMAIN = {1, 4, 10, 12, 16, 18}
local ACTIVE_WILDCARD = {2, 8, 14}
local ACTIVE_HOST = {5}
local FAILURES = {500, 502, 503, 503, 504, 0, 0, 0, 403, 404, 521, 522}
local HEADERS = {["Content-Type"] = "application/json", ["User-Agent"] = "jetpack-monitor-bench"}

local threads = 0

function setup(thread)
   thread:set("tid", threads)
   threads = threads + 1
end

-- The service stores a check Monitor repeats (same URL, ts, code and host) once. The URL of a url
-- window is the one thing a request cannot vary, so each thread takes its own share of the url
-- windows (one of SLOTS, distinct among the threads of a run) in turn: none comes back within
-- the same second, no check repeats, and every answer 200 is a row of its own.
local SLOTS = 16

function init(args)
   run = args[1] or "0"
   windows = tonumber(args[2] or "100000")
   counter = 0
   slot = (tonumber(run) * 4 + tid) % SLOTS
   url_turn = 0
   math.randomseed(tonumber(run) * 1000 + tid)
end

-- A window of the schedule whose offset in its 20 is one of these, at random.
local function pick(offsets)
   local blocks = math.max(1, math.floor(windows / 20))
   while true do
      local i = math.random(0, blocks - 1) * 20 + offsets[math.random(#offsets)]
      if i < windows then
         return i
      end
   end
end

-- The next active url window of this thread's share.
local function next_url_window()
   local total = math.floor(windows / 20) * #ACTIVE_URL
   if total < SLOTS then
      return pick(ACTIVE_URL)
   end
   local j = (url_turn * SLOTS + slot) % total
   url_turn = url_turn + 1
   return math.floor(j / #ACTIVE_URL) * 20 + ACTIVE_URL[j % #ACTIVE_URL + 1]
end

function request()
   counter = counter + 1
   local unique = run .. "-" .. tid .. "-" .. counter
   local host = "bench-host"
   local url
   local r = math.random()
   if r < 0.01 then
      host = "pool-" .. pick(ACTIVE_HOST)
      url = "https://c" .. unique .. ".customers.test/"
   elseif r < 0.05 then
      local i = next_url_window()
      url = "https://u" .. i .. ".bench.test/page/" .. i .. (math.random() < 0.5 and "/" or "")
   elseif r < 0.09 then
      url = "http://d" .. pick(ACTIVE_DOMAIN) .. ".bench.test/" .. unique
   elseif r < 0.11 then
      url = "https://s" .. unique .. ".w" .. pick(ACTIVE_WILDCARD) .. ".bench.test/"
   elseif r < 0.60 then
      url = "https://c" .. unique .. ".customers.test/"
   else
      url = "http://www.c" .. unique .. ".customers.test/shop/?ref=monitor"
   end
   local code = math.random() < 0.05 and 200 or FAILURES[math.random(#FAILURES)]
   local escaped = url:gsub("/", "\\/")
   local body = string.format('{"ts":%d,"url":"%s","code":%d,"host":"%s","type":"http"}',
      os.time(), escaped, code, host)
   return wrk.format("POST", nil, HEADERS, body)
end

function done(summary, latency, requests)
   local out = os.getenv("BENCH_OUT")
   if out == nil or out == "" then
      return
   end
   -- The latency distribution as its quantile function, finer in the tail: enough to merge rounds.
   local points = {}
   for i = 1, 1999 do
      points[#points + 1] = i * 0.05
   end
   for _, p in ipairs({99.96, 99.97, 99.98, 99.99, 99.995, 99.999}) do
      points[#points + 1] = p
   end
   local quantiles = {}
   if summary.requests > 0 then
      for _, p in ipairs(points) do
         quantiles[#quantiles + 1] = string.format("[%.3f,%d]", p, latency:percentile(p))
      end
   end
   local e = summary.errors
   local f = assert(io.open(out, "w"))
   f:write(string.format(
      '{"duration_us":%d,"requests":%d,"bytes":%d,'
         .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
         .. '"latency_max_us":%d,"latency_quantiles_us":[%s]}\n',
      summary.duration, summary.requests, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      summary.requests > 0 and latency.max or 0, table.concat(quantiles, ",")))
   f:close()
end
