#!/usr/bin/env bash
# The API against the raw DynamoDB Query of the same data, both under wrk, against the same DynamoDB Local, in one
# run (io.isobar.query.bench.WrkComparison); writes its section of docs/benchmarks.md. Needs wrk
# (Debian: apt-get install -y wrk). Settings: BENCH_SECONDS, BENCH_ROUNDS, BENCH_THREADS, BENCH_CONNECTIONS.
set -euo pipefail
command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install -y wrk)" >&2; exit 2; }
exec "$(dirname "$0")/bench-java.sh" io.isobar.query.bench.WrkComparison "$@"
