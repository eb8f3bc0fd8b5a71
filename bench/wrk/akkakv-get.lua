-- wrk 4.x script: akkakv get (see common.lua for settings). Usage:
--   wrk -t2 -c256 -d10s --latency -s bench/wrk/akkakv-get.lua <url> -- keys=100000 value_size=256 threads=2
local kv = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
kv.run("akkakv", "get")
