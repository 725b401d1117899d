#!/bin/sh
# The narrated end-to-end demo (docs/developer/e2e-lab.md): Pacemaker + Galera + clonevip's agents in
# namespaces, the blog's client loop through the VIP, desync/resync, crash, partition.
# Needs root and a build (mvn -B -ntp -pl lab -am package -DskipTests). Options go to
# io.clonevip.lab.e2e.E2eDemo: --buckets N, --rounds N, --crash-rounds N, --no-crash,
# --no-partition, --distrib-rule, --hold S, --svg FILE, --timings FILE, --label TEXT,
# --upstream-ipaddr2 FILE (see lab/e2e/compare-ipaddr2.sh), --crm-property NAME=VALUE,
# --vip-param NAME=VALUE, --no-agentd (no clonevip-agentd in the nodes: a JVM per IPaddr3
# action; also E2E_AGENTD=0) (docs/developer/e2e-lab.md).
# With --drain first, the "moves keep connections" harness instead (io.clonevip.lab.e2e.DrainHarness,
# docs/developer/e2e-drain.md): --buckets 3,12, --legs before,after, --drain-limit S, --max-lifetime S,
# --pool-size N, --rounds N, --figures FILE, --run TEXT; with --drain-table FIGURES [DOC] its tables
# (io.clonevip.lab.e2e.DrainTable: printed, or written into DOC's generated part).
# With --load first, the load-aware placement run (io.clonevip.lab.e2e.LoadHarness, docs/measurements/load-e2e.md):
# --buckets N, --hold T, --cpus C, --baseline S, --squeeze S, --short N, --long N, --think MS, --query-ms MS, --out DIR.
set -eu
cd "$(dirname "$0")/../.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "e2e demo: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "e2e demo: run as root (namespaces, Pacemaker, MariaDB)" >&2; exit 1; }
[ -f lab/target/classpath.txt ] || { echo "e2e demo: build first (mvn -B -ntp -pl lab -am package -DskipTests)" >&2; exit 1; }
cp="lab/target/lab-0.1.0-SNAPSHOT.jar:$(cat lab/target/classpath.txt)"
main=io.clonevip.lab.e2e.E2eDemo
case "${1:-}" in
  --drain) main=io.clonevip.lab.e2e.DrainHarness; shift ;;
  --drain-table) main=io.clonevip.lab.e2e.DrainTable; shift ;;
  --load) main=io.clonevip.lab.e2e.LoadHarness; shift ;;
esac
exec "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" "$main" "$@"
