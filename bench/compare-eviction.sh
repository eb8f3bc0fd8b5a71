#!/usr/bin/env bash
# compare-eviction.sh: AkkaKv's cache mode against Redis 7 under a memory budget, in one run on this machine:
#   1. hit rate of the same cache-aside Zipf workload (akkakv-cache-bench) with the same maxmemory, per policy;
#   2. what eviction costs: redis-benchmark SET throughput with a budget that is constantly exceeded vs none;
#   3. memory per key for 1 M keys of 16 bytes with 100-byte values (redis-benchmark fills them).
# Servers listen on 127.0.0.1 only, one at a time; each is stopped by PID when its step ends (and on exit).
#
# Knobs: BUDGET=32mb  KEYS=800000 (Zipf keyspace)  REQUESTS=400000 (measured, after an equal warm-up)  EXPONENT=0.99
#        POLICIES="allkeys-lru allkeys-lfu"  FILL_KEYS=1000000  SET_N=1000000 (requests per eviction-cost run)
#        COST_ROUNDS=3 (step 2 rounds, each a no-budget and an evicting run per server)
#        AKKAKV_BUDGET=$BUDGET (AkkaKv's maxmemory in step 1: set it so both hold as many keys, to compare the policies
#        alone rather than the memory per key)  STEPS="1 2 3"
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUDGET=${BUDGET:-32mb}
KEYS=${KEYS:-800000}
REQUESTS=${REQUESTS:-400000}
EXPONENT=${EXPONENT:-0.99}
POLICIES=${POLICIES:-"allkeys-lru allkeys-lfu"}
FILL_KEYS=${FILL_KEYS:-1000000}
SET_N=${SET_N:-1000000}
COST_ROUNDS=${COST_ROUNDS:-3}
PORT=${PORT:-16399}
AKKAKV_BUDGET=${AKKAKV_BUDGET:-$BUDGET}
STEPS=${STEPS:-"1 2 3"}
step() { [[ " $STEPS " == *" $1 "* ]]; }

log() { printf '[compare-eviction] %s\n' "$*" >&2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/akkakv-eviction.XXXXXX")
SERVER_PID=""

stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
  log "installing redis-server and redis-tools from apt"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server redis-tools >/dev/null
fi

log "building the server and the workload tool (Release)"
dotnet build -c Release -v q -nologo -nodeReuse:false -p:UseSharedCompilation=false "$ROOT/src/AkkaKv.Server" >"$TMP/build.log" 2>&1 \
  && dotnet build -c Release -v q -nologo -nodeReuse:false -p:UseSharedCompilation=false "$ROOT/bench/AkkaKv.Eviction.Bench" >>"$TMP/build.log" 2>&1 \
  || { tail -30 "$TMP/build.log" >&2; exit 1; }
SERVER_DLL="$ROOT/src/AkkaKv.Server/bin/Release/net10.0/akkakv-server.dll"
BENCH_DLL="$ROOT/bench/AkkaKv.Eviction.Bench/bin/Release/net10.0/akkakv-cache-bench.dll"

# start TARGET MAXMEMORY POLICY: one server on $PORT, waits for PONG.
start() {
  local target=$1 maxmemory=$2 policy=$3 dir
  dir=$(mktemp -d "$TMP/$target.XXXX")
  if [[ $target == redis ]]; then
    redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no --dir "$dir" --daemonize no --logfile '' \
      --maxmemory "$maxmemory" --maxmemory-policy "$policy" >"$dir.log" 2>&1 &
  else
    (cd "$ROOT/src/AkkaKv.Server" && exec env AkkaKv__Mode=Cache AkkaKv__DataDir="$dir" AkkaKv__Resp__Port="$PORT" \
      AkkaKv__Http__Port=0 AkkaKv__Remote__Port=0 AkkaKv__Management__Enabled=false \
      AkkaKv__Memory__MaxMemory="$maxmemory" AkkaKv__Memory__Policy="$policy" dotnet "$SERVER_DLL") >"$dir.log" 2>&1 &
  fi
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    [[ "$(redis-cli -p "$PORT" PING 2>/dev/null)" == PONG ]] && return 0
    sleep 0.2
  done
  log "$target did not answer PING"; tail -20 "$dir.log" >&2; exit 1
}

info() { redis-cli -p "$PORT" INFO "$1" | tr -d '\r' | awk -F: -v k="$2" '$1 == k { print $2 }'; }

if step 1; then
echo "## 1. Hit rate: cache-aside, Zipf($EXPONENT) over $KEYS keys, $REQUESTS requests after an equal warm-up"
echo
echo "| policy | server | maxmemory | hit rate | requests/s | keys held | evicted |"
echo "|---|---|---|---|---|---|---|"
for policy in $POLICIES; do
  for target in redis akkakv; do
    budget=$BUDGET
    [[ $target == akkakv ]] && budget=$AKKAKV_BUDGET
    start "$target" "$budget" "$policy"
    IFS=, read -r _ _ rate rps < <(dotnet "$BENCH_DLL" "$PORT" "$KEYS" "$REQUESTS" "$EXPONENT")
    echo "| $policy | $target | $budget | $rate | $rps | $(redis-cli -p "$PORT" DBSIZE) | $(info stats evicted_keys) |"
    stop_server
  done
done
fi

if step 2; then
echo
echo "## 2. Eviction cost: redis-benchmark -t set -n $SET_N -r 10000000 -d 100 -P 16 -c 50, $COST_ROUNDS rounds, medians"
echo
echo "Throughput moves with whatever else the machine runs, so the server's own CPU time per request (utime + stime"
echo "from /proc, over the measured run) is shown too: it does not count time the server waited for the client, though"
echo "it moves with the machine's load as well. Cost = 1 - evicting / no budget for throughput, evicting / no budget - 1"
echo "for CPU."
echo
echo "| server | SET/s no budget | SET/s maxmemory $BUDGET | throughput cost | CPU µs/SET no budget | CPU µs/SET evicting | CPU cost |"
echo "|---|---|---|---|---|---|---|"
set_rps() { redis-benchmark -p "$PORT" -t set -n "$SET_N" -r 10000000 -d 100 -P 16 -c 50 --csv -q | tr -d '"' | awk -F, '$1 == "SET" { print $2 }'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# measure: one measured run after a warm-up; prints "requests/s CPU-µs-per-request".
measure() {
  local before after rps
  before=$(cpu_ticks)
  rps=$(set_rps)
  after=$(cpu_ticks)
  echo "$rps $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$SET_N" 'BEGIN { printf "%.3f", t * 1e6 / hz / n }')"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for target in redis akkakv; do
  : >"$TMP/cost-$target"
  for _ in $(seq 1 "$COST_ROUNDS"); do
    start "$target" 0 allkeys-lru
    set_rps >/dev/null # warm-up (JIT, table growth)
    redis-cli -p "$PORT" FLUSHALL >/dev/null
    read -r free_rps free_cpu < <(measure)
    stop_server
    start "$target" "$BUDGET" allkeys-lru
    set_rps >/dev/null
    read -r evict_rps evict_cpu < <(measure)
    stop_server
    log "$target: no budget $free_rps/s ${free_cpu}µs, evicting $evict_rps/s ${evict_cpu}µs"
    echo "$free_rps $evict_rps $free_cpu $evict_cpu" >>"$TMP/cost-$target"
  done
  col() { awk -v c="$1" '{ print $c }' "$TMP/cost-$target" | median; }
  ratios() { awk -v a="$1" -v b="$2" '{ print $a / $b }' "$TMP/cost-$target" | median; }
  echo "| $target | $(col 1) | $(col 2) | $(awk -v r="$(ratios 2 1)" 'BEGIN { printf "%.0f%%", (1 - r) * 100 }') |" \
    "$(col 3) | $(col 4) | $(awk -v r="$(ratios 4 3)" 'BEGIN { printf "%.0f%%", (r - 1) * 100 }') |"
done
echo
echo "(costs are medians of the per-round ratios)"
fi

if step 3; then
echo
echo "## 3. Memory per key: $FILL_KEYS keys of 16 bytes, 100-byte values"
echo
echo "| server | keys | used_memory | per key | used_memory_dataset | per key |"
echo "|---|---|---|---|---|---|"
for target in redis akkakv; do
  start "$target" 0 noeviction
  redis-cli -p "$PORT" DEBUG SET-ACTIVE-EXPIRE 0 >/dev/null 2>&1 || true
  # Sequential keys key:000000000000.. via the random generator's range: -r FILL_KEYS with 4x the requests fills ~98%.
  redis-benchmark -p "$PORT" -t set -n $((FILL_KEYS * 4)) -r "$FILL_KEYS" -d 100 -P 16 -c 50 -q >/dev/null
  keys=$(redis-cli -p "$PORT" DBSIZE)
  used=$(info memory used_memory)
  dataset=$(info memory used_memory_dataset)
  echo "| $target | $keys | $used | $((used / keys)) | ${dataset:--} | $([[ -n "$dataset" ]] && echo $((dataset / keys)) || echo -) |"
  stop_server
done
echo
echo "AkkaKv's used_memory is the managed heap without a forced collection (garbage from overwrites included);"
echo "its dataset figure is what the budget counts, checked against the heap in EntrySizeTests."
fi
