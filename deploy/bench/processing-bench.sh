#!/usr/bin/env bash
# Reproducible end-to-end processing benchmark (not a test): a backlog of distinct orders/create webhooks in
# Kafka, processed by the packaged application into PostgreSQL and published as enriched events; then, on the same
# database, the raw ceiling: the application's per-order statements sent straight over JDBC.
#
#   deploy/bench/processing-bench.sh                 full run: 100,000 orders, 1,000 shops
#   ORDERS=5000 deploy/bench/processing-bench.sh     smoke run (about 2 minutes)
#
# Steps, on a fresh local stack (deploy/local-stack.sh, its own state dir and ports):
#  1. OrderBacklog (src/bench/java) produces WARMUP + ORDERS distinct orders/create webhooks for SHOPS shops
#     (bench-0001.myshopify.com ...) into shopify.orders.v1 as ingest writes them (production RawWebhookRecord,
#     3 line items each, unique ids, a customer per ~3 orders of a shop), before the application runs.
#  2. The application starts (run-app; its consumers start at the earliest offset). ProcessingProgress polls the
#     end offsets of shopstream.orders.enriched.v1 every POLL_MS, and PostgreSQL (ledger count and min/max
#     processed_at of bench-* deliveries, outbox size) every REPORT_EVERY and once the topic is complete (counting
#     the ledger at every poll would load the database being measured), until the topic holds every event, the
#     ledger every delivery and the outbox is empty, or E2E_TIMEOUT passes (then the partial rate is reported).
#     Warmed = the last ORDERS / (the poll at which the topic first held WARMUP events -> last enriched event
#     published): a backlog drained by an instance that has been running. End to end = all / (app launch -> last
#     enriched event published), and the same from the first ledger row (without the app's start-up); steady =
#     ledger min/max processed_at.
#     CPU time of the app, PostgreSQL (server and backends) and Kafka comes from /proc.
#  3. The app stops; RawUpsertCeiling applies ORDERS other orders per mode (shops ceiling-<mode>-*) with the
#     application's statements (claim, conditional upsert, delete + insert 3 line items, enrichment query, outbox
#     insert): mode tx = one transaction per order, mode batch = CEILING_BATCH orders per transaction as JDBC
#     batches. The ceiling is the faster mode. Its outbox rows are deleted afterwards.
# Results: a Markdown table on stdout (and results.md), raw outputs under target/bench/<timestamp>/.
#
# Environment (defaults in brackets):
#   ORDERS              orders measured in the backlog, and per ceiling mode [100000]
#   WARMUP              orders before them that warm the application up (class loading, JIT, pools); the
#                       backlog holds WARMUP + ORDERS, and the "warmed" row times the last ORDERS [30000]
#   SHOPS               shops they spread over [1000]
#   E2E_TIMEOUT         seconds to wait for the app to process the backlog; then the partial rate [1800]
#   POLL_MS             poll interval of the end-to-end wait [500]
#   REPORT_EVERY        seconds between progress lines [10]
#   CEILING_MODES       raw ceiling modes, comma-separated; empty skips the ceiling [tx,batch]
#   CEILING_BATCH       orders per transaction in mode batch [500]
#   CEILING_THREADS     connections (threads) of the ceiling, each with its own shops [2]
#   SKIP_BUILD=1        never build; by default the app is built when the jar is missing or older than
#                       pom.xml / src/main (the bench classes are always compiled: quick when up to date)
#   SHOPSTREAM_STACK_DIR  state dir of the stack [target/bench/processing-stack]; its data is wiped
#   APP_PORT [18080], KAFKA_PORT [19092], KAFKA_CONTROLLER_PORT [19093], POSTGRES_PORT [15432]: away from the
#                       dev defaults, so that a dev stack can keep running
#   KAFKA_PARTITIONS [6]: partitions of every topic, passed to "deploy/local-stack.sh start" only (not to the app)
#   KAFKA_HEAP_OPTS, APP_HEAP_OPTS, APP_JAVA_OPTS, POSTGRES_OPTS: passed to deploy/local-stack.sh
#   BENCH_HEAP          JVM flags of the backlog and ceiling JVMs [-Xmx2g]
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
STACK=$PROJECT_DIR/deploy/local-stack.sh

ORDERS=${ORDERS:-100000}
WARMUP=${WARMUP:-30000}
BACKLOG=$((ORDERS + WARMUP))
SHOPS=${SHOPS:-1000}
E2E_TIMEOUT=${E2E_TIMEOUT:-1800}
POLL_MS=${POLL_MS:-500}
REPORT_EVERY=${REPORT_EVERY:-10}
CEILING_MODES=${CEILING_MODES-tx,batch}
CEILING_BATCH=${CEILING_BATCH:-500}
CEILING_THREADS=${CEILING_THREADS:-2}
SKIP_BUILD=${SKIP_BUILD:-0}
BENCH_HEAP=${BENCH_HEAP:--Xmx2g}
MDEP_PLUGIN=${MDEP_PLUGIN:-org.apache.maven.plugins:maven-dependency-plugin:3.9.0}

export SHOPSTREAM_STACK_DIR=${SHOPSTREAM_STACK_DIR:-$PROJECT_DIR/target/bench/processing-stack}
export APP_PORT=${APP_PORT:-18080}
export KAFKA_PORT=${KAFKA_PORT:-19092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
export POSTGRES_PORT=${POSTGRES_PORT:-15432}
POSTGRES_PASSWORD=shopstream
export SHOPSTREAM_WEBHOOK_SECRETS=${SHOPSTREAM_WEBHOOK_SECRETS:-shopstream-test-client-secret}
# Given to "local-stack.sh start" only, never exported: the app reads every KAFKA_* variable as a kafka.* property
# (KAFKA_PARTITIONS would become "partitions", the number of concurrent consumers per channel). The stack creates
# every topic of the application (io.shopstream.devservices.Topics), so none is created during the measurement.
PARTITIONS=${KAFKA_PARTITIONS:-6}
unset KAFKA_PARTITIONS

RAW_TOPIC=shopify.orders.v1
ENRICHED_TOPIC=shopstream.orders.enriched.v1
JAR=$PROJECT_DIR/target/quarkus-app/quarkus-run.jar
JDBC_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/shopstream
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
CLASSPATH_FILE=$PROJECT_DIR/target/bench/processing.classpath

OUT=$PROJECT_DIR/target/bench/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
# Every webhook id of this run starts with these 8 hex digits.
RUN_ID=$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')
PROGRESS_PID=''

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
now_ms() { local t=${EPOCHREALTIME/./}; printf '%s' "${t:0:-3}"; }

# kv FILE PREFIX KEY [MODE]: the value of KEY in the first line of FILE that starts with "PREFIX " (key=value
# words), and, with MODE, whose second word is mode=MODE.
kv() {
  awk -v p="$2" -v k="$3" -v m="${4:+mode=$4}" '
    $1 == p && (m == "" || $2 == m) {
      for (i = 2; i <= NF; i++) if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit }
    }' "$1"
}
kv_mode() { kv "$1" CEILING "$3" "$2"; } # kv_mode FILE MODE KEY

# ----------------------------------------------------------------------------------------------------------
# build

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$SCRIPT_DIR/common.sh" # ensure_app_jar, prepare_bench_jvm

# Compiles src/bench/java (profile bench: an extra test source root) and writes the test class path. After the
# app build, which compiles the test sources without the bench ones.
build_bench() {
  local start=$SECONDS
  local -a goals=(-B -q -Pbench test-compile "$MDEP_PLUGIN:build-classpath" -Dmdep.includeScope=test
    "-Dmdep.outputFile=$CLASSPATH_FILE")
  log "compiling the bench classes: ./mvnw -Pbench test-compile"
  mkdir -p "$(dirname "$CLASSPATH_FILE")"
  if ! (cd "$PROJECT_DIR" && ./mvnw -o "${goals[@]}") >"$OUT/mvn-bench.log" 2>&1; then
    log "offline Maven run failed; retrying online"
    (cd "$PROJECT_DIR" && ./mvnw "${goals[@]}") >"$OUT/mvn-bench.log" 2>&1 ||
      { tail -n 40 "$OUT/mvn-bench.log" >&2; die "compiling the bench classes failed"; }
  fi
  [[ -f $PROJECT_DIR/target/test-classes/io/shopstream/bench/OrderBacklog.class ]] ||
    die "bench classes missing after the build (see $OUT/mvn-bench.log)"
  prepare_bench_jvm
  log "bench classes ready in $((SECONDS - start)) s"
}

# bench_java JVM-FLAGS... CLASS ARGS...: a bench main (io.shopstream.bench.CLASS) on the test class path.
bench_java() {
  local -a jvm=()
  while [[ $1 == -* ]]; do
    jvm+=("$1")
    shift
  done
  local class=$1
  shift
  java "${jvm[@]}" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dlogging.configuration="file:$OUT/bench-logging.properties" \
    -cp "$BENCH_CP" "io.shopstream.bench.$class" "$@"
}

# ----------------------------------------------------------------------------------------------------------
# measurements

# Summed end offsets of a topic ("local-stack.sh offsets" prints topic:partition:offset).
end_offsets() {
  local out
  out=$("$STACK" offsets "$1") || die "reading the end offsets of $1 failed"
  printf '%s\n' "$out" >>"$OUT/offsets.txt"
  awk -F: 'NF >= 3 { s += $NF } END { printf "%d\n", s }' <<<"$out"
}

produce_backlog() {
  local records
  log "producing the backlog: $BACKLOG orders ($WARMUP warm-up + $ORDERS) for $SHOPS shops into $RAW_TOPIC (app not running)"
  local -a heap
  read -r -a heap <<<"$BENCH_HEAP"
  bench_java "${heap[@]}" OrderBacklog "bootstrap=$BOOTSTRAP" "orders=$BACKLOG" "shops=$SHOPS" "run-id=$RUN_ID" \
    >"$OUT/backlog.txt" || die "OrderBacklog failed"
  log "$(grep '^BACKLOG' "$OUT/backlog.txt")"
  records=$(end_offsets "$RAW_TOPIC")
  ((records == BACKLOG)) || die "$RAW_TOPIC holds $records records, expected $BACKLOG"
  log "$RAW_TOPIC holds $records records"
}

# Starts ProcessingProgress, waits for its READY, marks the start instant and launches the app.
run_end_to_end() {
  local start_file=$OUT/app-start.ms rc=0 i
  rm -f "$start_file"
  bench_java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ProcessingProgress \
    "jdbc-url=$JDBC_URL" user=shopstream "password=$POSTGRES_PASSWORD" "bootstrap=$BOOTSTRAP" \
    "orders=$BACKLOG" "warmup=$WARMUP" shop-prefix=bench "start-file=$start_file" "timeout-s=$E2E_TIMEOUT" \
    "poll-ms=$POLL_MS" \
    "report-s=$REPORT_EVERY" "app-pid-file=$SHOPSTREAM_STACK_DIR/app/app.pid" \
    "postgres-pid=$(<"$SHOPSTREAM_STACK_DIR/postgres/postgres.pid")" \
    "kafka-pid=$(<"$SHOPSTREAM_STACK_DIR/kafka/kafka.pid")" \
    >"$OUT/e2e.txt" 2> >(tee "$OUT/e2e-progress.log" >&2) &
  PROGRESS_PID=$!
  for ((i = 0; i < 600; i++)); do
    grep -qx READY "$OUT/e2e.txt" 2>/dev/null && break
    kill -0 "$PROGRESS_PID" 2>/dev/null || die "ProcessingProgress exited before it was ready"
    sleep 0.1
  done
  grep -qx READY "$OUT/e2e.txt" || die "ProcessingProgress not ready after 60 s"

  log "end to end: launching the app (consumers start at the earliest offset of $RAW_TOPIC)"
  now_ms >"$start_file"
  "$STACK" run-app 2>&1 | tee "$OUT/run-app.txt" >&2
  ((PIPESTATUS[0] == 0)) || die "the app did not start"

  wait "$PROGRESS_PID" || rc=$?
  PROGRESS_PID=''
  case $rc in
    0) log "end to end: done" ;;
    2) log "end to end: TIMED OUT after ${E2E_TIMEOUT}s; reporting the partial rate" ;;
    *) die "ProcessingProgress failed (exit $rc)" ;;
  esac
  E2E_STATUS=$(kv "$OUT/e2e.txt" E2E status)
  ENRICHED_RECORDS=$(end_offsets "$ENRICHED_TOPIC")
  log "end offsets: $ENRICHED_TOPIC holds $ENRICHED_RECORDS events"
  cp "$SHOPSTREAM_STACK_DIR/app/app.log" "$OUT/app.log"
  "$STACK" stop-app
}

run_ceiling() {
  : >"$OUT/ceiling.txt"
  [[ -n $CEILING_MODES ]] || { log "raw ceiling skipped (CEILING_MODES is empty)"; return 0; }
  log "raw ceiling: modes $CEILING_MODES, $ORDERS orders each, straight over JDBC to the same database"
  local -a heap
  read -r -a heap <<<"$BENCH_HEAP"
  bench_java "${heap[@]}" RawUpsertCeiling "jdbc-url=$JDBC_URL" user=shopstream "password=$POSTGRES_PASSWORD" \
    "orders=$ORDERS" "shops=$SHOPS" "modes=$CEILING_MODES" "batch=$CEILING_BATCH" "threads=$CEILING_THREADS" \
    "run-id=$RUN_ID" "postgres-pid=$(<"$SHOPSTREAM_STACK_DIR/postgres/postgres.pid")" >"$OUT/ceiling.txt" ||
    die "RawUpsertCeiling failed"
  grep '^CEILING' "$OUT/ceiling.txt" | while read -r line; do log "$line"; done
}

# ----------------------------------------------------------------------------------------------------------
# report

kafka_version() {
  tr ':' '\n' <"$SHOPSTREAM_STACK_DIR/stack.classpath" | sed -n 's#.*/kafka_2\.13/\([^/]*\)/.*#\1#p' | head -n 1
}

report() {
  local e2e=$OUT/e2e.txt ceil=$OUT/ceiling.txt
  local cpu mem commit dirty='' ceiling=0 mode rate seconds processed e2e_rate steady_rate steady_s
  local processing_s processing_rate
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  commit=$(git -C "$PROJECT_DIR" rev-parse --short HEAD 2>/dev/null) || commit='none'
  [[ -n $(git -C "$PROJECT_DIR" status --porcelain -- src/main pom.xml 2>/dev/null) ]] &&
    dirty=' + uncommitted changes in src/main or pom.xml'
  for mode in ${CEILING_MODES//,/ }; do
    rate=$(kv_mode "$ceil" "$mode" orders_per_s)
    [[ -n $rate ]] && ceiling=$(awk -v a="$ceiling" -v b="$rate" 'BEGIN { print (b > a ? b : a) }')
  done
  ratio() { awk -v r="$1" -v c="$ceiling" 'BEGIN { if (c > 0) printf "%.2f", r / c; else printf "n/a" }'; }

  processed=$(kv "$e2e" E2E processed)
  seconds=$(kv "$e2e" E2E seconds)
  e2e_rate=$(kv "$e2e" E2E orders_per_s)
  steady_s=$(kv "$e2e" E2E steady_seconds)
  steady_rate=$(kv "$e2e" E2E steady_orders_per_s)
  processing_s=$(kv "$e2e" E2E processing_seconds)
  processing_rate=$(kv "$e2e" E2E processing_orders_per_s)

  cat <<EOF
## Shopstream processing benchmark

- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')
- commit: ${commit}${dirty}
- machine: $(nproc) cores (${cpu:-unknown CPU}), ${mem}; Linux $(uname -r); $(java -version 2>&1 | head -n 1)
- stack: Kafka $(kafka_version) (one KRaft node, ${PARTITIONS} partitions), PostgreSQL $(kv "$e2e" CHECK postgres_version) (fsync and synchronous_commit on), the packaged app (${APP_HEAP_OPTS:--Xmx1g})
- **Kafka, PostgreSQL, the app and the load generator / pollers all share the same $(nproc) cores**
- load: ${BACKLOG} distinct orders/create webhooks (${WARMUP} to warm the app up, then the ${ORDERS} measured) ($(kv "$OUT/backlog.txt" BACKLOG avg_bytes) bytes average, 3 line items, ${SHOPS} shops, a customer per ~3 orders of a shop), produced to ${RAW_TOPIC} before the app started (in $(kv "$OUT/backlog.txt" BACKLOG seconds) s)
- end to end = orders / (app launch -> ledger complete, outbox empty and ${ENRICHED_TOPIC} holding every event; polled every ${POLL_MS} ms); processing = the same without the app's start-up (from the first ledger row); steady = ledger rows / (last - first processed_at)
- raw ceiling = the app's per-order statements over JDBC (claim, upsert, delete + insert line items, enrichment query, outbox insert), ${CEILING_THREADS} connection(s), other shops, same database, app stopped; ratio = orders/s / the faster ceiling mode
- raw outputs: ${OUT#"$PROJECT_DIR"/}

| path | orders | seconds | orders/s | ratio to ceiling |
|---|---:|---:|---:|---:|
EOF
  if [[ $E2E_STATUS == "done" ]]; then
    printf '| end to end (app launch -> last enriched event published) | %s | %.1f | %.0f | %s |\n' \
      "$processed" "$seconds" "$e2e_rate" "$(ratio "$e2e_rate")"
  else
    printf '| end to end, PARTIAL: timed out after %ss | %s of %s | %.1f | %.0f | %s |\n' \
      "$E2E_TIMEOUT" "$processed" "$BACKLOG" "$seconds" "$e2e_rate" "$(ratio "$e2e_rate")"
  fi
  if [[ $E2E_STATUS == "done" && -n $(kv "$e2e" WARMED orders_per_s) ]]; then
    printf '| **end to end, warmed instance** (enriched events at %s -> the last published) | %s | %.1f | %.0f | %s |\n' \
      "$(kv "$e2e" WARMED warmup)" "$(kv "$e2e" WARMED orders)" "$(kv "$e2e" WARMED seconds)" \
      "$(kv "$e2e" WARMED orders_per_s)" "$(ratio "$(kv "$e2e" WARMED orders_per_s)")"
  fi
  if [[ $E2E_STATUS == "done" ]]; then
    printf '| end to end without start-up (first ledger row -> last enriched event published) | %s | %.1f | %.0f | %s |\n' \
      "$processed" "$processing_s" "$processing_rate" "$(ratio "$processing_rate")"
  fi
  printf '| end to end, steady state (first -> last ledger row) | %s | %.1f | %.0f | %s |\n' \
    "$processed" "$steady_s" "$steady_rate" "$(ratio "$steady_rate")"
  for mode in ${CEILING_MODES//,/ }; do
    rate=$(kv_mode "$ceil" "$mode" orders_per_s)
    [[ -n $rate ]] || continue
    if [[ $mode == tx ]]; then
      printf '| raw ceiling: JDBC, one transaction per order | %s | %.1f | %.0f | %s |\n' \
        "$(kv_mode "$ceil" tx orders)" "$(kv_mode "$ceil" tx seconds)" "$rate" "$(ratio "$rate")"
    else
      printf '| raw ceiling: JDBC batches, %s orders per transaction | %s | %.1f | %.0f | %s |\n' \
        "$CEILING_BATCH" "$(kv_mode "$ceil" batch orders)" "$(kv_mode "$ceil" batch seconds)" "$rate" \
        "$(ratio "$rate")"
    fi
  done

  printf '\nCPU seconds (cores busy = CPU seconds / wall seconds):\n\n'
  awk '$1 == "CPU" {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      w = v["wall_s"]; busy = v["machine_busy_s"]
      other = busy - v["app_s"] - v["postgres_s"] - v["kafka_s"] - v["harness_s"]
      printf "- end to end (%.1f s): app %.1f s (%.2f cores), PostgreSQL %.1f s (%.2f), Kafka %.1f s (%.2f)",
        w, v["app_s"], v["app_s"] / w, v["postgres_s"], v["postgres_s"] / w, v["kafka_s"], v["kafka_s"] / w
      printf ", poller %.1f s, other %.1f s; machine busy %.1f s, idle %.1f s of %.1f\n",
        v["harness_s"], (other > 0 ? other : 0), busy, v["machine_idle_s"], busy + v["machine_idle_s"]
    }
    $1 == "WARMED" {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "- warmed part (%.1f s): app %.1f s, PostgreSQL %.1f s, Kafka %.1f s: %.3f ms of CPU per order\n",
        v["seconds"], v["app_cpu_s"], v["postgres_cpu_s"], v["kafka_cpu_s"], v["cpu_ms_per_order"]
    }
    $1 == "APP_THREADS" {
      gsub(/,/, ", ", $2)
      printf "- app by thread (CPU s, threads alive at the end): %s\n", $2
    }' "$e2e"
  awk '$1 == "CEILING" {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      w = v["seconds"]
      printf "- ceiling %s (%.1f s): JDBC client %.1f s (%.2f cores), PostgreSQL %.1f s (%.2f)",
        v["mode"], w, v["cpu_client_s"], v["cpu_client_s"] / w, v["cpu_postgres_s"], v["cpu_postgres_s"] / w
      printf "; machine busy %.1f s, idle %.1f s\n", v["machine_busy_s"], v["machine_idle_s"]
    }' "$ceil"

  printf '\nChecks:\n\n'
  printf -- '- ledger outcomes %s; orders rows %s, line items %s, customers %s; dead letters %s\n' \
    "$(kv "$e2e" CHECK outcomes)" "$(kv "$e2e" CHECK orders)" "$(kv "$e2e" CHECK line_items)" \
    "$(kv "$e2e" CHECK customers)" "$(kv "$e2e" CHECK dlq_records)"
  printf -- '- %s end offsets: %s; first ledger row %.1f s after the app launch\n' \
    "$ENRICHED_TOPIC" "$ENRICHED_RECORDS" "$(kv "$e2e" E2E first_after_s)"
  awk '$1 == "CEILING" {
      checks = ""
      for (i = 3; i <= NF; i++) if ($i ~ /^(applied|ledger|orders_rows|line_items|outbox)=/) checks = checks " " $i
      printf "- ceiling %s:%s (outbox rows deleted afterwards)\n", $2, checks
    }' "$ceil"
}

# ----------------------------------------------------------------------------------------------------------

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $PROGRESS_PID ]] && kill -0 "$PROGRESS_PID" 2>/dev/null; then
    kill "$PROGRESS_PID" 2>/dev/null || true
    wait "$PROGRESS_PID" 2>/dev/null || true
  fi
  if [[ -f $SHOPSTREAM_STACK_DIR/app/app.log && ! -f $OUT/app.log ]]; then
    cp "$SHOPSTREAM_STACK_DIR/app/app.log" "$OUT/app.log"
  fi
  "$STACK" stop || true
  for f in kafka/kafka.log postgres/postgres.log; do
    [[ -f $SHOPSTREAM_STACK_DIR/$f ]] && cp "$SHOPSTREAM_STACK_DIR/$f" "$OUT/$(basename "$f")"
  done
  exit "$rc"
}

preflight() {
  local tool port
  for tool in java curl awk od unzip; do
    command -v "$tool" >/dev/null || die "$tool is required"
  done
  [[ $ORDERS =~ ^[1-9][0-9]*$ && $SHOPS =~ ^[1-9][0-9]*$ && $WARMUP =~ ^[0-9]+$ ]] ||
    die "ORDERS and SHOPS must be positive integers, WARMUP a non-negative one"
  for port in "$APP_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$POSTGRES_PORT"; do
    port_open "$port" && die "127.0.0.1:$port is in use: stop whatever runs there (deploy/local-stack.sh stop?)"
  done
  ensure_app_jar
  build_bench
}

main() {
  local started=$SECONDS
  preflight
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  log "raw outputs in $OUT (run id $RUN_ID)"

  KAFKA_PARTITIONS=$PARTITIONS "$STACK" start --fresh 2>&1 | tee "$OUT/stack-start.txt" >&2
  ((PIPESTATUS[0] == 0)) || die "the stack did not start"

  produce_backlog
  run_end_to_end
  run_ceiling

  report | tee "$OUT/results.md"
  log "done in $((SECONDS - started)) s; results in ${OUT#"$PROJECT_DIR"/}/results.md"
}

main "$@"
