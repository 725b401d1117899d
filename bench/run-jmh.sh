#!/bin/sh
# Runs the JMH benchmarks on the JDK 25 the build uses, with the GC profiler (allocation per op);
# JSON results to docs/measurements/bench/jmh.json, run metadata to docs/measurements/bench/jmh.meta.json.
# Extra arguments go to JMH, e.g. a subset:  bench/run-jmh.sh 'DecisionBench|BucketPredictor'
# or shorter runs: bench/run-jmh.sh -f 1 -wi 1 -i 2. Runs with arguments write
# docs/measurements/bench/jmh-partial.json instead, so only a full run (make bench, ~4 min on 2 cores)
# feeds the report; except `bench/run-jmh.sh --monitor [JMH options]`: the mysql_monitor
# benchmarks only (MonitorCheckBench, DecisionBench; ~2.5 min) into docs/measurements/bench/jmh-monitor.json,
# which the report's monitor block takes when it is newer than jmh.json.
# MonitorCheckBench needs MariaDB servers: unless CLONEVIP_BENCH_DB (host:primary:replica[:galera]
# ports) is set, this starts the replication and the Galera labs of lab/db (throwaway servers
# on 127.0.0.1 with their own datadirs and ports, stopped by PID at the end; ~25 s). Without
# a Galera node the pxc checks are left out; without /usr/sbin/mariadbd the benchmark is.
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "run-jmh: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
[ -f bench/target/benchmarks.jar ] || { echo "run-jmh: build first (make build)" >&2; exit 1; }
mkdir -p docs/measurements/bench
exclude=""
params=""
name=jmh
if [ "${1:-}" = "--monitor" ]; then
  shift; name=jmh-monitor; set -- 'MonitorCheckBench|DecisionBench' "$@"
elif [ $# -gt 0 ]; then
  name=jmh-partial
fi
. bench/db-labs.sh
if [ -z "${CLONEVIP_BENCH_DB:-}" ]; then
  if [ -x /usr/sbin/mariadbd ]; then
    trap db_labs_down EXIT
    trap 'exit 130' INT TERM
    db_labs_up
  else
    echo "run-jmh: no /usr/sbin/mariadbd: MonitorCheckBench excluded" >&2
    exclude="-e MonitorCheckBench"
  fi
fi
if [ -n "${CLONEVIP_BENCH_DB:-}" ] && [ "$(echo "$CLONEVIP_BENCH_DB" | tr -cd : | wc -c)" -lt 3 ]; then
  echo "run-jmh: no Galera node: the pxc checks are left out" >&2
  params="-p cluster=read-only,replication,replication-primary"
fi
# shellcheck disable=SC2086
"$java" --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar \
  -rf json -rff "docs/measurements/bench/$name.json" -prof gc $exclude $params "$@"
"$java" -cp bench/target/benchmarks.jar io.clonevip.bench.JmhCompact "docs/measurements/bench/$name.json"
sh bench/stamp.sh "$name"
