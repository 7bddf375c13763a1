#!/usr/bin/env bash
# Signs webhooks the way Shopify does (Base64 HMAC-SHA256 over the exact body bytes) and posts them to a URL: the
# signed samples, or a synthetic burst of orders with duplicates and out-of-order updates. Prints the answers by
# status and the p50/p99 latency; exits 1 unless every answer was 2xx. The offline counterpart of
# `shopify app webhook trigger`.
#
#   deploy/send-webhooks.sh --url URL [--secret S] --samples [bundled|DIR] [--concurrency C]
#   deploy/send-webhooks.sh --url URL [--secret S] --orders N --shops M [--duplicates 0.1] [--out-of-order 0.1]
#                           [--concurrency C] [--shop-prefix P] [--seed 1] [--timeout-ms 10000]
#
#   --url           the webhook endpoint, e.g. http://127.0.0.1:8080/webhooks/shopify
#   --secret        the app's client secret [$SHOPSTREAM_WEBHOOK_SECRET, else the test secret
#                   shopstream-test-client-secret of dev mode and the local stack]; prefer the variable (not in ps)
#   --samples       send the signed samples: "bundled" (src/test/resources/shopify/webhooks) or a directory with
#                   the same layout (headers.json + files); re-signed with the secret
#   --orders N      a burst of N distinct orders/create webhooks [100] across --shops M shops [10]
#                   (<prefix>-0001.myshopify.com ...), variants of the orders/create sample
#   --duplicates    share of the deliveries sent again, same webhook id and bytes, at the end [0]
#   --out-of-order  share of the orders that also get two orders/updated deliveries, the newer first [0]
#   --concurrency   requests in flight, at most one per shop: a shop's webhooks keep their order [8]
#   --shop-prefix   shops' name prefix [send-<random>]; --seed: which orders/deliveries are picked [1]
#
# Compiles the sender (src/dev/java/io/shopstream/devservices/sender) with javac into target/send-webhooks/classes
# unless SKIP_BUILD=1; Maven only resolves the class path once, so a running dev mode's target/classes stay untouched.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
SKIP_BUILD=${SKIP_BUILD:-0}
MDEP_PLUGIN=${MDEP_PLUGIN:-org.apache.maven.plugins:maven-dependency-plugin:3.9.0}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
JAVAC=${JAVAC:-${JAVA_HOME:+$JAVA_HOME/bin/}javac}
OUT=$PROJECT_DIR/target/send-webhooks
CLASSPATH_FILE=$OUT/classpath
SENDER_SOURCES=$PROJECT_DIR/src/dev/java/io/shopstream/devservices/sender

usage() { sed -n '2,24s/^# \{0,1\}//p' "$0"; }
die() { printf '[send-webhooks] ERROR: %s\n' "$*" >&2; exit 2; }

args=()
while (($# > 0)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --samples)
      if [[ ${2:-} != --* && -n ${2:-} ]]; then args+=("samples=$2"); shift; else args+=(samples=bundled); fi ;;
    --url | --secret | --orders | --shops | --duplicates | --out-of-order | --concurrency | --shop-prefix | --seed | \
      --timeout-ms)
      (($# >= 2)) || die "$1 needs a value"
      args+=("${1#--}=$2")
      shift ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
  shift
done
printf '%s\n' "${args[@]}" | grep -q '^url=' || { usage >&2; die "--url is required"; }
if ! printf '%s\n' "${args[@]}" | grep -q '^secret='; then
  export SHOPSTREAM_WEBHOOK_SECRET=${SHOPSTREAM_WEBHOOK_SECRET:-shopstream-test-client-secret}
fi

if [[ $SKIP_BUILD != 1 ]]; then
  mkdir -p "$OUT"
  if [[ ! -s $CLASSPATH_FILE || $PROJECT_DIR/pom.xml -nt $CLASSPATH_FILE ]]; then
    goals=(-B -q "$MDEP_PLUGIN:build-classpath" -Dmdep.includeScope=test "-Dmdep.outputFile=$CLASSPATH_FILE")
    (cd "$PROJECT_DIR" && { ./mvnw -o "${goals[@]}" || ./mvnw "${goals[@]}"; }) >"$OUT/mvn.log" 2>&1 ||
      { tail -n 30 "$OUT/mvn.log" >&2; die "resolving the sender's class path failed"; }
  fi
  rm -rf "$OUT/classes"
  "$JAVAC" --release 17 -nowarn -XDsuppressNotes -d "$OUT/classes" -cp "$(<"$CLASSPATH_FILE")" "$SENDER_SOURCES"/*.java ||
    die "compiling the sender failed"
fi
[[ -s $CLASSPATH_FILE && -d $OUT/classes ]] || die "no sender in $OUT (run without SKIP_BUILD=1 once)"
# Without the Quarkus jars (jboss-logmanager would buffer log records for an app that never starts); the bundled
# samples and the orders/create template come from src/test/resources.
cp=$OUT/classes:$PROJECT_DIR/src/test/resources:$(tr ':' '\n' <"$CLASSPATH_FILE" | grep -v '/io/quarkus/' | paste -sd:)
exec "$JAVA" -XX:TieredStopAtLevel=1 -cp "$cp" io.shopstream.devservices.sender.SendWebhooks "${args[@]}"
