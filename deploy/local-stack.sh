#!/usr/bin/env bash
# Local, production-like Shopstream stack without Docker.
#
#   deploy/local-stack.sh start [--fresh]   start Kafka and PostgreSQL; --fresh wipes their data first
#   deploy/local-stack.sh stop              stop the app (if run-app started it) and every service; idempotent
#   deploy/local-stack.sh status            print each service's state
#   deploy/local-stack.sh run-app [java args...]  run target/quarkus-app/quarkus-run.jar against the stack
#   deploy/local-stack.sh stop-app          stop only the app
#   deploy/local-stack.sh build-app         ./mvnw package -DskipTests (waits for another build of this project)
#   deploy/local-stack.sh offsets TOPIC     end offsets of a topic, one topic:partition:offset a line
#   deploy/local-stack.sh psql [args...]    psql as the app's user on the app's database (needs a psql client)
#   deploy/local-stack.sh clean             stop, then delete the state directory
#
# Each service is a JVM of its own running io.shopstream.devservices.LocalStack (src/dev/java) with the code dev
# mode uses: EmbeddedKafka (a KRaft broker with every topic of Topics, records up to 17 MiB) and EmbeddedPostgres
# (PostgreSQL 17 from the embedded-postgres jar, database and user shopstream, fsync on; as root it runs through
# unshare -U). The class path is target/classes, target/dev-classes and the project's test class path, resolved
# once through Maven. This script only launches, waits for, and stops processes. Everything listens on loopback.
#
# Environment (defaults in brackets):
#   SHOPSTREAM_STACK_DIR   state dir: pid files, logs, data [target/local-stack]
#   KAFKA_PORT, KAFKA_CONTROLLER_PORT  broker and controller listeners [9092, 9093]
#   KAFKA_PARTITIONS       partitions of every topic [6]
#   KAFKA_HEAP_OPTS        broker heap [-Xms512m -Xmx1g]
#   KAFKA_JVM_OPTS         other broker JVM flags [G1 flags of Kafka's own kafka-run-class.sh]
#   STACK_LOG_LEVEL        log level of the Kafka and PostgreSQL JVMs [INFO]
#   POSTGRES_PORT          PostgreSQL port [5432]
#   POSTGRES_OPTS          server settings over the defaults, e.g. "-c shared_buffers=256MB -c fsync=off" []
#   START_TIMEOUT          seconds to wait for a service [90]
#   APP_PORT               app HTTP port [8080]
#   APP_HEAP_OPTS, APP_JAVA_OPTS  app heap [-Xmx1g] and other JVM flags []
#   APP_MANAGEMENT_PORT    app management port: /q/health and /q/metrics (production profile) [9000]
#   APP_START_TIMEOUT      seconds to wait for /q/health/ready [90]
#   APP_JAR                the application run-app starts [target/quarkus-app/quarkus-run.jar]
#   SHOPSTREAM_WEBHOOK_SECRETS  HMAC secrets handed to the app [shopstream-test-client-secret, the samples'
#                          secret; the app then runs with shopstream.secrets.allow-development-values=true]
#   STOP_TIMEOUT           seconds between SIGTERM and SIGKILL [30]
set -euo pipefail

PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${SHOPSTREAM_STACK_DIR:-$PROJECT_DIR/target/local-stack}
mkdir -p "$STACK_DIR"
STACK_DIR=$(cd "$STACK_DIR" && pwd)

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-6}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g}
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
STACK_LOG_LEVEL=${STACK_LOG_LEVEL:-INFO}
POSTGRES_PORT=${POSTGRES_PORT:-5432}
POSTGRES_OPTS=${POSTGRES_OPTS:-}
START_TIMEOUT=${START_TIMEOUT:-90}
APP_PORT=${APP_PORT:-8080}
APP_MANAGEMENT_PORT=${APP_MANAGEMENT_PORT:-9000}
APP_HEAP_OPTS=${APP_HEAP_OPTS:--Xmx1g}
APP_JAVA_OPTS=${APP_JAVA_OPTS:-}
APP_START_TIMEOUT=${APP_START_TIMEOUT:-90}
APP_JAR=${APP_JAR:-$PROJECT_DIR/target/quarkus-app/quarkus-run.jar}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}
MDEP_PLUGIN=${MDEP_PLUGIN:-org.apache.maven.plugins:maven-dependency-plugin:3.9.0}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
CLASSPATH_FILE=$STACK_DIR/stack.classpath
MAIN=io.shopstream.devservices.LocalStack

log() { printf '[local-stack] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# alive PIDFILE MARKER: the pid file names a live process whose command line contains MARKER (not a reused pid).
alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) && [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# stop_pid NAME PIDFILE MARKER [SIGNAL]: SIGNAL (TERM), up to STOP_TIMEOUT s, then SIGKILL; removes the pid file.
stop_pid() {
  local pid start=$SECONDS
  if alive "$2" "$3"; then
    pid=$(<"$2")
    log "$1: stopping (pid $pid, SIG${4:-TERM})"
    kill "-${4:-TERM}" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$1: still running after ${STOP_TIMEOUT}s, SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    log "$1: stopped in $((SECONDS - start)) s"
  fi
  rm -f "$2"
}

# launch PIDFILE LOGFILE CMD...: CMD detached (own session, stdin closed), its pid in PIDFILE.
launch() {
  local pidfile=$1 logfile=$2
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $1 belong to the inner shell
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' launch "$pidfile" "$@" >"$logfile" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s $pidfile ]] && return 0 || sleep 0.1; done
  die "could not launch $*"
}

# The service class path, resolved once (again when pom.xml is newer). Without the Quarkus jars:
# quarkus-bootstrap-runner would make jboss-logmanager buffer every record until a Quarkus app configures logging.
classpath() {
  local classes=$PROJECT_DIR/target/classes dev=$PROJECT_DIR/target/dev-classes
  [[ -f $classes/application.properties ]] || build_app
  if [[ ! -s $CLASSPATH_FILE || $PROJECT_DIR/pom.xml -nt $CLASSPATH_FILE ]]; then
    log "resolving the project's test class path through Maven"
    (cd "$PROJECT_DIR" && ./mvnw -q -B -o "$MDEP_PLUGIN:build-classpath" -Dmdep.includeScope=test \
      -Dmdep.outputFile="$CLASSPATH_FILE.tmp" >"$STACK_DIR/mvn.log" 2>&1) ||
      { cat "$STACK_DIR/mvn.log" >&2; die "Maven could not resolve the class path (offline)"; }
    tr ':' '\n' <"$CLASSPATH_FILE.tmp" | grep -v '/io/quarkus/' | paste -sd: >"$CLASSPATH_FILE"
    rm -f "$CLASSPATH_FILE.tmp"
  fi
  printf '%s:%s:%s' "$classes" "$dev" "$(<"$CLASSPATH_FILE")"
}

# java_cmd LEVEL: sets JAVA_CMD, java with the service class path and jboss-logmanager logging to stderr at LEVEL.
java_cmd() {
  local cp
  cp=$(classpath)
  JAVA_CMD=("$JAVA" -Djava.util.logging.manager=org.jboss.logmanager.LogManager
    "-Dlogging.configuration=file:$(logging_properties "$1")" -cp "$cp")
}

logging_properties() { # level -> file
  local file=$STACK_DIR/logging-$1.properties
  cat >"$file" <<EOF
logger.level=$1
logger.handlers=CONSOLE
handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler
handler.CONSOLE.properties=autoFlush,target
handler.CONSOLE.autoFlush=true
handler.CONSOLE.target=SYSTEM_ERR
handler.CONSOLE.formatter=PATTERN
formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter
formatter.PATTERN.properties=pattern
formatter.PATTERN.pattern=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n
EOF
  printf '%s' "$file"
}

# start_service NAME PIDFILE FRESH JVM-OPTS ARGS...: launches LocalStack NAME ARGS, waits for its ready line.
start_service() {
  local name=$1 pidfile=$2 fresh=$3 opts=$4 dir=$STACK_DIR/$1 start=$SECONDS
  shift 4
  if alive "$pidfile" "shopstream.stack.service=$name"; then
    log "$name: already running"
    return 0
  fi
  mkdir -p "$dir"
  if [[ $fresh == true ]]; then rm -rf "$dir/data"; fi
  local -a jvm
  read -r -a jvm <<<"$opts"
  java_cmd "$STACK_LOG_LEVEL"
  launch "$pidfile" "$dir/$name.log" \
    "${JAVA_CMD[@]}" "${jvm[@]}" "-Dshopstream.stack.service=$name" "$MAIN" "$name" "$@"
  until grep -q '^local-stack: ready' "$dir/$name.log"; do
    if ! alive "$pidfile" "shopstream.stack.service=$name" || ((SECONDS - start > START_TIMEOUT)); then
      log "$name: not ready within ${START_TIMEOUT}s; last log lines:"
      tail -n 40 "$dir/$name.log" >&2 || true
      "stop_$name"
      exit 1
    fi
    sleep 0.2
  done
  log "$name: $(grep -m1 '^local-stack: ready' "$dir/$name.log" | cut -c21-) ($((SECONDS - start)) s, log $dir/$name.log)"
}

# kafka.pid is the broker's JVM: the benchmarks read its CPU.
start_kafka() {
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$port" && ! kafka_running && die "kafka: 127.0.0.1:$port is already in use by another process"
  done
  start_service kafka "$STACK_DIR/kafka/kafka.pid" "$1" "$KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS" \
    "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_PARTITIONS" "$STACK_DIR/kafka/data"
}
kafka_running() { alive "$STACK_DIR/kafka/kafka.pid" shopstream.stack.service=kafka; }
stop_kafka() { stop_pid kafka "$STACK_DIR/kafka/kafka.pid" shopstream.stack.service=kafka; }

# postgres.pid is the postmaster (the benchmarks read its CPU with its children's), written by LocalStack;
# java.pid the JVM that started it and stops it (fast shutdown) on SIGTERM.
start_postgres() {
  port_open "$POSTGRES_PORT" && ! postgres_running && die "postgres: 127.0.0.1:$POSTGRES_PORT is already in use"
  local -a opts settings=()
  read -r -a opts <<<"$POSTGRES_OPTS"
  for opt in "${opts[@]}"; do [[ $opt == -c ]] || settings+=("$opt"); done
  start_service postgres "$STACK_DIR/postgres/java.pid" "$1" "-Xmx128m" \
    "$POSTGRES_PORT" "$STACK_DIR/postgres/data" "$STACK_DIR/postgres/postgres.pid" "${settings[@]}"
}
postgres_running() { alive "$STACK_DIR/postgres/java.pid" shopstream.stack.service=postgres; }
stop_postgres() {
  stop_pid postgres "$STACK_DIR/postgres/java.pid" shopstream.stack.service=postgres
  # a postmaster left behind by a killed JVM: SIGINT is PostgreSQL's fast shutdown
  stop_pid postmaster "$STACK_DIR/postgres/postgres.pid" "$STACK_DIR/postgres/data" INT
}

app_running() { alive "$STACK_DIR/app/app.pid" shopstream.stack.service=app; }
stop_app() { stop_pid app "$STACK_DIR/app/app.pid" shopstream.stack.service=app; }

# Waits while another Maven build of this project (same working directory) runs, then packages the app.
build_app() {
  local pid deadline=$((SECONDS + 900))
  for pid in $(pgrep -f 'org.codehaus.plexus.classworlds.launcher.Launcher' || true); do
    while [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$PROJECT_DIR" ]]; do
      ((SECONDS < deadline)) || die "another Maven build of $PROJECT_DIR has been running for 15 min"
      log "another Maven build of this project is running; waiting"
      sleep 10
    done
  done
  log "building the app: ./mvnw -B package -DskipTests"
  (cd "$PROJECT_DIR" && ./mvnw -B -q package -DskipTests >&2) || die "build failed"
}

ready_code() {
  local code
  code=$(curl --noproxy '*' -s -o "$STACK_DIR/app/ready.json" -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$APP_MANAGEMENT_PORT/q/health/ready" 2>/dev/null) || true
  # builds from before the management interface serve /q/health on the application port
  [[ $code == 000 || -z $code ]] && code=$(curl --noproxy '*' -s -o "$STACK_DIR/app/ready.json" -w '%{http_code}' \
    --max-time 2 "http://127.0.0.1:$APP_PORT/q/health/ready" 2>/dev/null) || true
  echo "$code"
}

run_app() {
  local start=$SECONDS
  kafka_running && postgres_running || die "the stack is not running; run '$0 start' first"
  app_running && stop_app
  port_open "$APP_PORT" && die "app: 127.0.0.1:$APP_PORT is already in use by another process"
  port_open "$APP_MANAGEMENT_PORT" && die "app: 127.0.0.1:$APP_MANAGEMENT_PORT is already in use by another process"
  [[ -f $APP_JAR ]] || build_app
  mkdir -p "$STACK_DIR/app"
  local -a heap opts
  # the samples' secret is published in application.properties: the production profile accepts it only when told
  local allow_dev=false
  [[ ${SHOPSTREAM_WEBHOOK_SECRETS:-shopstream-test-client-secret} == shopstream-test-client-secret ]] && allow_dev=true
  read -r -a heap <<<"$APP_HEAP_OPTS"
  read -r -a opts <<<"$APP_JAVA_OPTS"
  # The app reads every KAFKA_* variable as a Kafka client property: only the bootstrap servers go through.
  launch "$STACK_DIR/app/app.pid" "$STACK_DIR/app/app.log" \
    env -u KAFKA_PORT -u KAFKA_CONTROLLER_PORT -u KAFKA_PARTITIONS -u KAFKA_HEAP_OPTS -u KAFKA_JVM_OPTS \
    KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$POSTGRES_PORT/shopstream" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/shopstream" \
    QUARKUS_DATASOURCE_USERNAME=shopstream QUARKUS_DATASOURCE_PASSWORD=shopstream \
    SHOPSTREAM_WEBHOOK_SECRETS="${SHOPSTREAM_WEBHOOK_SECRETS:-shopstream-test-client-secret}" \
    SHOPSTREAM_SECRETS_ALLOW_DEVELOPMENT_VALUES="${SHOPSTREAM_SECRETS_ALLOW_DEVELOPMENT_VALUES:-$allow_dev}" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$APP_PORT" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$APP_MANAGEMENT_PORT" \
    "$JAVA" "${heap[@]}" "${opts[@]}" -Dshopstream.stack.service=app "$@" -jar "$APP_JAR"
  log "app: launched pid $(<"$STACK_DIR/app/app.pid"), log $STACK_DIR/app/app.log"
  until [[ $(ready_code) == 200 ]]; do
    if ! app_running || ((SECONDS - start > APP_START_TIMEOUT)); then
      log "app: not ready within ${APP_START_TIMEOUT}s ($(head -c 400 "$STACK_DIR/app/ready.json" 2>/dev/null)); last log lines:"
      tail -n 40 "$STACK_DIR/app/app.log" >&2 || true
      stop_app
      exit 1
    fi
    sleep 0.2
  done
  log "app: ready on http://127.0.0.1:$APP_PORT in $((SECONDS - start)) s"
}

status() { # name running-check port
  if "$2"; then
    printf '%s: running (pid %s) 127.0.0.1:%s\n' "$1" "$(<"$STACK_DIR/$1/$1.pid")" "$3"
  else
    printf '%s: stopped\n' "$1"
  fi
}

cmd=${1:-}
(($# > 0)) && shift
case $cmd in
  start)
    [[ ${1:-} == '' || ${1:-} == --fresh ]] || die "start: unknown option $1"
    fresh=false
    [[ ${1:-} == --fresh ]] && fresh=true
    start_kafka "$fresh"
    start_postgres "$fresh"
    log "stack started (state dir $STACK_DIR)"
    ;;
  stop) stop_app && stop_postgres && stop_kafka ;;
  status)
    status kafka kafka_running "$KAFKA_PORT"
    status postgres postgres_running "$POSTGRES_PORT"
    status app app_running "$APP_PORT"
    ;;
  run-app) run_app "$@" ;;
  stop-app) stop_app ;;
  build-app) build_app ;;
  offsets)
    (($# == 1)) || die "offsets: give one topic"
    java_cmd WARN
    exec "${JAVA_CMD[@]}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$MAIN" offsets "127.0.0.1:$KAFKA_PORT" "$1"
    ;;
  psql)
    command -v psql >/dev/null || die "psql: no psql client installed (apt-get install postgresql-client)"
    PGPASSWORD=shopstream exec psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U shopstream shopstream "$@"
    ;;
  clean)
    "$0" stop
    rm -rf "$STACK_DIR"
    log "removed $STACK_DIR"
    ;;
  *)
    sed -n '3,12s/^# \{0,1\}//p' "$0" >&2
    exit 2
    ;;
esac
