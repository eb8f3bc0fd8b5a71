#!/usr/bin/env bash
# ab-store.sh: compares two builds of AkkaKv in store mode with redis-benchmark SETs, in alternating pairs, so that the
# machine's drift (±20% between single runs here) falls on both alike. Per run: a fresh store node from each build's
# Release output (build both first), a discarded warm-up, then P16 and P1 SETs; prints SET/s and the server's CPU per
# SET (from its /proc ticks), the figure that moves least with the noise.
#
# Usage: bench/ab-store.sh OLD_ROOT NEW_ROOT     (each a checkout with src/AkkaKv.Server/bin/Release/net10.0 built)
# Knobs (environment): PAIRS=3  N16=1000000 (SETs at -P 16)  N1=150000 (at -P 1)  WARMUP=600000  PORT=7391
#                      CLIENTS=50  KEYSPACE=100000
# Every server it starts is stopped by PID, and its data directory removed, on exit.
set -euo pipefail

OLD=${1:?usage: ab-store.sh OLD_ROOT NEW_ROOT}
NEW=${2:?usage: ab-store.sh OLD_ROOT NEW_ROOT}
PAIRS=${PAIRS:-3}
N16=${N16:-1000000}
N1=${N1:-150000}
WARMUP=${WARMUP:-600000}
PORT=${PORT:-7391}
CLIENTS=${CLIENTS:-50}
KEYSPACE=${KEYSPACE:-100000}
TICKS=$(getconf CLK_TCK)

SERVER_PID=""
DATA=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [[ -n "$DATA" ]] && rm -rf "$DATA" "$DATA.log"
  SERVER_PID=""
  DATA=""
}
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() { # run LABEL ROOT
  local label=$1 root=$2 dll=$2/src/AkkaKv.Server/bin/Release/net10.0/akkakv-server.dll
  [[ -f "$dll" ]] || { echo "no build at $dll" >&2; exit 1; }
  DATA=$(mktemp -d "${TMPDIR:-/tmp}/ab-store.XXXXXX")
  (cd "$root/src/AkkaKv.Server" && exec env AkkaKv__Mode=Store AkkaKv__DataDir="$DATA" AkkaKv__Resp__Port="$PORT" \
    AkkaKv__Http__Port=0 AkkaKv__Remote__Port=0 AkkaKv__Management__Enabled=false dotnet "$dll") >"$DATA.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.3; done
  redis-benchmark -p "$PORT" -t set -n "$WARMUP" -r "$KEYSPACE" -c "$CLIENTS" -P 16 -q >/dev/null 2>&1
  local line="$label"
  for p in 16 1; do
    local n=$N16; [[ $p == 1 ]] && n=$N1
    local before after rps
    before=$(cpu_ticks "$SERVER_PID")
    rps=$(redis-benchmark -p "$PORT" -t set -n "$n" -r "$KEYSPACE" -c "$CLIENTS" -P "$p" --csv 2>/dev/null | grep '"SET"' | cut -d, -f2 | tr -d '"')
    after=$(cpu_ticks "$SERVER_PID")
    line+=$(awk -v p="$p" -v r="$rps" -v t=$((after - before)) -v n="$n" -v hz="$TICKS" \
      'BEGIN { printf "  P%s %8.0f SET/s %6.2f us/SET", p, r, t * 1e6 / hz / n }')
  done
  echo "$line"
  cleanup
}

for i in $(seq 1 "$PAIRS"); do
  run "pair $i old" "$OLD"
  run "pair $i new" "$NEW"
done
