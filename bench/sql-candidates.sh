#!/bin/sh
# Which SQL gives the monitor's facts cheapest: every candidate statement per mode against SELECT 1
# on one kept connection, interleaved, medians (MonitorSqlCandidates; docs/measurements/benchmarks.md, "Which
# SQL"). Starts the labs of lab/db (bench/db-labs.sh; the plugin wsrep_info is installed on Galera
# node 1 for its information_schema.WSREP_STATUS candidate), measures the writable primary, the
# replica, a Synced Galera node and one restarted with performance_schema=ON, writes
# docs/measurements/bench/sql-candidates-{primary,replica,galera,galera-pfs}.json and the run's .meta.json.
# Needs a built tree (make build) and root (the lab runs mariadbd as user mysql). ~2 min.
# Usage: bench/sql-candidates.sh [ROUNDS]   (40 calls per candidate per round; default 60 rounds)
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "sql-candidates: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
[ -f bench/target/benchmarks.jar ] || { echo "sql-candidates: build first (make build)" >&2; exit 1; }
rounds=${1:-60}
mkdir -p docs/measurements/bench
. bench/db-labs.sh
trap db_labs_down EXIT
trap 'exit 130' INT TERM
db_labs_up
run() { # SET PORT PID
  "$java" -cp bench/target/benchmarks.jar io.clonevip.bench.MonitorSqlCandidates "$1" 127.0.0.1 "$2" "$rounds" "$3" \
    "docs/measurements/bench/sql-candidates-$1.json"
}
run primary $((rport+1)) "$(RUN_DIR=$rdir BASE_PORT=$rport bash lab/db/replication.sh pid 1)"
run replica $((rport+2)) "$(RUN_DIR=$rdir BASE_PORT=$rport bash lab/db/replication.sh pid 2)"
if [ "$(echo "$CLONEVIP_BENCH_DB" | tr -cd : | wc -c)" -ge 3 ]; then
  RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh sql 1 "INSTALL SONAME 'wsrep_info'" || true
  run galera $((gport+1)) "$(RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh pid 1)"
  # the same with performance_schema ON (MariaDB's default is OFF): node 3 restarted with it,
  # its PID recorded where the lab's teardown finds it
  RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh stop-node 3
  user_opt=""; [ "$(id -u)" = 0 ] && user_opt="--user=mysql"
  nohup /usr/sbin/mariadbd --defaults-file="$gdir/g3/my.cnf" $user_opt --performance-schema=ON \
    >"$gdir/g3/stdout.log" 2>&1 </dev/null &
  echo $! >"$gdir/g3/launcher.pid"
  RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh wait-synced 3 120
  run galera-pfs $((gport+3)) "$(RUN_DIR=$gdir BASE_PORT=$gport bash lab/db/galera.sh pid 3)"
else
  echo "sql-candidates: no Galera node: the galera set is left out" >&2
fi
sh bench/stamp.sh sql-candidates
