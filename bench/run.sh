#!/usr/bin/env bash
# make bench: the contract suite's timings, and mxmock loaded side by side with the bare net/http
# ceiling, WireMock and Prism, all in one run on loopback; results in bench/results/DATE.md and
# bench/results/latest.md. Installs what it lacks (wrk from Debian, WireMock and Prism from npm into
# bench/node_modules). Every loop is bounded and every process it starts is stopped on exit.
# Knobs (environment): see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-4s}        # one wrk run
ROUNDS=${BENCH_ROUNDS:-3}             # interleaved rounds per server and route; the median counts
WARMUP=${BENCH_WARMUP:-2s}            # one unrecorded wrk run per server and route first
CONNECTIONS=${BENCH_CONNECTIONS:-50}
THREADS=${BENCH_THREADS:-2}
STARTS=${BENCH_STARTS:-5}             # process starts per server for the time to first answer
CONTRACT_RUNS=${BENCH_CONTRACT_RUNS:-5}
GOBENCHTIME=${BENCH_GOBENCHTIME:-300ms}
GINKGO_DEFAULT=${BENCH_GINKGO_FLAGS:---randomize-all --fail-on-pending --fail-on-empty --keep-going}
RESULTS=${BENCH_RESULTS:-bench/results} # a trial run can write elsewhere

TOOLS=bench/.tools
RUN=$TOOLS/run                        # raw outputs of the last run, for benchreport
KEY=mxmock-api-key
CLIENT=CLT-0858efd1-2d2e-6a5d-f2b5-c7dad42ef184
Q="k=$KEY&c=$CLIENT"
USER_ID=GUID-1234                     # the user GET /user/{id} reads (MX's sample external guid)
UNKNOWN=GUID-9999                     # the user U1 asks for
SAMPLE_USER='{"external_user_guid":"GUID-1234","email":"richard@email.com","first_name":"Richard","last_name":"Montague","phone":"8015551234","zip_code":"12345","sex":"MALE"}'

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- processes: each in its own session, so stopping its group stops launcher children too ---
PIDS=()
start_bg() { # start_bg LOGFILE CMD...
  local out=$1; shift
  setsid "$@" >"$out" 2>&1 &
  PIDS+=("$!")
  LAST_PID=$!
}
stop_pid() {
  local pid=$1 i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() { local pid; for pid in "${PIDS[@]}"; do stop_pid "$pid"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

USED_PORTS=" "
free_port() { # a loopback port nobody listens on; other people's servers share this machine
  local p i
  for i in $(seq 200); do
    p=$((20000 + RANDOM % 12000)) # below Linux's ephemeral range (32768-60999): no client's port
    [[ $USED_PORTS == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then USED_PORTS+="$p "; echo "$p"; return; fi
  done
  die "no free loopback port"
}
# wait_status URL STATUS LOG [HEADER]: poll until URL answers STATUS, for at most 60 s.
wait_status() {
  local i code
  for i in $(seq 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 ${4:+-H "$4"} "$1" || true)
    [[ $code == "$2" ]] && return 0
    sleep 0.1
  done
  die "$1 did not answer $2 within 60 s (last: $code); $3 says: $(tail -3 "$3" 2>/dev/null)"
}

# --- install what is missing ---
apt_install() {
  local sudo=""; [[ $(id -u) == 0 ]] || sudo="sudo"
  log "installing $* from Debian"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@" >/dev/null
}
command -v curl >/dev/null || apt_install curl
command -v wrk >/dev/null || apt_install wrk
command -v java >/dev/null || apt_install openjdk-17-jre-headless
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
stamp=bench/node_modules/.mxbench-lock
if ! cmp -s bench/package-lock.json "$stamp"; then
  log "installing WireMock and Prism from npm into bench/node_modules"
  # No install scripts: both ship ready to run, and Prism's telemetry dependency needs none.
  (cd bench && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp bench/package-lock.json "$stamp"
fi
WIREMOCK_JAR=$(ls bench/node_modules/wiremock/build/wiremock-standalone-*.jar 2>/dev/null | head -1)
[[ -n $WIREMOCK_JAR ]] || die "no WireMock jar under bench/node_modules/wiremock/build"
PRISM=bench/node_modules/.bin/prism
[[ -x $PRISM ]] || die "no $PRISM"

# --- build ---
rm -rf "$RUN"; mkdir -p "$RUN"/{wrk,first,contract,profile,capture,wiremock}
log "building mxmock and the bench tools"
go build -o "$TOOLS/mxmock" ./cmd/mxmock
for t in ceiling firstanswer mockprof benchreport; do go build -o "$TOOLS/$t" "./bench/cmd/$t"; done
cp -r bench/wiremock/mappings "$RUN/wiremock/" # WireMock writes into its root dir; keep bench/ clean

# The suite must run against the embedded mock, whatever this shell points MX_* at.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^MX_' || true)

WIREMOCK_VERSION=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' bench/node_modules/wiremock/package.json | head -1)
PRISM_VERSION=$("$PRISM" --version 2>/dev/null || echo "?")
WIREMOCK_FLAGS="--no-request-journal --disable-request-logging --async-response-enabled=true --disable-banner"
PRISM_FLAGS="-v error (static mode: examples from fixtures/openapi/sso-v2.yaml; CORS headers on, the default)"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "kernel: $(uname -sr)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "go: $(go version | cut -d' ' -f3-)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "node: $(node --version)"
  echo "load tool: wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo '?') -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
  echo "connections: $CONNECTIONS on $THREADS threads, keep-alive (HTTP/1.1 persistent connections, wrk's default), loopback 127.0.0.1"
  echo "duration: $DURATION"
  echo "rounds: $ROUNDS"
  echo "warm-up: $WARMUP per server and route, not recorded"
  echo "mxmock: built from this tree, --quiet --max-objects 100000000"
  echo "wiremock: $WIREMOCK_VERSION"
  echo "wiremock flags: $WIREMOCK_FLAGS, stubs bench/wiremock/mappings"
  echo "prism: $PRISM_VERSION"
  echo "prism flags: $PRISM_FLAGS"
  echo "contract serial: serial, make contract"
  echo "contract parallel: parallel, make contract GINKGO_FLAGS='... -p'"
  echo "go benchmarks: go test -run '^\$' -bench . -benchmem -benchtime=$GOBENCHTIME ./bench/hotpath/ ./internal/mock/"
} >"$RUN/meta.txt"

# --- the contract suite, serial and parallel ---
contract() { # contract NAME GINKGO_FLAGS
  local dir="$RUN/contract/$1" t0 t1 status=0
  t0=$(date +%s%N)
  make --no-print-directory contract REPORTS="$dir" LABELS= GINKGO_FLAGS="$2" >"$dir.log" 2>&1 || status=$?
  t1=$(date +%s%N)
  echo "$status" >"$dir.status"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' >"$dir.wall"
  [[ -f $dir/report.json ]] && cp "$dir/report.json" "$dir.json"
  return 0
}
log "contract suite: one cold run, then $CONTRACT_RUNS timed runs serial and $CONTRACT_RUNS with -p"
contract cold "$GINKGO_DEFAULT"
echo "contract cold run: $(cat "$RUN/contract/cold.wall") s wall, exit $(cat "$RUN/contract/cold.status") (build cache filled; not counted)" >>"$RUN/meta.txt"
rm -f "$RUN/contract/cold".{wall,json,status}
for i in $(seq "$CONTRACT_RUNS"); do
  contract "serial_$i" "$GINKGO_DEFAULT"
  contract "parallel_$i" "$GINKGO_DEFAULT -p"
done

# --- time to first answer ---
first() { # first NAME STATUS PORT CMD...
  local name=$1 status=$2 port=$3; shift 3
  log "time to first answer: $name, $STARTS starts"
  "$TOOLS/firstanswer" -runs "$STARTS" -status "$status" -url "http://127.0.0.1:$port/user/$USER_ID?$Q" -- "$@" \
    >"$RUN/first/$name.txt" 2>"$RUN/first/$name.err" || log "warning: $name never answered"
  [[ -s $RUN/first/$name.err ]] && log "warning: $name: $(tail -1 "$RUN/first/$name.err")"
  return 0
}
p=$(free_port); first mxmock 400 "$p" "$TOOLS/mxmock" --addr "127.0.0.1:$p" --quiet
p=$(free_port); first wiremock 200 "$p" java -jar "$WIREMOCK_JAR" --port "$p" --bind-address 127.0.0.1 --root-dir "$RUN/wiremock" $WIREMOCK_FLAGS
p=$(free_port); first prism 200 "$p" "$PRISM" mock -h 127.0.0.1 -p "$p" -v error fixtures/openapi/sso-v2.yaml
# The ceiling answers from a capture; any will do for its start time.
printf '%s' "$SAMPLE_USER" >"$RUN/capture/get_user.body"; cp "$RUN/capture/get_user.body" "$RUN/capture/post_user.body"
printf '{"error":"x"}' >"$RUN/capture/u1.body"
p=$(free_port); first ceiling 200 "$p" "$TOOLS/ceiling" --addr "127.0.0.1:$p" --capture "$RUN/capture"

# --- load: start the four servers, capture mxmock's bytes for the ceiling ---
declare -A PORT PID
PORT[mxmock]=$(free_port); PORT[ceiling]=$(free_port); PORT[wiremock]=$(free_port); PORT[prism]=$(free_port)
base() { echo "http://127.0.0.1:${PORT[$1]}"; }
start_bg "$RUN/mxmock.log" "$TOOLS/mxmock" --addr "127.0.0.1:${PORT[mxmock]}" --quiet --max-objects 100000000; PID[mxmock]=$LAST_PID
wait_status "$(base mxmock)/_mxmock/health" 200 "$RUN/mxmock.log"
curl -s -o "$RUN/capture/post_user.body" -X POST -H 'Content-Type: application/json' -d "$SAMPLE_USER" "$(base mxmock)/user?$Q"
curl -s -o "$RUN/capture/get_user.body" "$(base mxmock)/user/$USER_ID?$Q"
curl -s -o "$RUN/capture/u1.body" "$(base mxmock)/user/$UNKNOWN?$Q"
start_bg "$RUN/ceiling.log" "$TOOLS/ceiling" --addr "127.0.0.1:${PORT[ceiling]}" --capture "$RUN/capture" --unknown "$UNKNOWN"; PID[ceiling]=$LAST_PID
start_bg "$RUN/wiremock.log" java -jar "$WIREMOCK_JAR" --port "${PORT[wiremock]}" --bind-address 127.0.0.1 --root-dir "$RUN/wiremock" $WIREMOCK_FLAGS; PID[wiremock]=$LAST_PID
start_bg "$RUN/prism.log" "$PRISM" mock -h 127.0.0.1 -p "${PORT[prism]}" -v error fixtures/openapi/sso-v2.yaml; PID[prism]=$LAST_PID
for s in mxmock ceiling wiremock prism; do
  header=""; [[ $s == prism ]] && header="Prefer: code=400" # Prism answers an error only when asked
  wait_status "$(base $s)/user/$USER_ID?$Q" 200 "$RUN/$s.log"
  wait_status "$(base $s)/user/$UNKNOWN?$Q" 400 "$RUN/$s.log" "$header"
done

# load SERVER ROUTE DURATION OUTFILE RUNID: one wrk run with the common settings.
load() {
  local s=$1 route=$2 out=$4 runid=$5
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency --timeout 5s)
  case $route in
    get_user) args+=("$(base "$s")/user/$USER_ID?$Q") ;;
    u1) [[ $s == prism ]] && args+=(-H "Prefer: code=400")
        args+=("$(base "$s")/user/$UNKNOWN?$Q") ;;
    post_user) args+=(-s bench/wrk/post_user.lua "$(base "$s")/user?$Q" -- "$runid") ;;
  esac
  # The reads are measured against a store as a test leaves it between cases (reset, the one user
  # they read made again), not against the half million users the POST rounds leave behind: those
  # make every route's p99 a measure of garbage collection over the store, which POST's own rounds
  # (measured on the growing store, its worst case) already show.
  if [[ $s == mxmock && $route != post_user ]]; then
    curl -s -o /dev/null -X POST "$(base mxmock)/_mxmock/reset"
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "$SAMPLE_USER" "$(base mxmock)/user?$Q"
  fi
  timeout 300 wrk "${args[@]}" >"$out" 2>&1 || log "warning: wrk on $s $route failed: $(tail -1 "$out")"
}
log "load: warm-up $WARMUP per server and route"
for route in get_user u1 post_user; do for s in mxmock ceiling wiremock prism; do
  load "$s" "$route" "$WARMUP" "$RUN/wrk/warmup_${s}_$route.txt" "w"
done; done
for r in $(seq "$ROUNDS"); do
  for route in get_user u1 post_user; do
    for s in mxmock ceiling wiremock prism; do
      log "load: round $r/$ROUNDS, $route on $s, $DURATION"
      load "$s" "$route" "$DURATION" "$RUN/wrk/${s}__${route}__r$r.txt" "r$r"
    done
  done
done
for s in mxmock ceiling wiremock prism; do stop_pid "${PID[$s]}"; done

# --- profile mxmock's handler under the same load ---
for route in get_user post_user; do
  log "profile: mxmock under wrk, $route, $DURATION"
  PORT[mxmock]=$(free_port)
  start_bg "$RUN/profile/$route.log" "$TOOLS/mockprof" --addr "127.0.0.1:${PORT[mxmock]}" --cpuprofile "$RUN/profile/$route.pprof"
  prof_pid=$LAST_PID
  wait_status "$(base mxmock)/_mxmock/health" 200 "$RUN/profile/$route.log"
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "$SAMPLE_USER" "$(base mxmock)/user?$Q"
  load mxmock "$route" "$DURATION" "$RUN/profile/$route.wrk" "p"
  kill -INT "$prof_pid"
  for i in $(seq 100); do kill -0 "$prof_pid" 2>/dev/null || break; sleep 0.1; done
  go tool pprof -top -nodecount=25 "$TOOLS/mockprof" "$RUN/profile/$route.pprof" >"$RUN/profile/$route.top" 2>/dev/null || true
  go tool pprof -top -cum -nodecount=400 "$TOOLS/mockprof" "$RUN/profile/$route.pprof" >"$RUN/profile/$route.cum" 2>/dev/null || true
done

# --- Go benchmarks of the hot paths ---
log "go benchmarks (hot paths), -benchtime=$GOBENCHTIME"
go test -count=1 -run '^$' -bench . -benchmem -benchtime="$GOBENCHTIME" ./bench/hotpath/ ./internal/mock/ \
  >"$RUN/gobench.txt" 2>&1 || log "warning: go test -bench failed; see $RUN/gobench.txt"

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN/meta.txt"
day=$(date -u +%Y-%m-%d)
log "writing $RESULTS/$day.md and $RESULTS/latest.md"
"$TOOLS/benchreport" -raw "$RUN" -out "$RESULTS/$day.md" -out "$RESULTS/latest.md"
