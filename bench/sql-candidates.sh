#!/bin/sh
# Which SQL gives the monitor's facts cheapest: every candidate statement per mode against SELECT 1
# on one kept connection, interleaved, medians (MonitorSqlCandidates; docs/benchmarks.md, "Which
# SQL"). Starts the labs of lab/db (bench/db-labs.sh; the plugin wsrep_info is installed on Galera
# node 1 for its information_schema.WSREP_STATUS candidate), measures the writable primary, the
# replica and a Synced Galera node, writes docs/bench/sql-candidates-{primary,replica,galera}.json
# and the run's .meta.json. Needs a built tree (make build) and root (the lab runs mariadbd as mysql).
# Usage: bench/sql-candidates.sh [ROUNDS]   (40 calls per candidate per round; default 60 rounds)
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "sql-candidates: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
[ -f bench/target/benchmarks.jar ] || { echo "sql-candidates: build first (make build)" >&2; exit 1; }
rounds=${1:-60}
mkdir -p docs/bench
. bench/db-labs.sh
trap db_labs_down EXIT
trap 'exit 130' INT TERM
db_labs_up
run() { # SET PORT PID
  "$java" -cp bench/target/benchmarks.jar io.clonevip.bench.MonitorSqlCandidates "$1" 127.0.0.1 "$2" "$rounds" "$3" \
    "docs/bench/sql-candidates-$1.json"
}
run primary $((rport+1)) "$(RUN_DIR=$rdir BASE_PORT=$rport bash lab/db/replication.sh pid 1)"
run replica $((rport+2)) "$(RUN_DIR=$rdir BASE_PORT=$rport bash lab/db/replication.sh pid 2)"
if [ "$(echo "$CLONEVIP_BENCH_DB" | tr -cd : | wc -c)" -ge 3 ]; then
  RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh sql 1 "INSTALL SONAME 'wsrep_info'" || true
  run galera $((gport+1)) "$(RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh pid 1)"
else
  echo "sql-candidates: no Galera node: the galera set is left out" >&2
fi
sh bench/stamp.sh sql-candidates
