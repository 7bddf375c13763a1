#!/usr/bin/env bash
# Reproducible ingest benchmark (not a test): POST /webhooks/shopify with the signed orders/create sample,
# once with publishing to a real local Kafka broker (mode "kafka") and once with
# the bench-baseline build (mode "baseline", same endpoint, nothing published), at each concurrency.
#
#   deploy/bench/ingest-bench.sh                              full run (~3 min)
#   DURATION=5s WARMUP=2s deploy/bench/ingest-bench.sh        smoke run
#
# For mode "kafka" the summed end offsets of shopify.orders.v1 are read before and after every measured run:
# the app answers 2xx only after Kafka acknowledged the record, so records >= 2xx must hold; "lost" is
# max(0, 2xx - records). Results: a Markdown table on stdout, raw outputs under target/bench/<timestamp>/.
#
# Environment (defaults in brackets):
#   DURATION            length of each measured wrk run [30s]
#   WARMUP              warm-up before the measured runs of each mode, so the JIT reaches steady state [30s]
#   WARMUP_CONNECTIONS  connections during the warm-up [64]
#   CONNECTIONS         concurrency levels measured [16 64]
#   THREADS             wrk threads [2]
#   WRK_TIMEOUT         wrk --timeout [5s]
#   SKIP_BUILD=1        never build; by default the app is built when the jar is missing or older than
#                       pom.xml / src/main
#   SHOPSTREAM_STACK_DIR  state dir of the stack used here [target/bench/stack]; its data is wiped before every mode
#   APP_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_PARTITIONS, KAFKA_HEAP_OPTS, APP_HEAP_OPTS
#                       passed to deploy/local-stack.sh
#   SHOPSTREAM_WEBHOOK_SECRETS  the app's secrets; requests are signed with the first one
#                       [shopstream-test-client-secret]
#   BEFORE_JAR          another build's quarkus-run.jar (e.g. of the previous commit, built in a git worktree):
#                       measured as mode "before" just before mode kafka, for a before/after ratio in one run []
#   BASELINE=0          skip mode baseline (for a before/after comparison alone)
#   APP_JAVA_OPTS       app JVM flags for every mode, e.g. -Dmp.messaging.incoming.orders-in.enabled=false to
#                       measure ingest alone, without the orders consumers []
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
STACK=$PROJECT_DIR/deploy/local-stack.sh
LUA=$SCRIPT_DIR/signed-webhook.lua

DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-30s}
WARMUP_CONNECTIONS=${WARMUP_CONNECTIONS:-64}
CONNECTIONS=${CONNECTIONS:-16 64}
THREADS=${THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-5s}
SKIP_BUILD=${SKIP_BUILD:-0}
BEFORE_JAR=${BEFORE_JAR:-}
BASELINE=${BASELINE:-1}

export SHOPSTREAM_STACK_DIR=${SHOPSTREAM_STACK_DIR:-$PROJECT_DIR/target/bench/stack}
export APP_PORT=${APP_PORT:-8080}
export KAFKA_PORT=${KAFKA_PORT:-9092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
export SHOPSTREAM_WEBHOOK_SECRETS=${SHOPSTREAM_WEBHOOK_SECRETS:-shopstream-test-client-secret}
SECRET=${SHOPSTREAM_WEBHOOK_SECRETS%%,*}

BODY=$PROJECT_DIR/src/test/resources/shopify/webhooks/orders-create.json
KNOWN_HMAC='8wmPHa4o1T1K20NfsyOPftKxhIvV+6asSJzg9CYNBgk=' # of BODY with shopstream-test-client-secret
TOPIC=shopify.orders.v1
URL=http://127.0.0.1:$APP_PORT/webhooks/shopify
JAR=$PROJECT_DIR/target/quarkus-app/quarkus-run.jar

OUT=$PROJECT_DIR/target/bench/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
# Every id this run sends starts with these 8 hex digits.
BENCH_RUN_ID=$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')
export BENCH_RUN_ID

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ----------------------------------------------------------------------------------------------------------
# preconditions

ensure_wrk() {
  command -v wrk >/dev/null && return 0
  if ((EUID == 0)) && command -v apt-get >/dev/null; then
    log "wrk is missing; installing it: apt-get install -y wrk"
    apt-get install -y wrk >"$OUT/apt.log" 2>&1 ||
      { apt-get update >>"$OUT/apt.log" 2>&1 && apt-get install -y wrk >>"$OUT/apt.log" 2>&1; } ||
      { cat "$OUT/apt.log" >&2; die "could not install wrk"; }
  else
    die "wrk is not installed: run 'sudo apt-get install -y wrk' (Debian/Ubuntu) and try again"
  fi
}

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$SCRIPT_DIR/common.sh" # ensure_app_jar

preflight() {
  ensure_wrk
  for tool in curl openssl base64 awk; do
    command -v "$tool" >/dev/null || die "$tool is required"
  done
  [[ -f $BODY ]] || die "$BODY is missing (it is a byte-identical copy of shared/shopify/webhooks/orders-create.json)"
  HMAC=$(openssl dgst -sha256 -hmac "$SECRET" -binary "$BODY" | base64)
  if [[ $SECRET == shopstream-test-client-secret && $HMAC != "$KNOWN_HMAC" ]]; then
    log "warning: $BODY is not the signed sample (HMAC $HMAC, expected $KNOWN_HMAC)"
  fi
  for port in "$APP_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$port" && die "127.0.0.1:$port is in use: stop whatever runs there (deploy/local-stack.sh stop?)"
  done
  ensure_app_jar
}

# ----------------------------------------------------------------------------------------------------------
# measurements

# Summed end offsets of $TOPIC ("local-stack.sh offsets" prints topic:partition:offset).
end_offsets() {
  local out
  out=$("$STACK" offsets "$TOPIC") || die "reading the end offsets of $TOPIC failed"
  awk -F: 'NF >= 3 { s += $NF } END { printf "%d\n", s }' <<<"$out"
}

# One signed request with curl, so a misconfiguration shows up before wrk hides it in a count.
probe() {
  local mode=$1 code
  code=$(curl --noproxy '*' -s -o "$OUT/$mode-probe.txt" -w '%{http_code}' --max-time 10 -X POST "$URL" \
    -H 'Content-Type: application/json' \
    -H 'X-Shopify-Topic: orders/create' \
    -H "X-Shopify-Hmac-Sha256: $HMAC" \
    -H 'X-Shopify-Shop-Domain: example-shop.myshopify.com' \
    -H 'X-Shopify-API-Version: 2026-07' \
    -H "X-Shopify-Webhook-Id: $BENCH_RUN_ID-ffff-4000-8000-$(printf '%012x' "$RANDOM")" \
    -H 'X-Shopify-Triggered-At: 2026-08-14T15:21:09.412583Z' \
    -H "X-Shopify-Event-Id: $BENCH_RUN_ID-ffff-4000-9000-000000000000" \
    --data-binary "@$BODY") || true
  [[ $code == 2?? ]] || die "$mode: a signed request got HTTP '$code': $(head -c 500 "$OUT/$mode-probe.txt")"
  log "$mode: signed probe request answered $code"
}

run_wrk() { # name connections duration
  log "wrk: $1 (${2} connections, $3)"
  WEBHOOK_BODY=$BODY WEBHOOK_HMAC=$HMAC \
    wrk -t"$THREADS" -c"$2" -d"$3" --timeout "$WRK_TIMEOUT" --latency -s "$LUA" "$URL" >"$OUT/$1.txt" 2>&1 ||
    { cat "$OUT/$1.txt" >&2; die "wrk failed"; }
  grep -q '^BENCH requests=' "$OUT/$1.txt" || { cat "$OUT/$1.txt" >&2; die "wrk printed no BENCH lines"; }
}

metric() { sed -n "s/^BENCH $2=//p" "$OUT/$1.txt"; } # name key

# RESULTS rows: mode connections rps p50 p99 p999 non2xx records lost errors
RESULTS=()

measure_mode() { # mode (kafka|before|baseline)
  local mode=$1 c name before after records ok lost errors
  probe "$mode"
  run_wrk "$mode-warmup" "$WARMUP_CONNECTIONS" "$WARMUP"
  for c in $CONNECTIONS; do
    name=$mode-c$c
    before=$(end_offsets)
    run_wrk "$name" "$c" "$DURATION"
    after=$(end_offsets)
    records=$((after - before))
    ok=$(($(metric "$name" requests) - $(metric "$name" non2xx)))
    if [[ $mode != baseline ]]; then
      lost=$((ok > records ? ok - records : 0))
    else
      lost=n/a
      ((records == 0)) || log "warning: baseline (publishes nothing) added $records records to $TOPIC"
    fi
    errors=$(($(metric "$name" errors_connect) + $(metric "$name" errors_read) +
      $(metric "$name" errors_write) + $(metric "$name" errors_timeout)))
    printf 'mode=%s connections=%s offsets_before=%s offsets_after=%s records=%s ok=%s lost=%s\n' \
      "$mode" "$c" "$before" "$after" "$records" "$ok" "$lost" >>"$OUT/offsets.txt"
    RESULTS+=("$mode $c $(metric "$name" requests_per_s) $(metric "$name" p50_ms) $(metric "$name" p99_ms) \
$(metric "$name" p99_9_ms) $(metric "$name" non2xx) $records $lost $errors")
    log "$name: $(metric "$name" requests_per_s) req/s, p99 $(metric "$name" p99_ms) ms," \
      "non-2xx $(metric "$name" non2xx), records $records, lost $lost, socket errors $errors"
  done
}

# ----------------------------------------------------------------------------------------------------------
# report

kafka_version() {
  tr ':' '\n' <"$SHOPSTREAM_STACK_DIR/stack.classpath" | sed -n 's#.*/kafka_2\.13/\([^/]*\)/.*#\1#p' | head -n 1
}

machine_header() {
  local cpu mem commit dirty=''
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  commit=$(git -C "$PROJECT_DIR" rev-parse --short HEAD 2>/dev/null) || commit='none (no commit yet)'
  [[ -n $(git -C "$PROJECT_DIR" status --porcelain 2>/dev/null) ]] && dirty=' + uncommitted changes'
  cat <<EOF
## Shopstream ingest benchmark

- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')
- commit: ${commit}${dirty}
- machine: $(nproc) cores (${cpu:-unknown CPU}), ${mem}; Linux $(uname -r)
- java: $(java -version 2>&1 | head -n 1); Kafka $(kafka_version) (one KRaft node, ${KAFKA_PARTITIONS:-6} partitions); $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)
- wrk, the Kafka broker and the app share the same $(nproc) cores: numbers are for comparing modes on this machine, not absolute capacity
- load: POST /webhooks/shopify, orders/create sample ($(stat -c %s "$BODY") bytes, signed, unique X-Shopify-Webhook-Id per request); wrk ${THREADS} threads, ${DURATION} per level, --timeout ${WRK_TIMEOUT}, after a ${WARMUP} warm-up at ${WARMUP_CONNECTIONS} connections per mode
- kafka = publish to ${TOPIC} (acks=all) before answering; baseline = the same app built with -Pbench-baseline (publishes nothing)${BEFORE_JAR:+; before = ${BEFORE_JAR} in mode kafka}
- app JVM flags: ${APP_JAVA_OPTS:-none}
- records in Kafka = growth of the summed end offsets of ${TOPIC} across the run; lost = max(0, 2xx - records)
- raw outputs: ${OUT#"$PROJECT_DIR"/}
EOF
}

report() {
  local row c k b
  local -a f
  machine_header
  printf '\n| mode | connections | requests/s | p50 ms | p99 ms | p99.9 ms | non-2xx | records in Kafka | lost |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  for row in "${RESULTS[@]}"; do
    read -r -a f <<<"$row"
    printf '| %s | %s | %.0f | %.2f | %.2f | %.2f | %s | %s | %s |\n' \
      "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]}" "${f[5]}" "${f[6]}" "${f[7]}" "${f[8]}"
  done
  printf '\n'
  for c in $CONNECTIONS; do
    k=$(printf '%s\n' "${RESULTS[@]}" | awk -v c="$c" '$1 == "kafka" && $2 == c { print $3 }')
    b=$(printf '%s\n' "${RESULTS[@]}" | awk -v c="$c" '$1 == "baseline" && $2 == c { print $3 }')
    awk -v c="$c" -v k="$k" -v b="$b" \
      'BEGIN { printf "- kafka/baseline requests/s at %s connections: %.2f\n", c, (b > 0 ? k / b : 0) }'
    if [[ -n $BEFORE_JAR ]]; then
      o=$(printf '%s\n' "${RESULTS[@]}" | awk -v c="$c" '$1 == "before" && $2 == c { print $3 }')
      awk -v c="$c" -v k="$k" -v o="$o" \
        'BEGIN { printf "- kafka/before requests/s at %s connections: %.3f\n", c, (o > 0 ? k / o : 0) }'
    fi
  done
  printf '%s\n' "${RESULTS[@]}" | awk '$10 > 0 { printf "- %s at %s connections: %d socket errors (connect/read/write/timeout)\n", $1, $2, $10 }'
}

# ----------------------------------------------------------------------------------------------------------

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  "$STACK" stop || true
  for f in app/app.log kafka/kafka.log; do
    [[ -f $SHOPSTREAM_STACK_DIR/$f ]] && cp "$SHOPSTREAM_STACK_DIR/$f" "$OUT/last-$(basename "$f")"
  done
  exit "$rc"
}

# The application plus src/bench/baseline/java, built into target/bench-baseline/ (never target/quarkus-app).
BASELINE_JAR=$PROJECT_DIR/target/bench-baseline/quarkus-app/quarkus-run.jar
build_baseline_app() {
  local -a goals=(-B -q -Pbench-baseline package -DskipTests)
  if [[ $SKIP_BUILD == 1 && -f $BASELINE_JAR ]]; then
    return 0
  fi
  log "building the baseline app: ./mvnw -Pbench-baseline package -DskipTests"
  (cd "$PROJECT_DIR" && { ./mvnw -o "${goals[@]}" || ./mvnw "${goals[@]}"; }) >"$OUT/mvn-baseline.log" 2>&1 ||
    { tail -n 30 "$OUT/mvn-baseline.log" >&2; die "building the baseline app failed"; }
}

# Every mode starts on new, empty Kafka and PostgreSQL data: no mode inherits the records (and, with the consumers
# on, the backlog) of the one before it.
fresh_stack() { # mode
  "$STACK" stop >/dev/null 2>&1 || true
  "$STACK" start --fresh 2>&1 | tee "$OUT/stack-start-$1.txt" >&2
}

main() {
  local started=$SECONDS
  preflight
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  log "raw outputs in $OUT"

  if [[ -n $BEFORE_JAR ]]; then
    log "mode before: $BEFORE_JAR, publishing every webhook"
    fresh_stack before
    APP_JAR=$BEFORE_JAR "$STACK" run-app
    measure_mode before
    cp "$SHOPSTREAM_STACK_DIR/app/app.log" "$OUT/app-before.log"
    "$STACK" stop-app
  fi

  log "mode kafka: the app publishes every webhook"
  fresh_stack kafka
  "$STACK" run-app
  measure_mode kafka
  cp "$SHOPSTREAM_STACK_DIR/app/app.log" "$OUT/app-kafka.log"
  "$STACK" stop-app

  if ((BASELINE)); then
    log "mode baseline: the bench-baseline build (src/bench/baseline: a publisher that publishes nothing)"
    build_baseline_app
    fresh_stack baseline
    APP_JAR=$BASELINE_JAR "$STACK" run-app
    measure_mode baseline
    cp "$SHOPSTREAM_STACK_DIR/app/app.log" "$OUT/app-baseline.log"
  fi

  report | tee "$OUT/results.md"
  log "done in $((SECONDS - started)) s; results in ${OUT#"$PROJECT_DIR"/}/results.md"
}

main "$@"
