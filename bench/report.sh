#!/bin/sh
# Regenerates the measured blocks of docs/measurements/benchmarks.md and the SVG figures in
# docs/measurements/bench/ from the result files of the last runs (docs/measurements/bench/*.json).
# With --run it first runs everything:
# the JMH set (bench/run-jmh.sh), the SQL candidates (bench/sql-candidates.sh), the data-plane
# and the bucket-change side-by-sides (~10 min on 2 cores, needs root). Needs a built tree
# (make build).
# Usage: bench/report.sh [--run]
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "report: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
[ -f bench/target/benchmarks.jar ] || { echo "report: build first (make build)" >&2; exit 1; }
if [ "${1:-}" = "--run" ]; then
  sh bench/run-jmh.sh
  sh bench/sql-candidates.sh
  sh bench/dataplane.sh
  sh bench/bucket-change.sh
fi
"$java" -cp bench/target/benchmarks.jar io.clonevip.bench.BenchReport docs/measurements
