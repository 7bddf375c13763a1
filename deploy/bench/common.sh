# shellcheck shell=bash
# Shared by the benchmark scripts in this folder; sourced, not run. Expects SKIP_BUILD, JAR, PROJECT_DIR, STACK
# (CLASSPATH_FILE and OUT for prepare_bench_jvm) and the functions log and die to be defined by the script that
# sources it.

# Builds the application jar unless it is newer than pom.xml and src/main (or SKIP_BUILD=1).
ensure_app_jar() {
  if [[ $SKIP_BUILD == 1 ]]; then
    [[ -f $JAR ]] || die "SKIP_BUILD=1 but $JAR is missing"
    return 0
  fi
  local newer=''
  if [[ -f $JAR ]]; then
    newer=$(find "$PROJECT_DIR/pom.xml" "$PROJECT_DIR/src/main" -newer "$JAR" -type f -print -quit)
    [[ -z $newer ]] && return 0
    log "the app jar is older than $newer: rebuilding"
  fi
  "$STACK" build-app
}

# Sets BENCH_CP (test, main and dev classes -- `package` moves the dev classes to target/dev-classes -- plus the test class path in $CLASSPATH_FILE, without the Quarkus jars:
# quarkus-bootstrap-runner would make jboss-logmanager buffer every log record until a Quarkus app configures
# logging, see deploy/local-stack.sh; the bench mains use none of them) and writes $OUT/bench-logging.properties
# (warnings and errors on stderr).
prepare_bench_jvm() {
  BENCH_CP=$PROJECT_DIR/target/test-classes:$PROJECT_DIR/target/classes:$PROJECT_DIR/target/dev-classes:$(tr ':' '\n' <"$CLASSPATH_FILE" |
    grep -v '/io/quarkus/' | paste -sd:)
  cat >"$OUT/bench-logging.properties" <<'PROPS'
logger.level=WARN
logger.handlers=CONSOLE
handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler
handler.CONSOLE.properties=autoFlush,target
handler.CONSOLE.autoFlush=true
handler.CONSOLE.target=SYSTEM_ERR
handler.CONSOLE.formatter=PATTERN
formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter
formatter.PATTERN.properties=pattern
formatter.PATTERN.pattern=%d{HH:mm:ss,SSS} %-5p [%c] %s%e%n
PROPS
}
