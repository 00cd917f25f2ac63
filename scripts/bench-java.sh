#!/usr/bin/env bash
# Runs one of the query-service benchmarks (a main class under query-service/src/test/.../bench) from a fresh
# reactor build, without installing anything into ~/.m2:
#   scripts/bench-java.sh io.isobar.query.bench.PointBenchmark
# Extra arguments after the class go to java (e.g. -XX:StartFlightRecording=filename=/tmp/x.jfr), before the class.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLASS="${1:?usage: $0 MAIN_CLASS [JVM_OPTION...]}"
shift
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
cd "$ROOT"
mvn -B -ntp -q -o -pl query-service -am -DskipTests package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="query-service/target/test-classes:query-service/target/classes:$(cat "$CP_FILE")"
exec java -Xmx2g -Dlog4j2.configurationFile=log4j2-test.xml "$@" -cp "$CP" "$CLASS"
