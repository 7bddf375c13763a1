# shellcheck shell=bash
# Shared by the benchmark scripts in this folder; sourced, not run. Expects SKIP_BUILD, JAR, PROJECT_DIR, STACK and
# the functions log and die to be defined by the script that sources it.

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
