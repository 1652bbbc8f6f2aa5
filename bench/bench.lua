-- wrk script for bench/run.sh (wrk 4, LuaJIT). Everything comes from the environment, so the
-- main Lua state (setup, done) sees it as well as each thread's state (init, request, response):
--   BENCH_EXPECT  the status that counts as an answer (200, 201, 304); every other status is
--                 counted apart and reported as an error
--   BENCH_IDS     optional: a file of ids, one a line; each request takes a random one
--   BENCH_PATH    the path, with {id} where the id goes (no {id}: the URL's own path)
--   BENCH_METHOD  GET (default) or POST (an RSVP with a unique email, JSON)
--   BENCH_TAG     part of every email (round and phase), so addresses never repeat across
--                 threads, rounds and phases
--   BENCH_ETAG    optional: sent as If-None-Match
--   BENCH_FLAG    optional: a body containing this string is counted as "flagged" (an RSVP
--                 answered "waitlisted" did cheaper work than a seat)
local expect = tonumber(os.getenv("BENCH_EXPECT") or "200")
local path = os.getenv("BENCH_PATH")
local method = os.getenv("BENCH_METHOD") or "GET"
local tag = os.getenv("BENCH_TAG") or "x"
local function env(name)
  local v = os.getenv(name)
  if v == "" then return nil end
  return v
end
local etag = env("BENCH_ETAG")
local flag = env("BENCH_FLAG")

local ids = {}
local idfile = env("BENCH_IDS")
if idfile then
  for line in io.lines(idfile) do
    if line ~= "" then ids[#ids + 1] = line end
  end
end

local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

statuses = {}
flagged = 0
local n = 0

function init(args)
  math.randomseed((tid or 0) * 7919 + os.time())
  if etag then wrk.headers["If-None-Match"] = etag end
  if method == "POST" then wrk.headers["Content-Type"] = "application/json" end
end

function request()
  local p = path
  if #ids > 0 then p = string.gsub(path, "{id}", ids[math.random(#ids)], 1) end
  if method == "POST" then
    n = n + 1
    local body = string.format(
      '{"name":"B","email":"%s-t%d-%d@bench.example","response":"going"}', tag, tid, n)
    return wrk.format("POST", p, nil, body)
  end
  return wrk.format("GET", p)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if flag and body and string.find(body, flag, 1, true) then flagged = flagged + 1 end
end

function done(summary, latency, requests)
  local total, good, other, fl = {}, 0, 0, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
    fl = fl + (t:get("flagged") or 0)
  end
  for k, v in pairs(total) do
    io.write(string.format("BENCH status %d %d\n", k, v))
    if k == expect then good = good + v else other = other + v end
  end
  local e = summary.errors
  local sockerr = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  io.write(string.format("BENCH result expect=%d good=%d other=%d sockerr=%d flagged=%d seconds=%.3f good_rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    expect, good, other, sockerr, fl, secs, good / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
