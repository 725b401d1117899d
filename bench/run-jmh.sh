#!/bin/sh
# Runs the JMH benchmarks on the JDK 25 the build uses, with the GC profiler (allocation per op);
# JSON results to docs/bench/jmh.json, run metadata to docs/bench/jmh.meta.json.
# Extra arguments go to JMH, e.g. a subset:  bench/run-jmh.sh 'DecisionBench|BucketPredictor'
# or shorter runs: bench/run-jmh.sh -f 1 -wi 1 -i 2. Runs with arguments write
# docs/bench/jmh-partial.json instead, so only a full run (make bench, ~3.5 min on 2 cores)
# feeds the report.
# MonitorCheckBench needs a MariaDB: unless CLONEVIP_BENCH_DB is set, this starts the replication
# lab of lab/db (a throwaway primary/replica pair on 127.0.0.1, its own datadirs and ports,
# stopped by PID at the end); without /usr/sbin/mariadbd that benchmark is excluded.
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "run-jmh: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
[ -f bench/target/benchmarks.jar ] || { echo "run-jmh: build first (make build)" >&2; exit 1; }
mkdir -p docs/bench
exclude=""
if [ -z "${CLONEVIP_BENCH_DB:-}" ]; then
  if [ -x /usr/sbin/mariadbd ]; then
    RUN_DIR=$(mktemp -d /tmp/cvbench-db-XXXXXX)
    BASE_PORT=$(( 21000 + $(od -An -N2 -tu2 /dev/urandom) % 8000 ))
    export RUN_DIR BASE_PORT
    trap 'bash lab/db/replication.sh down >/dev/null 2>&1 || true; rm -rf "$RUN_DIR"' EXIT INT TERM
    echo "run-jmh: starting the replication lab (ports $((BASE_PORT+1)), $((BASE_PORT+2)))"
    bash lab/db/replication.sh up >"$RUN_DIR/up.log" 2>&1 || { cat "$RUN_DIR/up.log" >&2; exit 1; }
    CLONEVIP_BENCH_DB="127.0.0.1:$((BASE_PORT+1)):$((BASE_PORT+2))"
    export CLONEVIP_BENCH_DB
  else
    echo "run-jmh: no /usr/sbin/mariadbd: MonitorCheckBench excluded" >&2
    exclude="-e MonitorCheckBench"
  fi
fi
name=jmh
[ $# -eq 0 ] || name=jmh-partial
# shellcheck disable=SC2086
"$java" --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar \
  -rf json -rff "docs/bench/$name.json" -prof gc $exclude "$@"
sh bench/stamp.sh "$name"
