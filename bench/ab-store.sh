#!/usr/bin/env bash
# ab-store.sh: compares two builds of AkkaKv in store mode with redis-benchmark SETs (or, with MODE=Cache, in cache
# mode with SETs and GETs), in alternating pairs, so that the machine's drift (±20% between single runs here) falls on
# both alike. Per run: a fresh node from each build's Release output (build both first), a discarded warm-up, then P16
# and P1 runs of each test; prints requests/s and the server's CPU per request (from its /proc ticks), the figure that
# moves least with the noise.
#
# Usage: bench/ab-store.sh OLD_ROOT NEW_ROOT     (each a checkout with src/AkkaKv.Server/bin/Release/net10.0 built;
#        the same root twice, with OLD_ARGS / NEW_ARGS, compares two settings of one build)
# Knobs (environment): PAIRS=3  N16=1000000 (requests at -P 16)  N1=150000 (at -P 1)  WARMUP=600000  PORT=7391
#                      CLIENTS=50  KEYSPACE=100000  MODE=Store|Cache  TESTS ("set" in store mode, "set get" in cache)
#                      OLD_ARGS / NEW_ARGS (extra server arguments of each side, e.g. "--AkkaKv:Resp:Transport=kestrel")
#                      OLD_ENV / NEW_ENV (extra environment of each side's server, e.g. "DOTNET_GCgen0size=0x4000000")
# Every server it starts is stopped by PID, and its data directory removed, on exit.
set -euo pipefail

# Absolute, since each server starts from inside its root (a relative root such as "." named no build from there).
OLD=$(cd "${1:?usage: ab-store.sh OLD_ROOT NEW_ROOT}" && pwd)
NEW=$(cd "${2:?usage: ab-store.sh OLD_ROOT NEW_ROOT}" && pwd)
PAIRS=${PAIRS:-3}
N16=${N16:-1000000}
N1=${N1:-150000}
WARMUP=${WARMUP:-600000}
PORT=${PORT:-7391}
CLIENTS=${CLIENTS:-50}
KEYSPACE=${KEYSPACE:-100000}
MODE=${MODE:-Store}
if [[ "$MODE" == Cache ]]; then TESTS=${TESTS:-set get}; else TESTS=${TESTS:-set}; fi
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

# utime + stime, counted after the ") " that ends the command name (which may itself hold spaces).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

run() { # run LABEL ROOT [SERVER_ARGS] [SERVER_ENV]
  local label=$1 root=$2 args=${3:-} vars=${4:-} dll=$2/src/AkkaKv.Server/bin/Release/net10.0/akkakv-server.dll
  # $args and $vars are left unquoted below on purpose: each holds zero or more words, split on spaces.
  [[ -f "$dll" ]] || { echo "no build at $dll" >&2; exit 1; }
  # A server still on the port (one being stopped, say) would answer the ping below in place of this run's.
  if redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG; then
    echo "something already answers on port $PORT: stop it, or set PORT" >&2
    exit 1
  fi
  DATA=$(mktemp -d "${TMPDIR:-/tmp}/ab-store.XXXXXX")
  (cd "$root/src/AkkaKv.Server" && exec env AkkaKv__Mode="$MODE" AkkaKv__DataDir="$DATA" AkkaKv__Resp__Port="$PORT" \
    AkkaKv__Http__Port=0 AkkaKv__Remote__Port=0 AkkaKv__Management__Enabled=false $vars dotnet "$dll" $args) >"$DATA.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG && break
    kill -0 "$SERVER_PID" 2>/dev/null || break # it has exited: no use waiting
    sleep 0.3
  done
  if ! redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG; then
    echo "the server from $root ($args) did not answer on $PORT; its output:" >&2
    tail -20 "$DATA.log" >&2
    exit 1
  fi
  redis-benchmark -p "$PORT" -t "${TESTS// /,}" -n "$WARMUP" -r "$KEYSPACE" -c "$CLIENTS" -P 16 -q >/dev/null 2>&1
  local line="$label"
  for p in 16 1; do
    local n=$N16; [[ $p == 1 ]] && n=$N1
    for test in $TESTS; do
      local before after rps name=${test^^}
      before=$(cpu_ticks "$SERVER_PID")
      rps=$(redis-benchmark -p "$PORT" -t "$test" -n "$n" -r "$KEYSPACE" -c "$CLIENTS" -P "$p" --csv 2>/dev/null | grep "\"$name\"" | cut -d, -f2 | tr -d '"') ||
        { echo "redis-benchmark -t $test -P $p against the server from $root gave no figure; the server's output:" >&2; tail -20 "$DATA.log" >&2; exit 1; }
      after=$(cpu_ticks "$SERVER_PID")
      line+=$(awk -v p="$p" -v r="$rps" -v t=$((after - before)) -v n="$n" -v hz="$TICKS" -v x="$name" \
        'BEGIN { printf "  P%s %8.0f %s/s %6.2f us/%s", p, r, x, t * 1e6 / hz / n, x }')
    done
  done
  echo "$line"
  cleanup
}

for i in $(seq 1 "$PAIRS"); do
  run "pair $i old" "$OLD" "${OLD_ARGS:-}" "${OLD_ENV:-}"
  run "pair $i new" "$NEW" "${NEW_ARGS:-}" "${NEW_ENV:-}"
done
