-- common.lua: shared code for the wrk 4.x (LuaJIT) scripts in bench/wrk. Each script loads it with
--   local kv = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
-- and then calls kv.run(target, op). It defines the wrk callbacks (setup, init, request, [response], done) as
-- globals of the Lua state that loaded it; wrk loads the script once in the main state (setup, done) and once
-- per thread (init, request, response).
--
-- Settings: wrk script args after `--` as key=value (keys=100000 value_size=256 threads=2 serializable=1
-- check_hits=1 seed=42 prefix=/_sys/bench/ consistency=majority), else the environment (KEYS, VALUE_SIZE,
-- WRK_THREADS, ETCD_SERIALIZABLE, WRK_CHECK_HITS, WRK_SEED, WRK_KEY_PREFIX, WRK_CONSISTENCY), else the defaults.
-- prefix (default empty) goes in front of every key ("<prefix>key:<n>"); AkkaKv's URL carries it percent-encoded
-- ("/" as %2F). consistency (default empty: none) adds ?consistency=<level> to AkkaKv's PUTs and GETs (the preload's
-- PUTs too); etcd ignores it. With both empty the requests are byte for byte what they were without them.
--
-- Requests are raw HTTP/1.1 strings built by one concatenation per request (no wrk.format per request), so the
-- Lua cost per request is the same small amount for every target.

local M = {}

local DEFAULTS = { keys = 100000, value_size = 256, threads = 2, serializable = 0, check_hits = 0, seed = 0 }
local ENV = { keys = "KEYS", value_size = "VALUE_SIZE", threads = "WRK_THREADS", serializable = "ETCD_SERIALIZABLE",
              check_hits = "WRK_CHECK_HITS", seed = "WRK_SEED" }
-- String settings (the numeric ones above must parse as numbers).
local SDEFAULTS = { prefix = "", consistency = "" }
local SENV = { prefix = "WRK_KEY_PREFIX", consistency = "WRK_CONSISTENCY" }

local function config(args)
  local c = {}
  for k, v in pairs(DEFAULTS) do c[k] = tonumber(os.getenv(ENV[k]) or "") or v end
  for k, v in pairs(SDEFAULTS) do c[k] = os.getenv(SENV[k]) or v end
  for _, a in ipairs(args or {}) do
    local k, v = a:match("^([%w_]+)=(.*)$")
    if k and SDEFAULTS[k] ~= nil then
      c[k] = v
    elseif not k or DEFAULTS[k] == nil or not tonumber(v) then
      error("bad wrk script arg '" .. tostring(a) .. "'")
    else
      c[k] = tonumber(v)
    end
  end
  if not c.consistency:match("^%a*$") then error("consistency must be a word (local, majority, all, linearizable)") end
  c.keys = math.floor(c.keys)
  c.value_size = math.floor(c.value_size)
  if c.keys < 1 then error("keys must be >= 1") end
  return c
end

-- base64 (RFC 4648, with padding); LuaJIT has no built-in encoder.
local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local B64C = {}
for i = 1, 64 do B64C[i - 1] = B64:sub(i, i) end
local floor = math.floor

function M.base64(s)
  local out, n = {}, 0
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local v = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1, c2 = floor(v / 262144) % 64, floor(v / 4096) % 64
    local c3, c4 = floor(v / 64) % 64, v % 64
    n = n + 1
    out[n] = B64C[c1] .. B64C[c2] .. (b and B64C[c3] or "=") .. (c and B64C[c4] or "=")
  end
  return table.concat(out)
end

-- Percent-encodes every byte of s outside RFC 3986's unreserved set and ':' (so "/" becomes %2F, as AkkaKv's
-- /v1/kv/{key} needs for a key containing "/"; "key:<n>" stays as it is).
function M.urlencode(s)
  return (s:gsub("[^%w%-%._~:]", function(ch) return string.format("%%%02X", ch:byte()) end))
end

-- The value: value_size printable lowercase ASCII bytes, the same for every key (like akkakv-bench).
local function make_value(size)
  local t = {}
  for i = 1, size do t[i] = string.char(97 + (i * 7 + 3) % 26) end
  return table.concat(t)
end

-- Builders: each returns fn(n) -> raw request string for key "<prefix>key:<n>".
local function builders(target, op, c, host)
  local value = make_value(c.value_size)
  local h = "Host: " .. host .. "\r\n"
  if target == "akkakv" then
    local path = "/v1/kv/" .. M.urlencode(c.prefix) .. "key:"
    local query = c.consistency ~= "" and ("?consistency=" .. c.consistency) or ""
    if op == "put" then
      local pre = "PUT " .. path
      local tail = query .. " HTTP/1.1\r\n" .. h .. "Content-Type: text/plain\r\nContent-Length: " .. #value .. "\r\n\r\n" .. value
      return function(n) return pre .. n .. tail end
    else
      local pre = "GET " .. path
      local tail = query .. " HTTP/1.1\r\n" .. h .. "\r\n"
      return function(n) return pre .. n .. tail end
    end
  elseif target == "etcd" then
    local keyb64 = {} -- memoized base64 of "<prefix>key:<n>" (at most `keys` short strings)
    local kpre = c.prefix .. "key:"
    local function k64(n)
      local s = keyb64[n]
      if not s then s = M.base64(kpre .. n); keyb64[n] = s end
      return s
    end
    local head = " HTTP/1.1\r\n" .. h .. "Content-Type: application/json\r\nContent-Length: "
    if op == "put" then
      local vb64 = M.base64(value)
      local pre, post = "POST /v3/kv/put" .. head, '","value":"' .. vb64 .. '"}'
      local fixed = #'{"key":"' + #post
      return function(n)
        local k = k64(n)
        return pre .. (fixed + #k) .. '\r\n\r\n{"key":"' .. k .. post
      end
    else
      local post = c.serializable == 1 and '","serializable":true}' or '"}'
      local pre, fixed = "POST /v3/kv/range" .. head, #'{"key":"' + #post
      return function(n)
        local k = k64(n)
        return pre .. (fixed + #k) .. '\r\n\r\n{"key":"' .. k .. post
      end
    end
  end
  error("unknown target " .. tostring(target))
end

local function ms(us) return string.format("%.3f", us / 1000) end

-- kv.run(target, op): op = "put" | "get" (random keys, uniform over [0, keys)) | "preload" (PUT every key once).
function M.run(target, op)
  local threads, nthreads = {}, 0

  -- main state: number the threads (ids 0..t-1) before their init runs.
  function setup(thread)
    thread:set("tid", nthreads)
    nthreads = nthreads + 1
    table.insert(threads, thread)
  end

  function init(args)
    local c = config(args)
    local build = builders(target, op == "preload" and "put" or op, c, wrk.headers["Host"])
    keys, ok, failed, misses, fillers = c.keys, 0, 0, 0, 0 -- globals: read by done() via thread:get
    -- A different RNG stream per thread (and per run unless seed= / WRK_SEED is set).
    local base = c.seed ~= 0 and c.seed or (os.time() % 1000003) * 7 + floor((os.clock() * 1e6) % 997)
    math.randomseed(base * 1000 + tid * 7919 + 1)
    for _ = 1, 10 do math.random() end
    local random = math.random
    local maxkey = c.keys - 1

    if op == "preload" then
      -- Thread tid writes keys tid, tid+threads, tid+2*threads, ... in order; it stops once every one of its
      -- PUTs has been answered. Once it has sent them all but some are still in flight, its idle connections
      -- send a filler request (a GET that answers 404), told apart from the PUTs by that status.
      local stride, nextk, sent = c.threads, tid, 0
      local mine = 0
      if tid < c.keys then mine = floor((c.keys - 1 - tid) / stride) + 1 end
      local h = wrk.headers["Host"]
      local filler = target == "akkakv" and ("GET /v1/kv/wrk-preload-filler HTTP/1.1\r\nHost: " .. h .. "\r\n\r\n")
                                         or ("GET /v3/wrk-preload-filler HTTP/1.1\r\nHost: " .. h .. "\r\n\r\n")
      local stopped = false
      -- wrk 4.x calls request() once on thread 0 right after init, to check the script (script_verify_request),
      -- and discards the result. Hand that call the first key without consuming it, or key 0 is never sent.
      local verify_call = (tid == 0)
      request = function()
        if verify_call then
          verify_call = false
          if nextk < c.keys then return build(nextk) end
          return filler
        end
        if nextk < c.keys then
          local k = nextk
          nextk = nextk + stride
          sent = sent + 1
          return build(k)
        end
        fillers = fillers + 1
        return filler
      end
      response = function(status, headers, body)
        if fillers > 0 and status == 404 then
          -- filler
        elseif status >= 200 and status < 300 then
          ok = ok + 1
        else
          failed = failed + 1
        end
        if not stopped and ok + failed >= mine then
          stopped = true
          io.write(string.format("PRELOAD_THREAD_DONE tid=%d ok=%d failed=%d\n", tid, ok, failed))
          io.stdout:flush()
          wrk.thread:stop()
        end
      end
    else
      request = function() return build(random(0, maxkey)) end
      if op == "get" and c.check_hits == 1 then
        -- Optional: count misses (AkkaKv: 404, already a wrk non-2xx error; etcd: 200 without "kvs"). Costs a Lua
        -- call and a body copy per response, so it is off by default; compare-etcd.sh checks the preload instead.
        if target == "etcd" then
          response = function(status, headers, body)
            if status == 200 and not body:find('"kvs"', 1, true) then misses = misses + 1 end
          end
        else
          response = function(status, headers, body)
            if status == 404 then misses = misses + 1 end
          end
        end
      end
    end
  end

  function done(summary, latency, requests)
    local e = summary.errors
    local sum = { ok = 0, failed = 0, misses = 0, fillers = 0 }
    local k = 0
    for _, t in ipairs(threads) do
      for name in pairs(sum) do sum[name] = sum[name] + (tonumber(t:get(name)) or 0) end
      k = tonumber(t:get("keys")) or k
    end
    local secs = summary.duration / 1e6
    io.write(string.format(
      "WRK_RESULT target=%s op=%s requests=%d duration_s=%.3f ops_per_sec=%.1f p50_ms=%s p90_ms=%s p99_ms=%s " ..
      "p999_ms=%s max_ms=%s mean_ms=%s status_errors=%d connect_errors=%d read_errors=%d write_errors=%d " ..
      "timeouts=%d errors=%d misses=%d\n",
      target, op, summary.requests, secs, secs > 0 and summary.requests / secs or 0,
      ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
      ms(latency:percentile(99.9)), ms(latency.max), ms(latency.mean),
      e.status, e.connect, e.read, e.write, e.timeout,
      e.status + e.connect + e.read + e.write + e.timeout, sum.misses))
    if op == "preload" then
      io.write(string.format("PRELOAD_RESULT target=%s keys=%d ok=%d failed=%d fillers=%d\n",
        target, k, sum.ok, sum.failed, sum.fillers))
    end
  end
end

return M
