#!/usr/bin/env bash
# The live benchmark (map pictures cold/warm, event delivery to 100 SSE clients): builds query-service and what it
# needs in this reactor (nothing is installed into ~/.m2), then runs io.isobar.query.bench.LiveBenchmark, which writes
# its section of docs/benchmarks.md. Settings: BENCH_COLD, BENCH_WARM, BENCH_CLIENTS, BENCH_EVENTS, BENCH_RATE.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -ntp -o -q -pl query-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
# The last module built is query-service: its classpath names its siblings' jars in ~/.m2 or their target/classes;
# put this reactor's classes first.
cp="query-service/target/test-classes:query-service/target/classes"
for m in core local-aws simulator; do cp="$cp:$m/target/classes"; done
DDB_LOCAL_TELEMETRY=0 exec java -Xmx2g -Dlog4j2.configurationFile=log4j2-test.xml -cp "$cp:$(cat "$cp_file")" \
  io.isobar.query.bench.LiveBenchmark
