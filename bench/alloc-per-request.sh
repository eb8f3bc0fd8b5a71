#!/usr/bin/env bash
# alloc-per-request.sh: what one request allocates on a node, by type. Starts a node from this checkout's Release build
# (fresh data dir), warms it up, then traces its allocation ticks (dotnet-trace, the GC keyword at verbose level: one
# sample about every 100 KB, naming the type) over one redis-benchmark run, and prints bytes per request by type with
# bench/AkkaKv.Alloc.Report. Allocation drives GC work and cache misses; cache mode's SET allocates ~80 bytes, store
# mode's ~1.3 KB (2026-11-28).
#
# Usage: bench/alloc-per-request.sh
# Knobs (environment): MODE=Store|Cache  TEST=set (a redis-benchmark -t test)  P=16  N=1000000  WARMUP=600000
#                      CLIENTS=50  KEYSPACE=100000  PORT=7392  TOP=25  DOTNET_TRACE_VERSION=10.0.750501
# The node and the trace are stopped by PID, the data dir and the trace removed, on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODE=${MODE:-Store}
TEST=${TEST:-set}
P=${P:-16}
N=${N:-1000000}
WARMUP=${WARMUP:-600000}
CLIENTS=${CLIENTS:-50}
KEYSPACE=${KEYSPACE:-100000}
PORT=${PORT:-7392}
TOP=${TOP:-25}
DOTNET_TRACE_VERSION=${DOTNET_TRACE_VERSION:-10.0.750501}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/akkakv-alloc.XXXXXX")
SERVER_PID=""
TRACE_PID=""
cleanup() {
  for pid in "$TRACE_PID" "$SERVER_PID"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# dotnet-trace: on the PATH, or installed once into a tool path of its own (not the repository's tool manifest: CI
# does not need it).
TRACE=$(command -v dotnet-trace || true)
if [[ -z "$TRACE" ]]; then
  TOOLS="${TMPDIR:-/tmp}/akkakv-dotnet-trace-$DOTNET_TRACE_VERSION"
  [[ -x "$TOOLS/dotnet-trace" ]] || dotnet tool install --tool-path "$TOOLS" dotnet-trace --version "$DOTNET_TRACE_VERSION" >&2
  TRACE="$TOOLS/dotnet-trace"
fi

echo "[alloc] building the server and the report (Release)" >&2
for project in src/AkkaKv.Server bench/AkkaKv.Alloc.Report; do
  dotnet build -c Release "$ROOT/$project" -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
done

(cd "$ROOT/src/AkkaKv.Server" && exec env AkkaKv__Mode="$MODE" AkkaKv__DataDir="$WORK/data" AkkaKv__Resp__Port="$PORT" \
  AkkaKv__Http__Port=0 AkkaKv__Remote__Port=0 AkkaKv__Management__Enabled=false \
  dotnet bin/Release/net10.0/akkakv-server.dll) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.3; done
redis-cli -p "$PORT" ping | grep -q PONG || { echo "the node did not answer on $PORT; its log: $WORK/server.log" >&2; cat "$WORK/server.log" >&2; exit 1; }

echo "[alloc] $MODE mode: warm-up, $WARMUP x $TEST at -P 16" >&2
redis-benchmark -p "$PORT" -t "$TEST" -n "$WARMUP" -r "$KEYSPACE" -c "$CLIENTS" -P 16 -q >/dev/null 2>&1

"$TRACE" collect -p "$SERVER_PID" --providers Microsoft-Windows-DotNETRuntime:0x1:5 -o "$WORK/alloc.nettrace" >"$WORK/trace.log" 2>&1 &
TRACE_PID=$!
for _ in $(seq 1 50); do [[ -s "$WORK/alloc.nettrace" ]] && break; sleep 0.2; done
sleep 1 # the session's first buffers are written before it is fully enabled

echo "[alloc] traced: redis-benchmark -t $TEST -n $N -r $KEYSPACE -c $CLIENTS -P $P" >&2
redis-benchmark -p "$PORT" -t "$TEST" -n "$N" -r "$KEYSPACE" -c "$CLIENTS" -P "$P" --csv 2>/dev/null | grep -v '^"test' >&2
# SIGTERM, not SIGINT: a background job of a script starts with SIGINT ignored. dotnet-trace ends the session and
# finishes the file on either.
kill "$TRACE_PID"
wait "$TRACE_PID" 2>/dev/null || true
TRACE_PID=""

dotnet "$ROOT/bench/AkkaKv.Alloc.Report/bin/Release/net10.0/akkakv-alloc-report.dll" "$WORK/alloc.nettrace" "$N" "$TOP"
