#!/usr/bin/env bash
# Write-back benchmark (not a test): Shopstream's paced Admin API client and a naive one (a fixed semaphore of
# PERMITS requests across all shops, retry on THROTTLED) against the Shopify Admin API simulator, Standard plan
# (2,000 points, 100 points/s), a backlog of 10-point mutations for 1, 50 and 1,000 shops, every bucket drained first.
# Per shop count, the paced run and the naive run follow each other in the same JVM.
#
#   deploy/bench/writeback-bench.sh                                   20 s warm-up + 60 s measured per run, 6 runs
#   deploy/bench/writeback-bench.sh --duration 10 --warmup 5 --shops 1,50   smoke run
#
# The simulator runs in its own JVM (SimulatorServer, port SIM_PORT), the clients in another (WritebackBench), so
# that the CPU and heap figures are the client's alone. Results: a Markdown table and one RESULT {json} line per run
# on stdout, with the machine and its load before and after, also in target/bench/writeback-<time>/.
#
# Options / environment (defaults in brackets):
#   --duration S | DURATION   seconds measured per run [60]
#   --warmup S | WARMUP       seconds left out at the start of each run [20]
#   --shops LIST | SHOPS      shop counts [1,50,1000]
#   --clients LIST | CLIENTS  paced, naive [paced,naive]
#   --depth N | DEPTH         calls kept enqueued per shop [20]
#   PERMITS                   the naive client's semaphore [10]
#   SIM_PORT                  [18089]; BENCH_HEAP [-Xmx1g] for both JVMs; BENCH_JVM_OPTS extra options of the
#                             client JVM (e.g. -XX:StartFlightRecording=filename=bench.jfr,settings=profile)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
SHOPS=${SHOPS:-1,50,1000}
CLIENTS=${CLIENTS:-paced,naive}
DEPTH=${DEPTH:-20}
PERMITS=${PERMITS:-10}
SIM_PORT=${SIM_PORT:-18089}
BENCH_HEAP=${BENCH_HEAP:--Xmx1g}
BENCH_JVM_OPTS=${BENCH_JVM_OPTS:-}
MDEP_PLUGIN=${MDEP_PLUGIN:-org.apache.maven.plugins:maven-dependency-plugin:3.9.0}
while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --shops) SHOPS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --depth) DEPTH=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

OUT=$PROJECT_DIR/target/bench/writeback-$(date -u +%Y%m%dT%H%M%SZ)
CLASSPATH_FILE=$PROJECT_DIR/target/bench/writeback.classpath
mkdir -p "$OUT"
log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$SCRIPT_DIR/common.sh" # prepare_bench_jvm
SIM_PID=''
cleanup() { [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true; }
trap cleanup EXIT

log "compiling the bench classes: ./mvnw -Pbench test-compile"
goals=(-B -q -Pbench test-compile "$MDEP_PLUGIN:build-classpath" -Dmdep.includeScope=test
  "-Dmdep.outputFile=$CLASSPATH_FILE")
(cd "$PROJECT_DIR" && ./mvnw -o "${goals[@]}" || ./mvnw "${goals[@]}") >"$OUT/mvn-bench.log" 2>&1 ||
  { tail -n 40 "$OUT/mvn-bench.log" >&2; die "compiling the bench classes failed"; }
prepare_bench_jvm
bench_java() {
  # shellcheck disable=SC2086 # BENCH_JVM_OPTS is a list of options
  exec java "$BENCH_HEAP" $BENCH_JVM_OPTS -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dlogging.configuration="file:$OUT/bench-logging.properties" -cp "$BENCH_CP" "io.shopstream.bench.$1" "${@:2}"
}

if (exec 3<>"/dev/tcp/127.0.0.1/$SIM_PORT") 2>/dev/null; then
  die "port $SIM_PORT is taken (another benchmark still running?): set SIM_PORT"
fi
log "starting the simulator on 127.0.0.1:$SIM_PORT"
(BENCH_JVM_OPTS='' bench_java SimulatorServer "port=$SIM_PORT") >"$OUT/simulator.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 150); do
  grep -q READY "$OUT/simulator.log" 2>/dev/null && break
  kill -0 "$SIM_PID" 2>/dev/null || { cat "$OUT/simulator.log" >&2; die "the simulator did not start"; }
  sleep 0.2
done
grep -q READY "$OUT/simulator.log" || die "the simulator did not start in 30 s"

LOAD_BEFORE=$(uptime)
log "runs: shops $SHOPS, clients $CLIENTS, ${WARMUP} s warm-up + ${DURATION} s each, depth $DEPTH per shop"
(bench_java WritebackBench "simulator=http://127.0.0.1:$SIM_PORT" "sim-pid=$SIM_PID" "shops=$SHOPS" \
  "clients=$CLIENTS" "duration=$DURATION" "warmup=$WARMUP" "depth=$DEPTH" "permits=$PERMITS") \
  2> >(tee "$OUT/bench.log" >&2) | tee "$OUT/results.md"
LOAD_AFTER=$(uptime)
{
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 |
    head -1). Command: deploy/bench/writeback-bench.sh --duration $DURATION --warmup $WARMUP --shops $SHOPS" \
    "--clients $CLIENTS --depth $DEPTH (PERMITS=$PERMITS), $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo "Load before: load average${LOAD_BEFORE##*load average}."
  echo "Load after: load average${LOAD_AFTER##*load average}."
} | tee -a "$OUT/results.md"
grep '^RESULT ' "$OUT/results.md" | sed 's/^RESULT //' >"$OUT/results.jsonl" || true
log "results in $OUT/results.md (and results.jsonl)"
