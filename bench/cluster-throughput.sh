#!/usr/bin/env bash
# cluster-throughput.sh: HTTP PUT and GET throughput of AkkaKv on one node and on a local 3-node cluster, with wrk, in
# one run on this machine. Targets, one after the other (only one set of servers runs at a time):
#   single-sqlite   one node, default embedded SQLite journal (the foundation benchmark's set-up)
#   single-pg       one node on PostgreSQL: the same journal as the cluster, so cluster/single-pg isolates the cluster
#   cluster-one     lighthouse + 3 nodes on one PostgreSQL database, all load through node 1 (2/3 of slots are remote)
#   cluster-all     the same cluster, one wrk per node at once (requests/s summed)
#   cluster-one-region  as cluster-one with batched forwarding off (AkkaKv:Cluster:Forwarding=false): every remote
#                   command goes through the shard region, as before forwarding existed
#   cluster-one-remoting, cluster-all-remoting  as cluster-one and cluster-all with the forward channel off
#                   (AkkaKv:Cluster:ForwardingChannel=false): batches go over Akka remoting, as before the channel existed
# Each target gets a fresh database/data dir, a PUT run, a preload of every key, then a GET run (every GET hits).
# All on 127.0.0.1; every process started here is stopped by PID on exit.
#
# Knobs: DURATION=10 (s per run)  WARMUP=20 (s of discarded PUTs before the measured runs)  ROUNDS=1 (measured PUT and GET
#        runs per target; the median is reported)  CONNECTIONS=96 (total, split over the wrk processes)  KEYS=20000  VALUE_SIZE=256
#        TARGETS="single-sqlite single-pg cluster-one cluster-all"  PG_ADMIN (admin connection string; default: the
#        machine's PostgreSQL 15, started here, user postgres password akkakv)  KEEP_TMP=1 (keep the temp dir and the databases)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-1}
CONNECTIONS=${CONNECTIONS:-96}
KEYS=${KEYS:-20000}
VALUE_SIZE=${VALUE_SIZE:-256}
TARGETS=${TARGETS:-"single-sqlite single-pg cluster-one cluster-all"}
KEEP_TMP=${KEEP_TMP:-0}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/akkakv-cluster-bench.XXXXXX")
PIDS=()
NODE_PIDS=() # the AkkaKv nodes of the running target, the one taking the load (the first) first
DBS=() # databases created here, dropped at exit (unless KEEP_TMP=1)

log() { printf '[cluster-throughput] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  NODE_PIDS=()
}
cleanup() {
  local rc=$?
  stop_all
  local db
  if [[ "$KEEP_TMP" != 1 ]]; then
    for db in "${DBS[@]}"; do psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
  fi
  # The machine's PostgreSQL is stopped again only if this script started it.
  if [[ "${PG_STARTED_HERE:-0}" == 1 ]]; then pg_ctlcluster 15 main stop 2>/dev/null || true; fi
  if [[ "$KEEP_TMP" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# ------------------------------------------------------------------------------------------------ tools
if ! command -v wrk >/dev/null; then
  log "installing wrk from apt"
  sudo_=""; [[ $(id -u) -eq 0 ]] || sudo_=sudo
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq wrk >/dev/null
fi
if [[ -z "${PG_ADMIN:-}" ]]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -t 1 >/dev/null 2>&1; then
    pg_ctlcluster 15 main start 2>/dev/null && PG_STARTED_HERE=1 || true
  fi
  pg_isready -h 127.0.0.1 -p 5432 -t 30 >/dev/null || die "PostgreSQL 15 did not start"
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'akkakv'\"" >/dev/null
  PG_ADMIN="Host=127.0.0.1;Port=5432;Username=postgres;Password=akkakv"
fi
PGPASSWORD=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$PG_ADMIN")
export PGPASSWORD
fresh_db() { # fresh_db NAME: drops and creates the database; prints its connection string
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
  echo "$PG_ADMIN;Database=$1"
}

log "building akkakv-server and akkakv-lighthouse (Release)"
dotnet build -c Release -v q -nologo "$ROOT/src/AkkaKv.Server" >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log"; die "build failed"; }
dotnet build -c Release -v q -nologo "$ROOT/lighthouse/AkkaKv.Lighthouse" >>"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log"; die "build failed"; }
SERVER_DLL="$ROOT/src/AkkaKv.Server/bin/Release/net10.0/akkakv-server.dll"
LIGHTHOUSE_DLL="$ROOT/lighthouse/AkkaKv.Lighthouse/bin/Release/net10.0/akkakv-lighthouse.dll"

start_node() { # start_node NAME HTTP_PORT [--AkkaKv:… settings]
  local name=$1 port=$2; shift 2
  mkdir -p "$TMP/$name"
  dotnet "$SERVER_DLL" "--AkkaKv:DataDir=$TMP/$name" "--AkkaKv:Http:Port=$port" --AkkaKv:Resp:Enabled=false --AkkaKv:Management:Enabled=false \
    --AkkaKv:Remote:Port=0 "$@" >"$TMP/$name.log" 2>&1 &
  PIDS+=($!)
  NODE_PIDS+=($!)
}
wait_ready() { # wait_ready PORT...
  local port
  for port in "$@"; do
    for _ in $(seq 1 120); do
      [[ $(curl -s -m 2 -o /dev/null -w '%{http_code}' "127.0.0.1:$port/healthz/ready") == 200 ]] && continue 2
      sleep 0.5
    done
    tail -30 "$TMP"/*.log >&2
    die "node on $port not ready"
  done
}
wait_spread() { # wait_spread PORT NODES: until every node owns at least 85% of its share of slots
  for _ in $(seq 1 120); do
    if curl -s -m 5 "127.0.0.1:$1/v1/cluster" | python3 -c '
import json,sys
v=json.load(sys.stdin); n=int(sys.argv[1]); share=1024/n
by=v.get("slotsByNode",[])
sys.exit(0 if len(by)==n and v.get("unownedSlots",1)==0 and all(b["slots"]>=0.85*share for b in by) else 1)' "$2"; then
      return 0
    fi
    sleep 1
  done
  die "slots did not spread over $2 nodes"
}

# wrk_run OP CONNS PORT...: one wrk per port at once (-t1 each when several), prints the summed requests/s
wrk_run() {
  local op=$1 conns=$2; shift 2
  local n=$# i=0 port threads=2
  ((n == 1)) || threads=1
  local per=$((conns / n))
  for port in "$@"; do
    wrk -t"$threads" -c"$per" -d"${DURATION}s" --timeout 10s -s "$ROOT/bench/wrk/akkakv-$op.lua" "http://127.0.0.1:$port" \
      -- keys="$KEYS" value_size="$VALUE_SIZE" threads="$threads" >"$TMP/wrk-$op-$i.out" 2>&1 &
    i=$((i + 1))
  done
  wait
  local total=0 r
  for ((i = 0; i < n; i++)); do
    if grep -q 'Non-2xx' "$TMP/wrk-$op-$i.out"; then log "$op: $(grep 'Non-2xx' "$TMP/wrk-$op-$i.out")"; fi
    r=$(awk '/^Requests\/sec:/ { print $2 }' "$TMP/wrk-$op-$i.out")
    total=$(awk -v a="$total" -v b="${r:-0}" 'BEGIN { printf "%.0f", a + b }')
  done
  echo "$total"
}
preload() { # preload PORT: PUT every key (ids 0..KEYS-1) with curl-free wrk preload script, waiting for it to finish
  local out="$TMP/preload.out"
  : >"$out"
  wrk -t1 -c32 -d600s --timeout 30s -s "$ROOT/bench/wrk/akkakv-preload.lua" "http://127.0.0.1:$1" \
    -- keys="$KEYS" value_size="$VALUE_SIZE" threads=1 >"$out" 2>&1 &
  local pid=$!
  until grep -q '^PRELOAD_THREAD_DONE' "$out" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  for signal in INT INT TERM KILL; do kill -0 "$pid" 2>/dev/null || break; kill "-$signal" "$pid" 2>/dev/null || true; sleep 1; done
  wait "$pid" 2>/dev/null || true
  grep -q "ok=$KEYS " "$out" || { cat "$out" >&2; die "preload incomplete"; }
}

declare -A PUT=() GET=() CPU=()
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ticks() { # ticks PID...: CPU time (user + system, clock ticks) the processes have used so far
  local pid total=0
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
# cpu_snapshot: ticks of the node taking the load, of the other nodes, and of PostgreSQL's processes.
cpu_snapshot() {
  # shellcheck disable=SC2046 # one PID per word
  echo "$(ticks "${NODE_PIDS[0]}") $(ticks "${NODE_PIDS[@]:1}") $(ticks $(pgrep -u postgres postgres 2>/dev/null))"
}
runs() { # runs TARGET OP PORT...: ROUNDS measured runs; prints their median and keeps the CPU per request in CPU[TARGET.OP]
  local t=$1 op=$2; shift 2
  local before after rps requests=0 spent="0 0 0" all=()
  for _ in $(seq 1 "$ROUNDS"); do
    before=$(cpu_snapshot)
    rps=$(wrk_run "$op" "$CONNECTIONS" "$@")
    after=$(cpu_snapshot)
    all+=("$rps")
    requests=$((requests + ${rps:-0} * DURATION))
    spent=$(awk -v s="$spent" -v b="$before" -v a="$after" 'BEGIN { split(s, x); split(b, y); split(a, z); print x[1] + z[1] - y[1], x[2] + z[2] - y[2], x[3] + z[3] - y[3] }')
  done
  # µs of CPU per request: the node taking the load / the other nodes / PostgreSQL.
  CPU[$t.$op]=$(awk -v s="$spent" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { split(s, x); if (n > 0) printf "%.1f / %.1f / %.1f", x[1] * 1e6 / hz / n, x[2] * 1e6 / hz / n, x[3] * 1e6 / hz / n; else print "-" }')
  printf '%s\n' "${all[@]}" | median
}
measure() { # measure TARGET PORT...: warm-up PUT run (discarded), PUT runs, preload, GET runs
  local t=$1; shift
  # Freshly started servers are still compiling their hot paths (tiered JIT) and learning where slots live: the first
  # seconds of load measure that, not the steady state. Every target gets the same warm-up. 20 s: with 5 s, the JIT's
  # thread still took 6-9% of the machine during the measured cluster runs (perf), and their figures moved by 2x.
  # In a subshell, as the measured runs: wrk_run waits for its background children, and here those include the servers.
  (DURATION=$WARMUP wrk_run put "$CONNECTIONS" "$@") >/dev/null
  runs "$t" put "$@" >"$TMP/runs.out"
  PUT[$t]=$(cat "$TMP/runs.out")
  preload "$1"
  runs "$t" get "$@" >"$TMP/runs.out"
  GET[$t]=$(cat "$TMP/runs.out")
  log "$t: PUT ${PUT[$t]}/s, GET ${GET[$t]}/s; CPU µs per request (load node / other nodes / PostgreSQL): PUT ${CPU[$t.put]}, GET ${CPU[$t.get]}"
}

for t in $TARGETS; do
  case $t in
    single-sqlite)
      p=$(free_port); start_node single-sqlite "$p"; wait_ready "$p"; measure "$t" "$p" ;;
    single-pg)
      cs=$(fresh_db akkakv_bench_single); DBS+=(akkakv_bench_single)
      p=$(free_port); start_node single-pg "$p" --AkkaKv:Journal:Provider=PostgreSql "--AkkaKv:Journal:ConnectionString=$cs"
      wait_ready "$p"; measure "$t" "$p" ;;
    cluster-one | cluster-all | cluster-one-region | cluster-one-remoting | cluster-all-remoting)
      cs=$(fresh_db akkakv_bench_cluster); DBS+=(akkakv_bench_cluster)
      extra=()
      [[ $t == cluster-one-region ]] && extra=(--AkkaKv:Cluster:Forwarding=false)
      [[ $t == cluster-*-remoting ]] && extra=(--AkkaKv:Cluster:ForwardingChannel=false)
      lh=$(free_port)
      CLUSTER_PORT=$lh AkkaKv__Management__Enabled=false dotnet "$LIGHTHOUSE_DLL" >"$TMP/lighthouse.log" 2>&1 &
      PIDS+=($!)
      ports=()
      for i in 1 2 3; do
        p=$(free_port); ports+=("$p")
        start_node "$t-node$i" "$p" "--AkkaKv:Remote:Seeds:0=akka.tcp://akkakv@127.0.0.1:$lh" \
          --AkkaKv:Journal:Provider=PostgreSql "--AkkaKv:Journal:ConnectionString=$cs" "${extra[@]}"
      done
      wait_ready "${ports[@]}"
      wait_spread "${ports[0]}" 3
      if [[ $t != cluster-all* ]]; then measure "$t" "${ports[0]}"; else measure "$t" "${ports[@]}"; fi ;;
    *) die "unknown target $t" ;;
  esac
  stop_all
done

ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
echo
echo "wrk -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s of warm-up, median of $ROUNDS run(s), $KEYS keys, ${VALUE_SIZE}-byte values, $(nproc) cores; requests/s (ratio to single-pg)"
printf '%-15s %10s %10s %10s %10s\n' target PUT GET PUT/pg GET/pg
for t in $TARGETS; do
  printf '%-15s %10s %10s %10s %10s\n' "$t" "${PUT[$t]:-}" "${GET[$t]:-}" "$(ratio "${PUT[$t]:-}" "${PUT[single-pg]:-}")" "$(ratio "${GET[$t]:-}" "${GET[single-pg]:-}")"
done
echo
echo "CPU µs per request, over the measured runs: the node taking the load / the other nodes / PostgreSQL (all its processes)"
printf '%-15s %24s %24s\n' target PUT GET
for t in $TARGETS; do
  printf '%-15s %24s %24s\n' "$t" "${CPU[$t.put]:-}" "${CPU[$t.get]:-}"
done
