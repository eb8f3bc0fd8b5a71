#!/usr/bin/env bash
# compare-replication.sh: replicated keyspaces (keys under a replicated prefix, held by every node) against etcd 3.4,
# and what replication costs the other keys, in one run on this machine. Targets, one after the other (only one set of
# servers runs at a time; the order alternates each round):
#   etcd       etcd 3.4, one member, JSON gateway: PUT, as compare-etcd.sh runs it (keys <ETCD_PREFIX>key:<n>)
#   repl-on    lighthouse + 3 AkkaKv nodes (store mode) on one fresh PostgreSQL database, as cluster-throughput.sh
#              starts them, replication on (its default prefix /_sys/); all load through node 1:
#                rput         PUT /v1/kv/<REPL_PREFIX>key:<n>?consistency=$REPL_WRITE   (key percent-encoded)
#                (preload)    every replicated key once at $REPL_WRITE, then a check that all of them read back at
#                             consistency=local on every node, with the value written
#                rget-local   GET /v1/kv/<REPL_PREFIX>key:<n>?consistency=local
#                rget-lin     GET /v1/kv/<REPL_PREFIX>key:<n>?consistency=linearizable   (the two GET runs swap order
#                             each round)
#                put          PUT /v1/kv/key:<n> (plain keys, not replicated)
#   repl-off   the same cluster from a fresh database with AkkaKv__Replication__Enabled=false, and the same runs (so
#              both clusters have the same history when their plain PUTs are compared; the <REPL_PREFIX> keys are then
#              ordinary keys: ?consistency= is ignored for them and a local GET reads at the owner)
# Every run is a WARMUP-second wrk warm-up (discarded), then a DURATION-second measured wrk run, with the scripts in
# bench/wrk (akkakv-put/get/preload.lua with prefix= and consistency=; etcd-put.lua). The table shows requests/s,
# latency, errors (non-2xx + socket errors), the CPU of the target's server processes, of PostgreSQL (AkkaKv's journal)
# and of wrk, and the server + PostgreSQL CPU per request (the steadier figure for comparing two builds), then the ratios:
#   rput / etcd PUT (target >= 1), rget-local / rget-lin (target >= 3), put repl-on / put repl-off (target: within 5%),
# and a summary of the server logs (warnings and errors).
# All on 127.0.0.1; every process started here is stopped by PID on exit.
#
# Knobs (environment): DURATION=10 (s measured per run)  WARMUP=2 (s, discarded)  CONNECTIONS=64  KEYS=2000
#                      START_WARMUP=60 (s of discarded load once, right after a target's servers start)
#                      VALUE_SIZE=128  ROUNDS=1 (repeat everything; medians, ratio = median of per-round ratios)
#                      TARGETS="etcd repl-on repl-off"  REQUIRED="" (targets that must run: a target listed here that
#                      cannot run, e.g. etcd not installed, fails the script instead of being skipped; 1 = all)
#                      REPL_PREFIX=/_sys/bench/ (must lie under a replicated prefix)  REPL_WRITE=majority (local|all)
#                      ETCD_PREFIX=$REPL_PREFIX (etcd's keys; empty = compare-etcd.sh's key:<n>)
#                      REPL_SETTLE_TIMEOUT=30 (s for the preloaded keys to read back at local on every node)
#                      WRK_THREADS=2 WRK_TIMEOUT=10 (wrk -t and --timeout in s)  PRELOAD_TIMEOUT=600 (s, wrk preload)
#                      ETCD_PORT=23790 ETCD_PEER_PORT=23800  READY_TIMEOUT=60 (s per node)
#                      AKKAKV_SERVER_ARGS="" (extra --AkkaKv:… args for every node)  PG_ADMIN (admin connection
#                      string; default: the machine's PostgreSQL 15, started here, user postgres password akkakv)
#                      KEEP_TMP=1 (keep node/etcd logs, data dirs and the databases)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
START_WARMUP=${START_WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-64}
KEYS=${KEYS:-2000}
VALUE_SIZE=${VALUE_SIZE:-128}
ROUNDS=${ROUNDS:-1}
TARGETS=${TARGETS:-"etcd repl-on repl-off"}
REQUIRED=${REQUIRED:-}
REPL_PREFIX=${REPL_PREFIX:-/_sys/bench/}
REPL_WRITE=${REPL_WRITE:-majority}
ETCD_PREFIX=${ETCD_PREFIX-$REPL_PREFIX}
REPL_SETTLE_TIMEOUT=${REPL_SETTLE_TIMEOUT:-30}
WRK_THREADS=${WRK_THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-10}
PRELOAD_TIMEOUT=${PRELOAD_TIMEOUT:-600}
ETCD_PORT=${ETCD_PORT:-23790}
ETCD_PEER_PORT=${ETCD_PEER_PORT:-23800}
READY_TIMEOUT=${READY_TIMEOUT:-60}
AKKAKV_SERVER_ARGS=${AKKAKV_SERVER_ARGS:-}
KEEP_TMP=${KEEP_TMP:-0}
ROUND=1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/akkakv-compare-replication.XXXXXX")
PIDS=()     # server processes of the target running now (etcd, or lighthouse + nodes)
WRK_PID=""
DBS=()      # databases created here (dropped on exit unless KEEP_TMP=1)

log() { printf '[compare-replication +%ss] %s\n' "$SECONDS" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then log "pid $pid did not stop on TERM; sending KILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
cleanup() {
  local rc=$?
  if [[ -n "$WRK_PID" ]]; then kill -TERM "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true; fi
  stop_all
  if [[ "$KEEP_TMP" == 1 ]]; then
    log "kept $TMP${DBS[*]:+ and databases ${DBS[*]}}"
  else
    local db
    for db in "${DBS[@]}"; do psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
    rm -rf "$TMP"
  fi
  # The machine's PostgreSQL is stopped again only if this script started it.
  if [[ "${PG_STARTED_HERE:-0}" == 1 ]]; then pg_ctlcluster 15 main stop 2>/dev/null || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
has_target() { [[ " $TARGETS " == *" $1 "* ]]; }
required() { [[ "$REQUIRED" == 1 || "$REQUIRED" == all || " $REQUIRED " == *" $1 "* ]]; }

declare -A R=()     # R[round.row.field]
declare -A NOTE=()  # NOTE[target] = why it was skipped
# skip TARGET REASON: records why a target did not run; fatal when the target is REQUIRED.
skip() {
  NOTE[$1]=$2
  required "$1" && die "$1 is REQUIRED but: $2"
  log "$1 skipped: $2"
}

read -r -a TARGET_LIST <<<"$TARGETS"
for t in "${TARGET_LIST[@]}"; do
  case $t in etcd | repl-on | repl-off) ;; *) die "unknown target $t (etcd, repl-on, repl-off)" ;; esac
done
[[ "$REPL_WRITE" =~ ^(local|majority|all)$ ]] || die "REPL_WRITE must be local, majority or all"

# ------------------------------------------------------------------------------------------------ tools
command -v curl >/dev/null || die "curl is required"
command -v ss >/dev/null || die "ss (iproute2) is required"
if ! command -v wrk >/dev/null; then
  log "installing wrk from apt"
  sudo_=""; [[ $(id -u) -eq 0 ]] || sudo_=sudo
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq wrk >/dev/null
  command -v wrk >/dev/null || die "wrk install failed"
fi
WRK_DIR="$ROOT/bench/wrk"
[[ -f "$WRK_DIR/common.lua" ]] || die "missing $WRK_DIR/common.lua"
CLK_TCK=$(getconf CLK_TCK)

if has_target etcd && ! command -v etcd >/dev/null; then
  skip etcd "etcd not installed (install it with: sudo apt-get install -y etcd-server; it is etcd 3.4)"
fi

AKKAKV=0
if has_target repl-on || has_target repl-off; then AKKAKV=1; fi
if [[ $AKKAKV == 1 ]]; then
  command -v dotnet >/dev/null || die "dotnet SDK is required"
  command -v python3 >/dev/null || die "python3 is required"
  if [[ -z "${PG_ADMIN:-}" ]]; then
    if ! pg_isready -h 127.0.0.1 -p 5432 -t 1 >/dev/null 2>&1; then
      pg_ctlcluster 15 main start >/dev/null 2>&1 && PG_STARTED_HERE=1 || true
    fi
    pg_isready -h 127.0.0.1 -p 5432 -t 30 >/dev/null || die "PostgreSQL 15 did not start"
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'akkakv'\"" >/dev/null
    # Without TLS, as etcd is run here (plain HTTP on 127.0.0.1): the machine's PostgreSQL has ssl = on (Debian's
    # default), and Npgsql would otherwise encrypt every journal write on the loopback (~4-7% of a node's CPU).
    PG_ADMIN="Host=127.0.0.1;Port=5432;Username=postgres;Password=akkakv;SSL Mode=Disable"
  fi
  PGPASSWORD=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$PG_ADMIN")
  export PGPASSWORD

  log "building akkakv-server and akkakv-lighthouse (Release)"
  dotnet build -c Release -v q -nologo "$ROOT/src/AkkaKv.Server" >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log" >&2; die "build failed"; }
  dotnet build -c Release -v q -nologo "$ROOT/lighthouse/AkkaKv.Lighthouse" >>"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log" >&2; die "build failed"; }
  SERVER_DLL="$ROOT/src/AkkaKv.Server/bin/Release/net10.0/akkakv-server.dll"
  LIGHTHOUSE_DLL="$ROOT/lighthouse/AkkaKv.Lighthouse/bin/Release/net10.0/akkakv-lighthouse.dll"
  [[ -f "$SERVER_DLL" && -f "$LIGHTHOUSE_DLL" ]] || die "missing $SERVER_DLL or $LIGHTHOUSE_DLL"
fi
fresh_db() { # fresh_db NAME: drops and creates the database; prints its connection string
  PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -U postgres -q \
    -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
  echo "$PG_ADMIN;Database=$1"
}

# ------------------------------------------------------------------------------------------------ wrk
# cpu_ticks PID [children]: utime+stime (or cutime+cstime) of PID from /proc, in clock ticks; empty if gone.
cpu_ticks() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  s=${s##*) } # drop "pid (comm) ": field 3 (state) is now index 0, utime (14) index 11, cutime (16) index 13
  local -a f
  read -r -a f <<<"$s"
  if [[ "${2:-}" == children ]]; then echo $((f[13] + f[14])); else echo $((f[11] + f[12])); fi
}
# The summed CPU ticks of the machine's PostgreSQL processes (the journal of the AkkaKv targets; etcd uses none). All of
# them: on a machine running only this benchmark the rest of PostgreSQL (checkpointer, WAL writer) is the journal's too.
pg_ticks() {
  local pid t sum=0
  for pid in $(pgrep -x postgres 2>/dev/null); do t=$(cpu_ticks "$pid"); sum=$((sum + ${t:-0})); done
  echo "$sum"
}
servers_ticks() { # the summed CPU ticks of every server process of the running target
  local pid t sum=0
  for pid in "${PIDS[@]}"; do t=$(cpu_ticks "$pid"); sum=$((sum + ${t:-0})); done
  echo "$sum"
}

# run_wrk ROW SCRIPT URL [script args…]: a WARMUP-second warm-up (discarded), then the measured run with --latency.
# Stores ops_per_sec, p50/p99/max, errors, server_cpu_cores (all server processes of the target) and client_cpu_cores
# (wrk itself) in R[round.ROW.*].
run_wrk() {
  local row=$1 name=$2 script="$WRK_DIR/$2.lua" url=$3; shift 3
  local -a sargs=(keys="$KEYS" value_size="$VALUE_SIZE" threads="$WRK_THREADS" "$@")
  local out="$TMP/r$ROUND-$row.out"
  log "round $ROUND/$ROUNDS $row: $name.lua ${sargs[*]}, ${CONNECTIONS} connections, ${WARMUP}+${DURATION} s"
  local -a cmd
  if [[ "$WARMUP" != 0 ]]; then
    cmd=(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout "${WRK_TIMEOUT}s" -s "$script" "$url" -- "${sargs[@]}")
    "${cmd[@]}" >"$out.warmup" 2>&1 || { sed 's/^/    /' "$out.warmup" >&2; log "$row: wrk warm-up failed"; return 1; }
  fi
  cmd=(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout "${WRK_TIMEOUT}s" --latency -s "$script" "$url" -- "${sargs[@]}")
  echo "    ${cmd[*]}" >&2
  local s0 s1 g0 g1 rc=0
  s0=$(servers_ticks)
  g0=$(pg_ticks)
  # The subshell runs nothing but wrk, so its children's CPU afterwards is wrk's CPU (incl. Lua init, ~ms).
  (
    "${cmd[@]}" >"$out" 2>&1 || exit $?
    cpu_ticks "$BASHPID" children >"$out.client_ticks"
  ) || rc=$?
  s1=$(servers_ticks)
  g1=$(pg_ticks)
  [[ $rc == 0 ]] || { sed 's/^/    /' "$out" >&2; log "$row: wrk failed (exit $rc)"; return 1; }
  local line
  line=$(grep '^WRK_RESULT ' "$out" | tail -1)
  [[ -n "$line" ]] || { sed 's/^/    /' "$out" >&2; log "$row: no WRK_RESULT line in wrk output"; return 1; }
  grep -E '^(Requests/sec|  Non-2xx|  Socket errors)' "$out" | sed 's/^ */    /' >&2 || true
  local -A W=()
  local kv
  for kv in $line; do
    if [[ "$kv" == *=* ]]; then W["${kv%%=*}"]=${kv#*=}; fi
  done
  local k="$ROUND.$row" f
  for f in p50_ms p99_ms max_ms errors; do R["$k.$f"]=${W[$f]}; done
  R["$k.ops_per_sec"]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  [[ -n "${R[$k.ops_per_sec]}" ]] || R["$k.ops_per_sec"]=${W[ops_per_sec]}
  local secs=${W[duration_s]} ct
  ct=$(cat "$out.client_ticks" 2>/dev/null || true)
  R["$k.client_cpu_cores"]=$(awk -v t="$ct" -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { if (t != "" && s > 0) printf "%.2f", t / hz / s }')
  R["$k.server_cpu_cores"]=$(awk -v a="$s0" -v b="$s1" -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { if (s > 0) printf "%.2f", (b - a) / hz / s }')
  # PostgreSQL counts for the AkkaKv targets only (it serves their journal; etcd has its own WAL in its process).
  local pg_cores=0
  if [[ $row != etcd-* ]]; then
    pg_cores=$(awk -v a="$g0" -v b="$g1" -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { if (s > 0) printf "%.2f", (b - a) / hz / s }')
    R["$k.pg_cpu_cores"]=$pg_cores
  fi
  # What one request costs the servers (and the journal's database): the measure to compare builds by on a shared
  # machine, where requests/s moves ±20% between runs of the same build but the CPU each request takes moves less.
  R["$k.cpu_us_per_op"]=$(awk -v c="${R[$k.server_cpu_cores]}" -v g="$pg_cores" -v o="${R[$k.ops_per_sec]}" 'BEGIN { if (o > 0) printf "%.0f", (c + g) / o * 1e6 }')
  log "$row: ${R[$k.ops_per_sec]} req/s, p50 ${W[p50_ms]} ms, p99 ${W[p99_ms]} ms, errors ${W[errors]} (non-2xx ${W[status_errors]}, socket ${W[connect_errors]}/${W[read_errors]}/${W[write_errors]}/${W[timeouts]}), servers ${R[$k.server_cpu_cores]} cores, PostgreSQL ${R[$k.pg_cpu_cores]:--} cores, ${R[$k.cpu_us_per_op]} µs CPU/request, wrk ${R[$k.client_cpu_cores]} cores"
}

# start_warmup SCRIPT URL [script args…]: START_WARMUP seconds of load, discarded, once per started target. A freshly
# started .NET process is still compiling its hot paths (tiered JIT): with the 2 s per-run warm-up alone, the first
# replicated PUT run measured about half of what the same cluster did after 15 s of load. 20 s was not enough either:
# `dotnet-counters` on a node showed 350-530 methods compiled per 5 s through the first 30 s of load and up to ~460
# per 5 s until ~55 s (the JIT thread at ~3% of the machine per node in a `perf` profile of the measured run), then
# under 50. etcd gets the same warm-up.
start_warmup() {
  local name=$1 script="$WRK_DIR/$1.lua" url=$2; shift 2
  [[ "$START_WARMUP" != 0 ]] || return 0
  log "round $ROUND/$ROUNDS: ${START_WARMUP} s start-up warm-up ($name.lua $*)"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${START_WARMUP}s" --timeout "${WRK_TIMEOUT}s" -s "$script" "$url" -- \
    keys="$KEYS" value_size="$VALUE_SIZE" threads="$WRK_THREADS" "$@" >/dev/null 2>&1 || log "start-up warm-up failed (ignored)"
}

# wrk_preload URL [script args…]: PUT every key once, in order, with bench/wrk/akkakv-preload.lua (as compare-etcd.sh
# does: each wrk thread stops once all its PUTs are answered; then wrk is interrupted so it prints its summary).
wrk_preload() {
  local url=$1; shift
  local out="$TMP/r$ROUND-preload.out"
  log "round $ROUND/$ROUNDS preload: PUT ${KEYS} keys in order ($*)"
  : >"$out"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${PRELOAD_TIMEOUT}s" --timeout 30s -s "$WRK_DIR/akkakv-preload.lua" "$url" \
    -- keys="$KEYS" value_size="$VALUE_SIZE" threads="$WRK_THREADS" "$@" >"$out" 2>&1 &
  WRK_PID=$!
  local n
  while kill -0 "$WRK_PID" 2>/dev/null; do
    n=$(grep -c '^PRELOAD_THREAD_DONE' "$out" 2>/dev/null || true)
    ((n >= WRK_THREADS)) && break
    sleep 0.1
  done
  # wrk sometimes ignores a SIGINT that lands while a thread is mid-stop: ask again, then insist.
  local signal
  for signal in INT INT INT TERM KILL; do
    kill -0 "$WRK_PID" 2>/dev/null || break
    kill "-$signal" "$WRK_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$WRK_PID" 2>/dev/null || break; sleep 0.1; done
  done
  wait "$WRK_PID" || true
  WRK_PID=""
  grep -E '^(PRELOAD_RESULT|Requests/sec)' "$out" | sed 's/^/    /' >&2 || true
  local line ok failed
  line=$(grep '^PRELOAD_RESULT' "$out" | tail -1)
  ok=$(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$line")
  failed=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<<"$line")
  if [[ "$ok" != "$KEYS" || "$failed" != 0 ]]; then
    sed 's/^/    /' "$out" >&2
    log "preload incomplete: ${ok:-?} of $KEYS keys acknowledged, ${failed:-?} failed"
    return 1
  fi
}

# check_replicated PORT…: every key <REPL_PREFIX>key:0..KEYS-1 must read back at consistency=local, with the value
# the wrk scripts write, on every node; keys still missing are asked again until REPL_SETTLE_TIMEOUT. One keep-alive
# connection per node. Prints one line per node; fails if a key is missing on the first port (the node under load).
check_replicated() {
  python3 - "$KEYS" "$VALUE_SIZE" "$REPL_PREFIX" "$REPL_SETTLE_TIMEOUT" "$@" <<'EOF'
import http.client, json, sys, time, urllib.parse
keys, size, prefix, limit = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
ports = [int(p) for p in sys.argv[5:]]
value = "".join(chr(97 + (i * 7 + 3) % 26) for i in range(1, size + 1))  # as make_value in bench/wrk/common.lua
enc = urllib.parse.quote(prefix, safe=":")
start = time.monotonic()
status = 0
for i, port in enumerate(ports):
    missing, wrong, other = set(range(keys)), 0, {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while True:
        for k in sorted(missing):
            conn.request("GET", f"/v1/kv/{enc}key:{k}?consistency=local")
            r = conn.getresponse()
            body = r.read()
            if r.status == 200:
                if json.loads(body).get("value") == value:
                    missing.discard(k)
                else:
                    wrong += 1
            elif r.status != 404:
                other[r.status] = other.get(r.status, 0) + 1
        if not missing or time.monotonic() - start > limit:
            break
        time.sleep(0.25)
    took = time.monotonic() - start
    print(f"node {i + 1} (:{port}): {keys - len(missing)}/{keys} keys read back at consistency=local "
          f"{took:.1f} s after the preload{'' if not wrong else f', {wrong} reads with another value'}"
          f"{'' if not other else f', other statuses {other}'}")
    if missing and i == 0:
        status = 1
sys.exit(status)
EOF
}

# ------------------------------------------------------------------------------------------------ etcd
bench_etcd() {
  rm -rf "$TMP/etcd"
  port_free "$ETCD_PORT" || { skip etcd "port $ETCD_PORT busy"; return 1; }
  port_free "$ETCD_PEER_PORT" || { skip etcd "port $ETCD_PEER_PORT busy"; return 1; }
  # etcd reads ETCD_* variables as flags: start from none of them.
  local -a envargs=()
  local v
  while read -r v; do envargs+=(-u "$v"); done < <(compgen -e | grep '^ETCD_' || true)
  case $(uname -m) in
    x86_64 | ppc64le) ;;
    aarch64) envargs+=(ETCD_UNSUPPORTED_ARCH=arm64) ;;
    *) envargs+=("ETCD_UNSUPPORTED_ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)") ;;
  esac
  local url="http://127.0.0.1:$ETCD_PORT" peer="http://127.0.0.1:$ETCD_PEER_PORT"
  log "starting etcd $(etcd --version 2>/dev/null | awk 'NR==1{print $3}') on $url (data $TMP/etcd)"
  env "${envargs[@]}" etcd --name bench --data-dir "$TMP/etcd" \
    --listen-client-urls "$url" --advertise-client-urls "$url" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "bench=$peer" --initial-cluster-state new \
    --logger zap --log-outputs stderr --log-level warn >"$TMP/r$ROUND-etcd.log" 2>&1 &
  PIDS+=($!)
  local ok=0
  for _ in $(seq 1 150); do
    kill -0 "${PIDS[0]}" 2>/dev/null || break
    if curl -sf -m 2 -X POST "$url/v3/kv/range" -d '{"key":"AA=="}' >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.2
  done
  if [[ $ok != 1 ]]; then
    tail -20 "$TMP/r$ROUND-etcd.log" >&2
    stop_all
    skip etcd "did not become ready"
    return 1
  fi
  start_warmup etcd-put "$url" prefix="$ETCD_PREFIX"
  run_wrk etcd-put etcd-put "$url" prefix="$ETCD_PREFIX" || true
  stop_all
}

# ------------------------------------------------------------------------------------------------ AkkaKv cluster
start_node() { # start_node NAME HTTP_PORT [--AkkaKv:… settings]; inherited AkkaKv__* variables are cleared first
  local name=$1 port=$2; shift 2
  mkdir -p "$TMP/$name"
  # shellcheck disable=SC2086
  env "${AKKAKV_ENV_CLEAR[@]}" "${AKKAKV_ENV[@]}" dotnet "$SERVER_DLL" "--AkkaKv:DataDir=$TMP/$name" "--AkkaKv:Http:Port=$port" \
    --AkkaKv:Resp:Enabled=false --AkkaKv:Management:Enabled=false --AkkaKv:Remote:Port=0 "$@" $AKKAKV_SERVER_ARGS \
    >"$TMP/$name.log" 2>&1 &
  PIDS+=($!)
}
wait_ready() { # wait_ready PORT...
  local port
  for port in "$@"; do
    for _ in $(seq 1 $((READY_TIMEOUT * 2))); do
      [[ $(curl -s -m 2 -o /dev/null -w '%{http_code}' "127.0.0.1:$port/healthz/ready") == 200 ]] && continue 2
      sleep 0.5
    done
    tail -30 "$TMP"/r"$ROUND"-*.log >&2
    log "node on $port not ready within ${READY_TIMEOUT}s"
    return 1
  done
}
wait_spread() { # wait_spread PORT NODES: until every node owns at least 85% of its share of slots
  for _ in $(seq 1 120); do
    if curl -s -m 5 "127.0.0.1:$1/v1/cluster" | python3 -c '
import json,sys
v=json.load(sys.stdin); n=int(sys.argv[1]); share=1024/n
by=v.get("slotsByNode",[])
sys.exit(0 if len(by)==n and v.get("unownedSlots",1)==0 and all(b["slots"]>=0.85*share for b in by) else 1)' "$2" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  log "slots did not spread over $2 nodes"
  return 1
}

# start_cluster TARGET: lighthouse + 3 nodes on a fresh database; sets PORTS.
start_cluster() {
  local t=$1 db="akkakv_bench_${1//-/_}_$$" cs lh p i # the PID: two runs at once must not drop each other's database
  [[ " ${DBS[*]} " == *" $db "* ]] || DBS+=("$db")
  cs=$(fresh_db "$db")
  lh=$(free_port)
  env "${AKKAKV_ENV_CLEAR[@]}" CLUSTER_PORT="$lh" AkkaKv__Management__Enabled=false dotnet "$LIGHTHOUSE_DLL" \
    >"$TMP/r$ROUND-$t-lighthouse.log" 2>&1 &
  PIDS+=($!)
  PORTS=()
  for i in 1 2 3; do
    p=$(free_port)
    PORTS+=("$p")
    start_node "r$ROUND-$t-node$i" "$p" "--AkkaKv:Remote:Seeds:0=akka.tcp://akkakv@127.0.0.1:$lh" \
      --AkkaKv:Journal:Provider=PostgreSql "--AkkaKv:Journal:ConnectionString=$cs"
  done
  log "round $ROUND/$ROUNDS $t: lighthouse :$lh, nodes ${PORTS[*]} (HTTP), database ${cs##*Database=}"
  wait_ready "${PORTS[@]}" && wait_spread "${PORTS[0]}" 3
}

# bench_cluster TARGET: one cluster, and on it the same sequence of runs whatever the target, so that both clusters
# have the same history (JIT, slot hand-offs, journal size) when their plain PUTs are compared. With replication off
# the <REPL_PREFIX> keys are ordinary keys (?consistency= is ignored for them, and a local read goes to the owner).
bench_cluster() {
  local t=$1
  AKKAKV_ENV=()
  [[ $t == repl-off ]] && AKKAKV_ENV=(AkkaKv__Replication__Enabled=false)
  start_cluster "$t" || { stop_all; skip "$t" "cluster did not start (logs in $TMP)"; return 1; }
  local url="http://127.0.0.1:${PORTS[0]}" enc code
  enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=":"))' "$REPL_PREFIX")
  # Probe: one write at REPL_WRITE through node 1 (a 400 here means the server does not take ?consistency=).
  code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X PUT --data-binary probe "$url/v1/kv/${enc}probe?consistency=$REPL_WRITE")
  [[ $code == 200 ]] || log "WARNING: PUT ${REPL_PREFIX}probe?consistency=$REPL_WRITE answered $code"
  start_warmup akkakv-put "$url" prefix="$REPL_PREFIX" consistency="$REPL_WRITE"
  run_wrk "$t-rput" akkakv-put "$url" prefix="$REPL_PREFIX" consistency="$REPL_WRITE" || true
  if wrk_preload "$url" prefix="$REPL_PREFIX" consistency="$REPL_WRITE" \
    && check_replicated "${PORTS[@]}" | sed 's/^/    /' >&2; then # pipefail: fails when check_replicated does
    local -a gets=(local linearizable)
    ((ROUND % 2 == 0)) && gets=(linearizable local)
    local c
    for c in "${gets[@]}"; do
      run_wrk "$t-rget-${c:0:3}" akkakv-get "$url" prefix="$REPL_PREFIX" consistency="$c" || true
    done
  else
    log "round $ROUND: preloaded keys not all readable on node 1; GET runs skipped"
  fi
  run_wrk "$t-put" akkakv-put "$url" || true
  stop_all
}
bench_repl_on() { bench_cluster repl-on; }
bench_repl_off() { bench_cluster repl-off; }

AKKAKV_ENV_CLEAR=()
while read -r v; do AKKAKV_ENV_CLEAR+=(-u "$v"); done < <(compgen -e | grep -i '^AkkaKv__' || true)
AKKAKV_ENV=()
PORTS=()

# ------------------------------------------------------------------------------------------------ run
log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  order=("${TARGET_LIST[@]}")
  if ((ROUND % 2 == 0)); then # alternate the order so slow drift on a shared machine hits both sides
    order=()
    for ((i = ${#TARGET_LIST[@]} - 1; i >= 0; i--)); do order+=("${TARGET_LIST[i]}"); done
  fi
  for t in "${order[@]}"; do
    [[ -n "${NOTE[$t]:-}" ]] && continue # skipped once (not installed, did not start): don't retry every round
    "bench_${t//-/_}" || true
  done
done
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------------------------------------ table
ratio() { # ratio A B: A/B with 2 decimals, or empty when either is missing/zero
  awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print ""; else printf "%.2f", a / b }'
}
median() { # median of the non-empty arguments, or empty
  printf '%s\n' "$@" | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
med() { # med ROW FIELD: median over rounds
  local -a vs=()
  local r
  for ((r = 1; r <= ROUNDS; r++)); do vs+=("${R[$r.$1.$2]:-}"); done
  median "${vs[@]}"
}
med_ratio() { # med_ratio ROW_A ROW_B: median over rounds of the per-round ops/s ratio A/B
  local -a vs=()
  local r
  for ((r = 1; r <= ROUNDS; r++)); do vs+=("$(ratio "${R[$r.$1.ops_per_sec]:-}" "${R[$r.$2.ops_per_sec]:-}")"); done
  median "${vs[@]}"
}

ROWS="etcd-put repl-on-rput repl-on-rget-loc repl-on-rget-lin repl-on-put repl-off-rput repl-off-rget-loc repl-off-rget-lin repl-off-put"
declare -A DESC=(
  [etcd-put]="etcd 3.4 PUT (JSON gateway)"
  [repl-on-rput]="on:  replicated PUT ?consistency=$REPL_WRITE"
  [repl-on-rget-loc]="on:  replicated GET ?consistency=local"
  [repl-on-rget-lin]="on:  replicated GET ?consistency=linearizable"
  [repl-on-put]="on:  plain PUT"
  [repl-off-rput]="off: same PUT (keys not replicated)"
  [repl-off-rget-loc]="off: same GET local (read at the owner)"
  [repl-off-rget-lin]="off: same GET linearizable"
  [repl-off-put]="off: plain PUT"
)
echo
echo "wrk $( (wrk -v 2>&1 || true) | awk 'NR==1{print $2}') -t$WRK_THREADS -c$CONNECTIONS, ${DURATION} s measured after ${WARMUP} s warm-up (and ${START_WARMUP} s once per started target); $KEYS keys, ${VALUE_SIZE} B values; $(nproc) cores; ${ROUNDS} round(s)"
echo "AkkaKv: lighthouse + 3 nodes (store mode, one PostgreSQL journal), all load through node 1, replication on / off"
echo "(AkkaKv__Replication__Enabled=false), the same runs on both; replicated keys ${REPL_PREFIX}key:<n>, etcd keys ${ETCD_PREFIX}key:<n>"
[[ $ROUNDS -gt 1 ]] && echo "(values are medians over rounds; each ratio is the median of per-round ratios)"
printf '%-46s %10s %8s %8s %8s %7s %8s %8s %8s %8s\n' run req/s p50_ms p99_ms max_ms errors srv_cpu pg_cpu us/req wrk_cpu
printf '%-46s %10s %8s %8s %8s %7s %8s %8s %8s %8s\n' ---------------------------------------------- ---------- -------- -------- -------- ------- -------- -------- -------- --------
for row in $ROWS; do
  cells=()
  for f in ops_per_sec p50_ms p99_ms max_ms errors server_cpu_cores pg_cpu_cores cpu_us_per_op client_cpu_cores; do
    v=$(med "$row" "$f")
    cells+=("${v:--}")
  done
  printf '%-46s %10s %8s %8s %8s %7s %8s %8s %8s %8s\n' "${DESC[$row]}" "${cells[@]}"
done
echo "(errors = non-2xx + socket errors; srv_cpu = cores used by the target's server processes (etcd, or lighthouse + 3"
echo " nodes), pg_cpu = cores used by PostgreSQL (the AkkaKv journal), us/req = (srv_cpu + pg_cpu) µs per request,"
echo " wrk_cpu = cores used by wrk, all over the measured window; - = not measured)"
echo
verdict() { # verdict VALUE KIND: met / missed against the target
  [[ -n "$1" ]] || { echo "-"; return; }
  case $2 in
    ge1) awk -v v="$1" 'BEGIN { print (v >= 1) ? "met" : "missed" }' ;;
    ge3) awk -v v="$1" 'BEGIN { print (v >= 3) ? "met" : "missed" }' ;;
    within5) awk -v v="$1" 'BEGIN { d = v - 1; if (d < 0) d = -d; print (d < 0.05) ? "met" : "missed" }' ;;
  esac
}
q1=$(med_ratio repl-on-rput etcd-put)
q2=$(med_ratio repl-on-rget-loc repl-on-rget-lin)
q3=$(med_ratio repl-on-put repl-off-put)
diff3=$(awk -v v="$q3" 'BEGIN { if (v != "") printf "%+.1f%%", (v - 1) * 100 }')
printf '%-56s %7s %-12s %s\n' ratio value target verdict
printf '%-56s %7s %-12s %s\n' -------------------------------------------------------- ------- ------------ -------
printf '%-56s %7s %-12s %s\n' "replicated PUT ($REPL_WRITE) / etcd PUT" "${q1:--}" ">= 1.00" "$(verdict "$q1" ge1)"
printf '%-56s %7s %-12s %s\n' "replicated GET local / replicated GET linearizable" "${q2:--}" ">= 3.00" "$(verdict "$q2" ge3)"
printf '%-56s %7s %-12s %s\n' "plain PUT replication on / off (${diff3:-?})" "${q3:--}" "within 5%" "$(verdict "$q3" within5)"
for t in "${TARGET_LIST[@]}"; do
  if [[ -n "${NOTE[$t]:-}" ]]; then echo "$t: skipped: ${NOTE[$t]}"; fi
done
# Server logs: Akka's [WARNING]/[ERROR] lines and Microsoft.Extensions' warn:/fail:/crit: entries, per log (the health
# checks' "not serving yet" failures while a node starts are left out), and the distinct ERROR/fail/crit messages.
shopt -s nullglob
logs=("$TMP"/r*-etcd.log "$TMP"/r*-lighthouse.log "$TMP"/r*-node*.log)
if ((${#logs[@]})); then
  echo
  where=""
  [[ "$KEEP_TMP" == 1 ]] && where=" (kept in $TMP)"
  echo "server logs$where: warnings / errors per log, then the most frequent error and warning messages"
  for f in "${logs[@]}"; do
    n_w=$(grep -cE '^\[WARNING\]|^warn: |"level":"warn"' "$f" || true)
    n_e=$(grep -vE 'HealthCheckService' "$f" | grep -cE '^\[ERROR\]|^(fail|crit): |"level":"(error|fatal|panic)"' || true)
    printf '  %-28s %4s warnings %4s errors\n' "$(basename "$f" .log)" "$n_w" "$n_e"
  done
  # Timestamps, thread ids and ports are blanked so repeats of one message count together.
  msgs=$(awk '/^\[(ERROR|WARNING)\]/ { sub(/\]\[[^]]*\]\[Thread [0-9]+\]/, "]"); print; next }
              /^(warn|fail|crit): / { h = $0; if ((getline m) > 0) h = h " " m; print h; next }
              /"level":"(warn|error|fatal|panic)"/ { sub(/"ts":"[^"]*",/, ""); print }' "${logs[@]}" \
    | grep -v 'HealthCheckService' | sed -E 's/127\.0\.0\.1:[0-9]+/127.0.0.1:*/g; s/%3A[0-9]+/%3A*/g; s/shard \[[0-9]+\]/shard [*]/g; s/ +/ /g' | cut -c1-300 || true)
  for pattern in '^\[ERROR\]|^(fail|crit): |"level":"(error|fatal|panic)"' '^\[WARNING\]|^warn: |"level":"warn"'; do
    grep -E "$pattern" <<<"$msgs" | sort | uniq -c | sort -rn | head -8 | sed 's/^/  /' || true
  done
fi
for ((r = 1; r <= ROUNDS; r++)); do
  for row in $ROWS; do
    k="$r.$row"
    if [[ -n "${R[$k.ops_per_sec]:-}" ]]; then
      echo "RESULT round=$r run=$row ops_per_sec=${R[$k.ops_per_sec]} p50_ms=${R[$k.p50_ms]} p99_ms=${R[$k.p99_ms]} errors=${R[$k.errors]} server_cpu_cores=${R[$k.server_cpu_cores]:-} pg_cpu_cores=${R[$k.pg_cpu_cores]:-} cpu_us_per_op=${R[$k.cpu_us_per_op]:-} client_cpu_cores=${R[$k.client_cpu_cores]:-}"
    fi
  done
  echo "RATIO round=$r rput_over_etcd_put=$(ratio "${R[$r.repl-on-rput.ops_per_sec]:-}" "${R[$r.etcd-put.ops_per_sec]:-}") rget_local_over_linearizable=$(ratio "${R[$r.repl-on-rget-loc.ops_per_sec]:-}" "${R[$r.repl-on-rget-lin.ops_per_sec]:-}") put_on_over_off=$(ratio "${R[$r.repl-on-put.ops_per_sec]:-}" "${R[$r.repl-off-put.ops_per_sec]:-}")"
done
