#!/usr/bin/env bash
# compare-etcd.sh: run the same HTTP load against etcd 3.4 (JSON gateway) and AkkaKv on this machine, one after
# the other in a single run, and print a table of AkkaKv/etcd ratios. Everything listens on 127.0.0.1 only; every
# server and load client started here is stopped by PID on exit.
#
# Knobs (environment): CLIENT=wrk|akkakv-bench (load client; default wrk, see bench/README.md)
#                      DURATION=10 WARMUP=2 CONNECTIONS=256 KEYS=100000 VALUE_SIZE=256 TARGETS="etcd akkakv"
#                      WRK_THREADS=2 WRK_TIMEOUT=10 (wrk -t and --timeout in s) PRELOAD_TIMEOUT=600 (s, wrk preload)
#                      ETCD_PORT=23790 ETCD_PEER_PORT=23800 AKKAKV_PORT=18080 AKKAKV_READY_TIMEOUT=60
#                      AKKAKV_SERVER_ARGS="" (extra args for the server)  KEEP_TMP=1 (keep data dirs and logs)
#                      ETCD_SERIALIZABLE=1 (etcd GETs as serializable reads; default linearizable)
#                      ROUNDS=1 (repeat the whole comparison; the order of targets alternates each round, the table
#                      shows medians and the ratio column is the median of the per-round ratios)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-256}
KEYS=${KEYS:-100000}
VALUE_SIZE=${VALUE_SIZE:-256}
TARGETS=${TARGETS:-"etcd akkakv"}
ETCD_PORT=${ETCD_PORT:-23790}
ETCD_PEER_PORT=${ETCD_PEER_PORT:-23800}
AKKAKV_PORT=${AKKAKV_PORT:-18080}
AKKAKV_READY_TIMEOUT=${AKKAKV_READY_TIMEOUT:-60}
AKKAKV_SERVER_ARGS=${AKKAKV_SERVER_ARGS:-}
KEEP_TMP=${KEEP_TMP:-0}
ROUNDS=${ROUNDS:-1}
ETCD_SERIALIZABLE=${ETCD_SERIALIZABLE:-0}
CLIENT=${CLIENT:-wrk}
WRK_THREADS=${WRK_THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-10}
PRELOAD_TIMEOUT=${PRELOAD_TIMEOUT:-600}
ROUND=1

log() { printf '[compare] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/akkakv-compare.XXXXXX")
SERVER_PID=""
WRK_PID=""

stop_server() {
  local pid=${SERVER_PID}
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
  if [[ -n "$WRK_PID" ]]; then kill -TERM "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true; fi
  stop_server
  if [[ "$KEEP_TMP" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# ---------------------------------------------------------------------------------------------- tools
command -v curl >/dev/null || die "curl is required"
command -v ss >/dev/null || die "ss (iproute2) is required"
command -v dotnet >/dev/null || die "dotnet SDK is required"

if [[ " $TARGETS " == *" etcd "* ]] && ! command -v etcd >/dev/null; then
  log "etcd not found; installing etcd-server and etcd-client from apt"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq etcd-server etcd-client >/dev/null
  command -v etcd >/dev/null || die "etcd install failed"
fi

case $CLIENT in
  wrk)
    if ! command -v wrk >/dev/null; then
      log "wrk not found; installing it from apt"
      SUDO=""
      [[ $(id -u) -eq 0 ]] || SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
      command -v wrk >/dev/null || die "wrk install failed"
    fi
    WRK_DIR="$ROOT/bench/wrk"
    [[ -f "$WRK_DIR/common.lua" ]] || die "missing $WRK_DIR/common.lua"
    CLIENT_DESC="wrk $( (wrk -v 2>&1 || true) | awk 'NR==1{print $2}') (-t$WRK_THREADS, Lua scripts in bench/wrk)"
    CLK_TCK=$(getconf CLK_TCK)
    ;;
  akkakv-bench)
    log "building akkakv-bench (Release)"
    dotnet build -c Release -v q -nologo "$ROOT/bench/AkkaKv.Bench" >"$TMP/bench-build.log" 2>&1 \
      || { tail -30 "$TMP/bench-build.log" >&2; die "akkakv-bench build failed"; }
    BENCH_DLL="$ROOT/bench/AkkaKv.Bench/bin/Release/net10.0/akkakv-bench.dll"
    [[ -f "$BENCH_DLL" ]] || die "missing $BENCH_DLL"
    CLIENT_DESC="akkakv-bench (C#, bench/AkkaKv.Bench)"
    ;;
  *) die "unknown CLIENT=$CLIENT (wrk or akkakv-bench)" ;;
esac
log "client: $CLIENT_DESC"

declare -A R=()     # R[round.target.op.field] = value, from the RESULT lines
declare -A NOTE=()  # NOTE[target] = why it was skipped

# run_bench TARGET URL OP [--preload]: runs the chosen client, stores its figures in R[round.target.op.field].
run_bench() {
  if [[ $CLIENT == wrk ]]; then run_wrk "$@"; else run_akkakv_bench "$@"; fi
}

# run_akkakv_bench TARGET URL OP [extra args...]: runs the C# tool, echoes its output, stores the RESULT fields.
run_akkakv_bench() {
  local target=$1 url=$2 op=$3; shift 3
  [[ $target == etcd && $op == get && "$ETCD_SERIALIZABLE" == 1 ]] && set -- "$@" --etcd-serializable
  local out="$TMP/$target-$op.out"
  log "round $ROUND/$ROUNDS $target $op: ${CONNECTIONS} connections, ${KEYS} keys, ${VALUE_SIZE} B values, ${WARMUP}+${DURATION} s"
  if ! dotnet "$BENCH_DLL" --target "$target" --url "$url" --op "$op" --connections "$CONNECTIONS" --keys "$KEYS" \
      --value-size "$VALUE_SIZE" --duration "$DURATION" --warmup "$WARMUP" --server-pid "$SERVER_PID" "$@" \
      >"$out" 2>&1; then
    sed 's/^/    /' "$out" >&2
    log "$target $op: bench failed"
    return 1
  fi
  sed 's/^/    /' "$out" >&2
  local line
  line=$(grep "^RESULT .* op=$op " "$out" | tail -1)
  for kv in $line; do
    if [[ "$kv" == *=* ]]; then R["$ROUND.$target.$op.${kv%%=*}"]=${kv#*=}; fi
  done
}

# cpu_ticks PID [children]: utime+stime (or cutime+cstime) of PID from /proc, in clock ticks; empty if gone.
cpu_ticks() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  s=${s##*) } # drop "pid (comm) ": field 3 (state) is now index 0, utime (14) index 11, cutime (16) index 13
  local -a f
  read -r -a f <<<"$s"
  if [[ "${2:-}" == children ]]; then echo $((f[13] + f[14])); else echo $((f[11] + f[12])); fi
}

# wrk_args: the script args (after --) shared by every wrk run.
wrk_args() { echo "keys=$KEYS value_size=$VALUE_SIZE threads=$WRK_THREADS serializable=$ETCD_SERIALIZABLE"; }

# wrk_preload TARGET URL: PUT every key once, in order, with wrk (bench/wrk/TARGET-preload.lua), then check a
# few keys with curl. Each wrk thread stops once all its PUTs are answered; when every thread has, wrk is
# interrupted (SIGINT makes it print its summary and exit) instead of waiting out -d.
wrk_preload() {
  local target=$1 url=$2
  local out="$TMP/$target-preload.out"
  log "round $ROUND/$ROUNDS $target preload: PUT ${KEYS} keys in order with wrk (${CONNECTIONS} connections)"
  # Empty the file first: the redirection below happens in the child, and the poll loop must not read last round's lines.
  : >"$out"
  # shellcheck disable=SC2046
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${PRELOAD_TIMEOUT}s" --timeout 30s -s "$WRK_DIR/$target-preload.lua" \
    "$url" -- $(wrk_args) >"$out" 2>&1 &
  WRK_PID=$!
  local n=0
  while kill -0 "$WRK_PID" 2>/dev/null; do
    n=$(grep -c '^PRELOAD_THREAD_DONE' "$out" 2>/dev/null || true)
    ((n >= WRK_THREADS)) && break
    sleep 0.1
  done
  # wrk sometimes ignores a SIGINT that lands while a thread is mid-stop: ask again, then insist.
  for signal in INT INT INT TERM KILL; do
    kill -0 "$WRK_PID" 2>/dev/null || break
    kill "-$signal" "$WRK_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$WRK_PID" 2>/dev/null || break; sleep 0.1; done
  done
  wait "$WRK_PID" || true
  WRK_PID=""
  grep -E '^(PRELOAD_RESULT|Requests/sec)' "$out" | sed 's/^/    /' >&2
  local line ok failed
  line=$(grep '^PRELOAD_RESULT' "$out" | tail -1)
  ok=$(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$line")
  failed=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<<"$line")
  if [[ "$ok" != "$KEYS" || "$failed" != 0 ]]; then
    sed 's/^/    /' "$out" >&2
    log "$target preload incomplete: ${ok:-?} of $KEYS keys acknowledged, ${failed:-?} failed"
    return 1
  fi
  # Spot-check: the first and last key and a few random ones must exist.
  local k b missing=0
  for k in 0 $((KEYS - 1)) $((RANDOM % KEYS)) $((RANDOM % KEYS)) $((RANDOM % KEYS)) $((RANDOM % KEYS)); do
    if [[ $target == akkakv ]]; then
      [[ $(curl -s -m 5 -o /dev/null -w '%{http_code}' "$url/v1/kv/key:$k") == 200 ]] || { missing=1; log "key:$k missing"; }
    else
      b=$(printf 'key:%s' "$k" | base64)
      curl -s -m 5 -X POST "$url/v3/kv/range" -d "{\"key\":\"$b\"}" | grep -q '"kvs"' || { missing=1; log "key:$k missing"; }
    fi
  done
  [[ $missing == 0 ]] || { log "$target preload: spot-check failed"; return 1; }
  log "$target preload ok: $ok keys, spot-checked with curl"
}

# run_wrk TARGET URL OP [--preload]: [preload,] a WARMUP-second wrk run (discarded), then the measured wrk run
# with --latency. Server CPU = utime+stime of SERVER_PID before/after the measured run; client CPU = the
# CPU of the wrk process (cutime+cstime of the subshell that waited for it); both divided by wrk's duration.
run_wrk() {
  local target=$1 url=$2 op=$3 preload=${4:-}
  local script="$WRK_DIR/$target-$op.lua" out="$TMP/$target-$op.out"
  [[ -f "$script" ]] || { log "missing $script"; return 1; }
  if [[ "$preload" == --preload ]]; then
    wrk_preload "$target" "$url" || return 1
  fi
  log "round $ROUND/$ROUNDS $target $op (wrk): ${CONNECTIONS} connections, ${KEYS} keys, ${VALUE_SIZE} B values, ${WARMUP}+${DURATION} s"
  local -a cmd
  # shellcheck disable=SC2207
  local -a sargs=($(wrk_args))
  if [[ "$WARMUP" != 0 ]]; then
    cmd=(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout "${WRK_TIMEOUT}s" -s "$script" "$url" -- "${sargs[@]}")
    "${cmd[@]}" >"$out.warmup" 2>&1 || { sed 's/^/    /' "$out.warmup" >&2; log "$target $op: wrk warm-up failed"; return 1; }
  fi
  cmd=(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout "${WRK_TIMEOUT}s" --latency -s "$script" "$url" -- "${sargs[@]}")
  echo "    ${cmd[*]}" >&2
  local s0 s1 rc=0
  s0=$(cpu_ticks "$SERVER_PID")
  # The subshell runs nothing but wrk, so its children's CPU afterwards is wrk's CPU (incl. Lua init, ~ms).
  (
    "${cmd[@]}" >"$out" 2>&1 || exit $?
    cpu_ticks "$BASHPID" children >"$out.client_ticks"
  ) || rc=$?
  s1=$(cpu_ticks "$SERVER_PID")
  sed 's/^/    /' "$out" >&2
  [[ $rc == 0 ]] || { log "$target $op: wrk failed (exit $rc)"; return 1; }
  local line
  line=$(grep "^WRK_RESULT .* op=$op " "$out" | tail -1)
  [[ -n "$line" ]] || { log "$target $op: no WRK_RESULT line in wrk output"; return 1; }
  local -A W=()
  for kv in $line; do
    if [[ "$kv" == *=* ]]; then W["${kv%%=*}"]=${kv#*=}; fi
  done
  local k="$ROUND.$target.$op" f
  for f in p50_ms p90_ms p99_ms max_ms errors; do R["$k.$f"]=${W[$f]}; done
  # Requests/sec as wrk prints it (same as requests/duration in WRK_RESULT).
  R["$k.ops_per_sec"]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  [[ -n "${R[$k.ops_per_sec]}" ]] || R["$k.ops_per_sec"]=${W[ops_per_sec]}
  local secs=${W[duration_s]} ct
  ct=$(cat "$out.client_ticks" 2>/dev/null || true)
  R["$k.client_cpu_cores"]=$(awk -v t="$ct" -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { if (t != "" && s > 0) printf "%.2f", t / hz / s }')
  if [[ -n "$s0" && -n "$s1" ]]; then
    R["$k.server_cpu_cores"]=$(awk -v a="$s0" -v b="$s1" -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { if (s > 0) printf "%.2f", (b - a) / hz / s }')
  fi
  log "$target $op: ${R[$k.ops_per_sec]} req/s, p50 ${W[p50_ms]} ms, p99 ${W[p99_ms]} ms, errors ${W[errors]} (non-2xx ${W[status_errors]}, socket ${W[connect_errors]}/${W[read_errors]}/${W[write_errors]}/${W[timeouts]}), server ${R[$k.server_cpu_cores]:-?} cores, wrk ${R[$k.client_cpu_cores]:-?} cores"
}

# ---------------------------------------------------------------------------------------------- etcd
bench_etcd() {
  rm -rf "$TMP/etcd"
  port_free "$ETCD_PORT" || { NOTE[etcd]="port $ETCD_PORT busy"; return 1; }
  port_free "$ETCD_PEER_PORT" || { NOTE[etcd]="port $ETCD_PEER_PORT busy"; return 1; }
  # etcd reads ETCD_* variables as flags: start from none of them.
  local -a envargs=()
  while read -r v; do envargs+=(-u "$v"); done < <(compgen -e | grep '^ETCD_' || true)
  case $(uname -m) in
    x86_64|ppc64le) ;;
    aarch64) envargs+=(ETCD_UNSUPPORTED_ARCH=arm64) ;;
    *) envargs+=("ETCD_UNSUPPORTED_ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)") ;;
  esac
  local url="http://127.0.0.1:$ETCD_PORT" peer="http://127.0.0.1:$ETCD_PEER_PORT"
  log "starting etcd $(etcd --version 2>/dev/null | awk 'NR==1{print $3}') on $url (data $TMP/etcd)"
  env "${envargs[@]}" etcd --name bench --data-dir "$TMP/etcd" \
    --listen-client-urls "$url" --advertise-client-urls "$url" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "bench=$peer" --initial-cluster-state new \
    --logger zap --log-outputs stderr --log-level warn >"$TMP/etcd.log" 2>&1 &
  SERVER_PID=$!
  local ok=0
  for _ in $(seq 1 150); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    if curl -sf -m 2 -X POST "$url/v3/kv/range" -d '{"key":"AA=="}' >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.2
  done
  if [[ $ok != 1 ]]; then
    tail -20 "$TMP/etcd.log" >&2
    stop_server
    NOTE[etcd]="did not become ready"
    return 1
  fi
  run_bench etcd "$url" put || true
  run_bench etcd "$url" get --preload || true
  stop_server
}

# ---------------------------------------------------------------------------------------------- AkkaKv
bench_akkakv() {
  local proj="$ROOT/src/AkkaKv.Server"
  [[ -f "$proj/AkkaKv.Server.csproj" ]] || { NOTE[akkakv]="src/AkkaKv.Server not found"; return 1; }
  rm -rf "$TMP/akkakv"
  port_free "$AKKAKV_PORT" || { NOTE[akkakv]="port $AKKAKV_PORT busy"; return 1; }
  if [[ ! -f "$TMP/server-build.log" ]]; then
    log "building AkkaKv.Server (Release)"
    if ! dotnet build -c Release -v q -nologo "$proj" >"$TMP/server-build.log" 2>&1; then
      tail -30 "$TMP/server-build.log" >&2
      NOTE[akkakv]="server build failed"
      return 1
    fi
  fi
  local dll
  dll=$(dotnet msbuild "$proj/AkkaKv.Server.csproj" -nologo -getProperty:TargetPath -p:Configuration=Release 2>/dev/null | tail -1)
  [[ -f "$dll" ]] || dll="$proj/bin/Release/net10.0/akkakv-server.dll"
  [[ -f "$dll" ]] || { NOTE[akkakv]="server dll not found"; return 1; }
  local url="http://127.0.0.1:$AKKAKV_PORT"
  log "starting AkkaKv on $url (data $TMP/akkakv)"
  # Run the built dll directly (not `dotnet run`) so $! is the server itself and the PID kill reaches it.
  # shellcheck disable=SC2086
  (cd "$proj" && exec dotnet "$dll" --AkkaKv:DataDir="$TMP/akkakv" --AkkaKv:Http:Port="$AKKAKV_PORT" --AkkaKv:Management:Enabled=false $AKKAKV_SERVER_ARGS) \
    >"$TMP/akkakv.log" 2>&1 &
  SERVER_PID=$!
  local ok=0 code
  for _ in $(seq 1 $((AKKAKV_READY_TIMEOUT * 5))); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$url/v1/kv/bench-ready-probe" 2>/dev/null || true)
    if [[ "$code" == 200 || "$code" == 404 ]]; then ok=1; break; fi
    sleep 0.2
  done
  if [[ $ok != 1 ]]; then
    tail -20 "$TMP/akkakv.log" >&2
    stop_server
    NOTE[akkakv]="did not answer GET /v1/kv/* on $url within ${AKKAKV_READY_TIMEOUT}s"
    return 1
  fi
  run_bench akkakv "$url" put || true
  run_bench akkakv "$url" get --preload || true
  stop_server
}

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a TARGET_LIST <<<"$TARGETS"
for t in "${TARGET_LIST[@]}"; do
  [[ $t == etcd || $t == akkakv ]] || die "unknown target $t"
done
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  order=("${TARGET_LIST[@]}")
  if ((ROUND % 2 == 0)); then # alternate the order so slow drift on a shared machine hits both sides
    order=()
    for ((i = ${#TARGET_LIST[@]} - 1; i >= 0; i--)); do order+=("${TARGET_LIST[i]}"); done
  fi
  for t in "${order[@]}"; do
    [[ -n "${NOTE[$t]:-}" ]] && continue # skipped once (not built, no server): don't retry every round
    "bench_$t" || log "$t skipped: ${NOTE[$t]:-}"
  done
done
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------- table
ratio() { # ratio A B: A/B with 2 decimals, or empty when either is missing/zero
  awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print ""; else printf "%.2f", a / b }'
}
median() { # median of the non-empty arguments, or empty
  printf '%s\n' "$@" | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

METRICS="ops_per_sec p50_ms p90_ms p99_ms max_ms errors server_cpu_cores ops_per_core client_cpu_cores"
for ((r = 1; r <= ROUNDS; r++)); do
  for t in etcd akkakv; do
    for op in put get; do
      R[$r.$t.$op.ops_per_core]=$(ratio "${R[$r.$t.$op.ops_per_sec]:-}" "${R[$r.$t.$op.server_cpu_cores]:-}" | awk 'NF { printf "%.0f", $1 }')
    done
  done
done

echo
echo "client: ${CLIENT_DESC}"
echo "load: ${CONNECTIONS} connections, ${KEYS} keys, ${VALUE_SIZE} B values, ${DURATION} s measured after ${WARMUP} s warm-up, $(nproc) cores, ${ROUNDS} round(s)"
[[ $ROUNDS -gt 1 ]] && echo "(values are medians over rounds; the ratio is the median of per-round ratios)"
printf '%-4s %-20s %12s %12s %12s\n' op metric etcd akkakv akkakv/etcd
printf '%-4s %-20s %12s %12s %12s\n' ---- -------------------- ------------ ------------ ------------
for op in put get; do
  for m in $METRICS; do
    es=() as=() rs=()
    for ((r = 1; r <= ROUNDS; r++)); do
      es+=("${R[$r.etcd.$op.$m]:-}")
      as+=("${R[$r.akkakv.$op.$m]:-}")
      rs+=("$(ratio "${R[$r.akkakv.$op.$m]:-}" "${R[$r.etcd.$op.$m]:-}")")
    done
    e=$(median "${es[@]}") a=$(median "${as[@]}") q=$(median "${rs[@]}")
    label=$m
    [[ $m == ops_per_core ]] && label="ops/server-core-s"
    printf '%-4s %-20s %12s %12s %12s\n' "$op" "$label" "${e:--}" "${a:--}" "${q:--}"
  done
done
echo "(ops_per_sec, ops/server-core-s: higher is better; *_ms: lower is better; errors = non-2xx + transport errors;"
echo " server/client_cpu_cores: CPU the server / the load tool used in the measured window)"
for t in etcd akkakv; do
  if [[ -n "${NOTE[$t]:-}" ]]; then echo "$t: skipped: ${NOTE[$t]}"; fi
done
for ((r = 1; r <= ROUNDS; r++)); do
  for t in etcd akkakv; do
    for op in put get; do
      k="$r.$t.$op"
      if [[ -n "${R[$k.ops_per_sec]:-}" ]]; then
        echo "COMPARE round=$r target=$t op=$op ops_per_sec=${R[$k.ops_per_sec]} p50_ms=${R[$k.p50_ms]} p99_ms=${R[$k.p99_ms]} errors=${R[$k.errors]} server_cpu_cores=${R[$k.server_cpu_cores]:-}"
      fi
    done
  done
  for op in put get; do
    if [[ -n "${R[$r.etcd.$op.ops_per_sec]:-}" && -n "${R[$r.akkakv.$op.ops_per_sec]:-}" ]]; then
      echo "RATIO round=$r op=$op akkakv_over_etcd_ops=$(ratio "${R[$r.akkakv.$op.ops_per_sec]}" "${R[$r.etcd.$op.ops_per_sec]}") akkakv_over_etcd_p99=$(ratio "${R[$r.akkakv.$op.p99_ms]}" "${R[$r.etcd.$op.p99_ms]}")"
    fi
  done
done
