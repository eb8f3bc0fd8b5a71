#!/usr/bin/env bash
# compare-redis.sh: Redis-protocol throughput of AkkaKv (cache and store mode) against Redis 7 and Garnet, measured with
# redis-benchmark one server at a time in a single run, printed as a table of requests/s with ratios to Redis.
# Everything listens on 127.0.0.1 only; every server and client started here is stopped by PID on exit.
#
# Knobs (environment): N=1000000 (requests per redis-benchmark test)  ROUNDS=1 (repeat; the table shows medians)
#                      TARGETS="redis garnet akkakv-cache akkakv-store" (any subset, in this order; also
#                      redis-durable: Redis with appendfsync always, as durable as store mode — see start_redis-durable)
#                      PIPELINES="1 16" (redis-benchmark -P values)  CLIENTS=50 (-c)  KEYSPACE=100000 (-r)
#                      WARMUP_N=1000000 (requests of a discarded SET+GET warm-up run; 0 = none)  WARMUP_RUNS=3 (per server start)
#                      READY_TIMEOUT=60 (s to wait for PONG)  BENCH_TIMEOUT=1800 (s, upper bound per redis-benchmark)
#                      REDIS_PORT REDIS_DURABLE_PORT GARNET_PORT AKKAKV_CACHE_PORT AKKAKV_STORE_PORT (default: a free port each)
#                      GARNET_VERSION=2.2.8 (garnet-server tool version; "latest" = newest served)
#                      TOOLS_DIR=bench/.tools (where Garnet is installed)  RESULTS=<file> (raw CSV; default under /tmp)
#                      KEEP_TMP=1 (keep data dirs and server logs)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${N:-1000000}
ROUNDS=${ROUNDS:-1}
TARGETS=${TARGETS:-"redis garnet akkakv-cache akkakv-store"}
PIPELINES=${PIPELINES:-"1 16"}
CLIENTS=${CLIENTS:-50}
KEYSPACE=${KEYSPACE:-100000}
# The warm-up is the same for every server and fills the keyspace (1M random SETs over 100k keys touch ~all of them),
# so the measured runs show steady state: a fresh .NET process spends its first seconds in tiered JIT and in growing
# its heap and tables, which a 50k warm-up left inside the measured SETs (~2x slower than steady state then).
# Several runs, each with new connections: after one, a .NET server was still compiling (connection set-up, tier-1
# promotions) through the measured runs, its JIT thread 6-9% of the samples of a measured P16 run and ~400 methods
# compiled during it, and its CPU per SET at P16 was 1.33-1.43 µs against 1.06-1.32 after four.
WARMUP_N=${WARMUP_N:-1000000}
WARMUP_RUNS=${WARMUP_RUNS:-3}
READY_TIMEOUT=${READY_TIMEOUT:-60}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-1800}
GARNET_VERSION=${GARNET_VERSION:-2.2.8}
TOOLS_DIR=${TOOLS_DIR:-$ROOT/bench/.tools}
RESULTS=${RESULTS:-${TMPDIR:-/tmp}/akkakv-compare-redis-$(date +%Y%m%d-%H%M%S).csv}
KEEP_TMP=${KEEP_TMP:-0}
ALL_TARGETS=(redis redis-durable garnet akkakv-cache akkakv-store)

log() { printf '[compare-redis] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/akkakv-compare-redis.XXXXXX")
SERVER_PID=""   # the one server running right now (there is never more than one)
BENCH_PID=""    # the running `timeout redis-benchmark …`, if any
USED_PORTS=" "  # ports handed out in this run, so two targets never share one

stop_server() {
  local pid=$SERVER_PID
  SERVER_PID=""
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop on TERM; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  # timeout(1) passes the TERM on to redis-benchmark, so killing its PID stops both.
  if [[ -n "$BENCH_PID" ]]; then kill -TERM "$BENCH_PID" 2>/dev/null || true; wait "$BENCH_PID" 2>/dev/null || true; fi
  stop_server
  if [[ "$KEEP_TMP" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# pick_port OVERRIDE: sets PORT to OVERRIDE if given (refusing it when busy, rather than benchmark someone else's
# server), else to a random free port below the usual ephemeral range (32768+), so that the benchmark's own client
# sockets cannot be holding it. Sets a variable instead of printing: in $(…) the USED_PORTS update would be lost.
pick_port() {
  local p=${1:-}
  PORT=""
  if [[ -n "$p" ]]; then
    port_free "$p" || return 1
  else
    for _ in $(seq 1 200); do
      p=$((20000 + RANDOM % 12000))
      if [[ "$USED_PORTS" != *" $p "* ]] && port_free "$p"; then break; fi
      p=""
    done
    [[ -n "$p" ]] || return 1
  fi
  USED_PORTS+="$p "
  PORT=$p
}

apt_install() { # apt_install PKG...: needs root or sudo
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# cpu_ticks PID [children]: utime+stime (or cutime+cstime) of PID from /proc, in clock ticks; empty if gone.
cpu_ticks() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  s=${s##*) } # drop "pid (comm) ": state is now index 0, utime (field 14) index 11, cutime (16) index 13
  local -a f
  read -r -a f <<<"$s"
  if [[ "${2:-}" == children ]]; then echo $((f[13] + f[14])); else echo $((f[11] + f[12])); fi
}

# ---------------------------------------------------------------------------------------------- tools
read -r -a TARGET_LIST <<<"$TARGETS"
for t in "${TARGET_LIST[@]}"; do
  [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || die "unknown target $t (known: ${ALL_TARGETS[*]})"
done
wants() { [[ " ${TARGET_LIST[*]} " == *" $1 "* ]]; }

command -v ss >/dev/null || die "ss (iproute2) is required"
command -v timeout >/dev/null || die "timeout (coreutils) is required"
# redis-benchmark and redis-cli are the client for every target, so redis-tools is always needed.
if ! command -v redis-benchmark >/dev/null || ! command -v redis-cli >/dev/null \
  || { { wants redis || wants redis-durable; } && ! command -v redis-server >/dev/null; }; then
  log "installing redis-server and redis-tools from apt"
  apt_install redis-server redis-tools
  { command -v redis-benchmark && command -v redis-cli; } >/dev/null || die "redis-tools install failed"
fi
CLK_TCK=$(getconf CLK_TCK)

declare -A NOTE=() # NOTE[target] = why it is skipped (set once, so a broken target is not retried every round)

if wants garnet; then
  # A tool-path install, not a local tool: the repo's .config/dotnet-tools.json stays as it is. One directory per
  # version, so changing GARNET_VERSION never mixes two installs.
  GARNET_DIR="$TOOLS_DIR/garnet-$GARNET_VERSION"
  GARNET_BIN="$GARNET_DIR/garnet-server"
  if [[ ! -x "$GARNET_BIN" ]]; then
    command -v dotnet >/dev/null || die "dotnet SDK is required for Garnet"
    log "installing garnet-server $GARNET_VERSION into $GARNET_DIR"
    mkdir -p "$TOOLS_DIR"
    # The tools dir is a cache of downloaded binaries: keep it out of git status without touching .gitignore.
    [[ -f "$TOOLS_DIR/.gitignore" ]] || echo '*' >"$TOOLS_DIR/.gitignore"
    version_args=()
    [[ "$GARNET_VERSION" == latest ]] || version_args=(--version "$GARNET_VERSION")
    if ! dotnet tool install garnet-server "${version_args[@]}" --tool-path "$GARNET_DIR" >"$TMP/garnet-install.log" 2>&1 \
      || [[ ! -x "$GARNET_BIN" ]]; then
      sed 's/^/    /' "$TMP/garnet-install.log" >&2
      NOTE[garnet]="garnet-server $GARNET_VERSION did not install"
    fi
  fi
fi

AKKAKV_DLL=""
if wants akkakv-cache || wants akkakv-store; then
  # Build before any load runs: a build on the same 2 cores during a measurement would distort it.
  proj="$ROOT/src/AkkaKv.Server"
  log "building AkkaKv.Server (Release)"
  # No node reuse and no shared compiler server: the build must not leave processes running after the script.
  if dotnet build -c Release -v q -nologo -nodeReuse:false -p:UseSharedCompilation=false "$proj" \
    >"$TMP/akkakv-build.log" 2>&1; then
    AKKAKV_DLL=$(dotnet msbuild "$proj/AkkaKv.Server.csproj" -nologo -nodeReuse:false -getProperty:TargetPath \
      -p:Configuration=Release 2>/dev/null | tail -1 || true)
    [[ -f "$AKKAKV_DLL" ]] || AKKAKV_DLL="$proj/bin/Release/net10.0/akkakv-server.dll"
    [[ -f "$AKKAKV_DLL" ]] || { NOTE[akkakv-cache]="server dll not found"; NOTE[akkakv-store]=${NOTE[akkakv-cache]}; }
  else
    tail -30 "$TMP/akkakv-build.log" >&2
    NOTE[akkakv-cache]="server build failed"
    NOTE[akkakv-store]="server build failed"
  fi
fi

# ---------------------------------------------------------------------------------------------- servers
# start_TARGET PORT DIR: starts the server in the background with SERVER_PID set; its log goes to DIR.log.

start_redis() {
  # No RDB snapshots and no AOF: a pure in-memory server, like AkkaKv's cache mode. --dir keeps any file it might
  # still write out of the working directory.
  redis-server --bind 127.0.0.1 --port "$1" --save '' --appendonly no --dir "$2" --daemonize no --logfile '' \
    >"$2.log" 2>&1 &
  SERVER_PID=$!
}

start_redis-durable() {
  # Store mode's peer: every write is in an fsync'd append-only file before it is answered (Redis flushes and fsyncs
  # the AOF once per event-loop turn, before it writes that turn's replies: a group commit, as store mode's journal).
  redis-server --bind 127.0.0.1 --port "$1" --save '' --appendonly yes --appendfsync always --dir "$2" \
    --daemonize no --logfile '' >"$2.log" 2>&1 &
  SERVER_PID=$!
}

start_garnet() {
  # Garnet's defaults, with only the port set, plus --bind so it listens on loopback and not on every address.
  # Run from its own empty dir, in case it writes anything relative to the working directory.
  (cd "$2" && exec "$GARNET_BIN" --port "$1" --bind 127.0.0.1) >"$2.log" 2>&1 &
  SERVER_PID=$!
}

start_akkakv() { # start_akkakv MODE PORT DIR
  local mode=$1 port=$2 dir=$3
  # Clear inherited AkkaKv__* settings so only the ones below (and appsettings.json) apply.
  local -a envargs=()
  while read -r v; do envargs+=(-u "$v"); done < <(compgen -e | grep -i '^AkkaKv__' || true)
  # The dll runs directly (not `dotnet run`) and the subshell execs, so $! is the server process itself.
  # HTTP and remoting on port 0 keep them out of the way of anything else on this machine.
  (cd "$ROOT/src/AkkaKv.Server" && exec env "${envargs[@]}" AkkaKv__Mode="$mode" AkkaKv__DataDir="$dir" \
    AkkaKv__Resp__Port="$port" AkkaKv__Http__Port=0 AkkaKv__Remote__Port=0 AkkaKv__Management__Enabled=false dotnet "$AKKAKV_DLL") >"$dir.log" 2>&1 &
  SERVER_PID=$!
}
start_akkakv-cache() { start_akkakv Cache "$@"; }
start_akkakv-store() { start_akkakv Store "$@"; }

port_var() { # the override variable for TARGET
  case $1 in
    redis) echo "${REDIS_PORT:-}" ;;
    redis-durable) echo "${REDIS_DURABLE_PORT:-}" ;;
    garnet) echo "${GARNET_PORT:-}" ;;
    akkakv-cache) echo "${AKKAKV_CACHE_PORT:-}" ;;
    akkakv-store) echo "${AKKAKV_STORE_PORT:-}" ;;
  esac
}

cli() { timeout 5 redis-cli -h 127.0.0.1 -p "$PORT" "$@" 2>/dev/null; }

# wait_ready TARGET: PING until PONG, then one SET/GET round trip, so a listener that accepts but mis-answers is
# reported here instead of producing numbers.
wait_ready() {
  local t=$1 deadline=$((SECONDS + READY_TIMEOUT)) pong=""
  while ((SECONDS < deadline)); do
    kill -0 "$SERVER_PID" 2>/dev/null || { NOTE[$t]="server exited during start-up"; return 1; }
    pong=$(cli PING || true)
    [[ "$pong" == PONG ]] && break
    sleep 0.25
  done
  [[ "$pong" == PONG ]] || { NOTE[$t]="no PONG on port $PORT within ${READY_TIMEOUT}s"; return 1; }
  if [[ $(cli SET compare-redis:probe hello) != OK || $(cli GET compare-redis:probe) != hello ]]; then
    NOTE[$t]="SET/GET probe failed"
    return 1
  fi
}

# spot_check: after a run, GET a few keys redis-benchmark wrote. Each must hold a 3-byte value (redis-benchmark's
# default -d 3; Redis 7's redis-benchmark fills it with random letters, not "xxx") or be absent (random keys: not every
# one was written); at least one must be present.
spot_check() {
  local hits=0 v k
  for _ in $(seq 1 10); do
    k=$(printf 'key:%012d' $(((RANDOM * 32768 + RANDOM) % KEYSPACE)))
    v=$(cli GET "$k") || { log "spot-check: GET $k failed"; return 1; }
    if [[ ${#v} == 3 ]]; then
      hits=$((hits + 1))
    elif [[ -n "$v" ]]; then
      log "spot-check: GET $k returned '$v', expected a 3-byte value or nil"
      return 1
    fi
  done
  ((hits > 0)) || { log "spot-check: none of 10 keys present after the run"; return 1; }
}

declare -A R=() # R[round.target.P.SET|GET] = requests/s; R[round.target.P.srv|cli] = server/client CPU cores

# run_benchmark TARGET P REQUESTS [warmup]: one `redis-benchmark -t set,get` invocation (SET test, then GET test).
run_benchmark() {
  local t=$1 p=$2 n=$3 warm=${4:-}
  local out="$TMP/$ROUND-$t-P$p${warm:+-warmup}.out"
  # shellcheck disable=SC2054 # "set,get" is one argument
  local -a cmd=(redis-benchmark -h 127.0.0.1 -p "$PORT" -t set,get -n "$n" -r "$KEYSPACE" -c "$CLIENTS" -P "$p" --csv -q)
  [[ -n "$warm" ]] || echo "    ${cmd[*]}" >&2
  local s0 s1 c0 c1 t0 t1 rc=0
  s0=$(cpu_ticks "$SERVER_PID")
  c0=$(cpu_ticks $$ children)
  t0=$(date +%s.%N)
  # In the background and waited for, so the EXIT trap can stop it; timeout because redis-benchmark waits forever
  # for a server that stops answering.
  timeout "$BENCH_TIMEOUT" "${cmd[@]}" >"$out" 2>"$out.err" &
  BENCH_PID=$!
  wait "$BENCH_PID" || rc=$?
  BENCH_PID=""
  t1=$(date +%s.%N)
  c1=$(cpu_ticks $$ children) # now includes the reaped redis-benchmark (and timeout, which is idle)
  s1=$(cpu_ticks "$SERVER_PID")
  # redis-benchmark 7 exits non-zero on the first error reply ("Error from server: …").
  if [[ $rc != 0 ]]; then
    sed 's/^/    /' "$out" "$out.err" | head -20 >&2
    if [[ $rc == 124 ]]; then
      log "$t P$p: redis-benchmark timed out after ${BENCH_TIMEOUT}s"
    else
      log "$t P$p: redis-benchmark failed (exit $rc)"
    fi
    return 1
  fi
  [[ -z "$warm" ]] || return 0
  local secs srv cli_cores
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  srv=$(awk -v a="$s0" -v b="$s1" -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { if (a != "" && b != "" && s > 0) printf "%.2f", (b - a) / hz / s }')
  cli_cores=$(awk -v a="$c0" -v b="$c1" -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { if (s > 0) printf "%.2f", (b - a) / hz / s }')
  R[$ROUND.$t.$p.srv]=$srv
  R[$ROUND.$t.$p.cli]=$cli_cores
  local test rps line
  for test in SET GET; do
    line=$(grep "^\"$test\"," "$out" | tail -1 || true)
    [[ -n "$line" ]] || { log "$t P$p: no $test line in redis-benchmark output"; continue; }
    rps=$(awk -F'"' '{ print $4 }' <<<"$line")
    R[$ROUND.$t.$p.$test]=$rps
    # Raw redis-benchmark line, prefixed with where it came from and suffixed with the CPU of the whole invocation.
    echo "\"$ROUND\",\"$t\",\"$p\",\"$N\",$line,\"$srv\",\"$cli_cores\"" >>"$RESULTS"
  done
  log "$t P$p: SET ${R[$ROUND.$t.$p.SET]:-?} req/s, GET ${R[$ROUND.$t.$p.GET]:-?} req/s in ${secs}s; server ${srv:-?} cores, redis-benchmark ${cli_cores:-?} cores"
  grep -h -i -m3 'warning\|error' "$out.err" | sed 's/^/    /' >&2 || true
}

# bench_target TARGET: fresh data dir and port, start, wait for PONG, warm up, one run per pipeline depth, stop.
# Only one server runs at a time: an idle server still costs CPU (timers, GC), and there are just 2 cores.
bench_target() {
  local t=$1 dir="$TMP/$ROUND-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  local want
  want=$(port_var "$t")
  if ! pick_port "$want"; then
    if [[ -n "$want" ]]; then NOTE[$t]="port $want busy"; else NOTE[$t]="no free port found"; fi
    return 1
  fi
  log "round $ROUND/$ROUNDS: starting $t on 127.0.0.1:$PORT (data $dir)"
  "start_$t" "$PORT" "$dir"
  if ! wait_ready "$t"; then
    tail -20 "$dir.log" | sed 's/^/    /' >&2
    stop_server
    return 1
  fi
  # The same discarded warm-up for every server (JIT for the .NET ones, allocator and hash-table growth for all).
  if ((WARMUP_N > 0)); then
    for _ in $(seq 1 "$WARMUP_RUNS"); do run_benchmark "$t" 16 "$WARMUP_N" warmup || true; done
  fi
  local p ok=1
  for p in $PIPELINES; do
    run_benchmark "$t" "$p" "$N" || ok=0
  done
  ((ok == 0)) || spot_check || { log "$t: spot-check failed, dropping its figures for round $ROUND"; ok=0; }
  if ((ok == 0)); then
    for p in $PIPELINES; do unset "R[$ROUND.$t.$p.SET]" "R[$ROUND.$t.$p.GET]"; done
  fi
  stop_server
  [[ "$KEEP_TMP" == 1 ]] || rm -rf "$dir" # store mode's data dir: gone as soon as the server is
  ((ok == 1)) || log "$t: some runs failed; see above"
}

# ---------------------------------------------------------------------------------------------- run
mkdir -p "$(dirname "$RESULTS")"
echo '"round","target","pipeline","requests","test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms","server_cpu_cores","client_cpu_cores"' >"$RESULTS"

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "$(redis-server --version 2>/dev/null | awk '{print $1, $2, $3}'); $(redis-benchmark --version 2>/dev/null)"
[[ -x "${GARNET_BIN:-}" ]] && log "$("$GARNET_BIN" --version 2>/dev/null | head -1)"
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  order=("${TARGET_LIST[@]}")
  if ((ROUND % 2 == 0)); then # alternate the order so slow drift on a shared machine hits every target alike
    order=()
    for ((i = ${#TARGET_LIST[@]} - 1; i >= 0; i--)); do order+=("${TARGET_LIST[i]}"); done
  fi
  for t in "${order[@]}"; do
    [[ -n "${NOTE[$t]:-}" ]] && continue
    bench_target "$t" || log "$t skipped: ${NOTE[$t]:-}"
  done
done
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------- table
ratio() { # ratio A B: A/B with 2 decimals, or empty when either is missing or B is zero
  awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print ""; else printf "%.2f", a / b }'
}
median() { # median of the non-empty arguments, or empty
  printf '%s\n' "$@" | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# med TARGET P FIELD: median over rounds.
med() {
  local -a v=()
  for ((r = 1; r <= ROUNDS; r++)); do v+=("${R[$r.$1.$2.$3]:-}"); done
  median "${v[@]}"
}
# med_ratio A B P FIELD: median over rounds of the per-round ratio A/B (each ratio compares runs minutes apart).
med_ratio() {
  local -a v=()
  for ((r = 1; r <= ROUNDS; r++)); do v+=("$(ratio "${R[$r.$1.$3.$4]:-}" "${R[$r.$2.$3.$4]:-}")"); done
  median "${v[@]}"
}
dash() { echo "${1:--}"; }
int() { awk -v x="${1:-}" 'BEGIN { if (x == "") print "-"; else printf "%.0f", x }'; }

echo
echo "redis-benchmark -t set,get -n $N -r $KEYSPACE -c $CLIENTS -P {${PIPELINES// /,}} on 127.0.0.1, $(nproc) cores, $ROUNDS round(s)"
[[ $ROUNDS -gt 1 ]] && echo "(requests/s are medians over rounds; each ratio is the median of the per-round ratios)"
fmt='%-11s %12s %13s %12s %12s %12s  %11s %11s %13s %12s\n'
# shellcheck disable=SC2059
printf "$fmt" "" redis redis-durable garnet akkakv-cache akkakv-store cache/redis store/redis store/durable garnet/redis
# shellcheck disable=SC2059
printf "$fmt" ----------- ------------ ------------- ------------ ------------ ------------ ----------- ----------- ------------- ------------
for p in $PIPELINES; do
  for test in SET GET; do
    # shellcheck disable=SC2059
    printf "$fmt" "$test P$p" \
      "$(int "$(med redis "$p" "$test")")" "$(int "$(med redis-durable "$p" "$test")")" "$(int "$(med garnet "$p" "$test")")" \
      "$(int "$(med akkakv-cache "$p" "$test")")" "$(int "$(med akkakv-store "$p" "$test")")" \
      "$(dash "$(med_ratio akkakv-cache redis "$p" "$test")")" "$(dash "$(med_ratio akkakv-store redis "$p" "$test")")" \
      "$(dash "$(med_ratio akkakv-store redis-durable "$p" "$test")")" "$(dash "$(med_ratio garnet redis "$p" "$test")")"
  done
done
for p in $PIPELINES; do
  printf '%-11s %12s %13s %12s %12s %12s\n' "srv cpu P$p" "$(dash "$(med redis "$p" srv)")" "$(dash "$(med redis-durable "$p" srv)")" \
    "$(dash "$(med garnet "$p" srv)")" \
    "$(dash "$(med akkakv-cache "$p" srv)")" "$(dash "$(med akkakv-store "$p" srv)")"
done
echo "(requests/s: higher is better; a ratio > 1 means faster than Redis. srv cpu: cores the server used during the"
echo " SET+GET invocation; redis-benchmark itself is single-threaded and takes up to one of the $(nproc) cores)"
for t in "${TARGET_LIST[@]}"; do
  if [[ -n "${NOTE[$t]:-}" ]]; then echo "$t: skipped: ${NOTE[$t]}"; fi
done
echo "raw redis-benchmark CSV: $RESULTS"
