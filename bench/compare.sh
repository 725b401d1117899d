#!/bin/sh
# clonevip side by side with HAProxy in front of Galera and with a keepalived VRRP VIP, on the
# end-to-end lab, in one run (docs/measurements/compare.md): latency and throughput of the same
# client workloads, the health checks' load on the databases, failovers as the client sees them,
# load sharing. Writes docs/measurements/bench/compare.json (+ .meta.json: commit, machine, load),
# then regenerates the page's tables and figures. Needs root and a build
# (mvn -B -ntp -pl bench -am package -DskipTests); installs haproxy, keepalived, socat and tcpdump
# when missing (scripts/deps/compare.list, services never started). ~13 min with the defaults.
# Usage: bench/compare.sh [--seconds S] [--warmup S] [--concurrency 1,4,16] [--health-seconds S]
#                         [--parts health,latency,failover]
#        bench/compare.sh --report-only     the page again from the last result file
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "compare: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
[ -f bench/target/benchmarks.jar ] || { echo "compare: build first (mvn -B -ntp -pl bench -am package -DskipTests)" >&2; exit 1; }
if [ "${1:-}" != --report-only ]; then
    [ "$(id -u)" -eq 0 ] || { echo "compare: run as root (namespaces, Pacemaker, MariaDB)" >&2; exit 1; }
    for p in $(sed 's/#.*//' scripts/deps/compare.list scripts/deps/e2e.list); do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || { sh scripts/setup-host.sh; break; }
    done
    mkdir -p docs/measurements/bench
    "$java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.clonevip.bench.CompareSideBySide \
        docs/measurements/bench/compare.json "$@"
    sh bench/stamp.sh compare
fi
"$java" -cp bench/target/benchmarks.jar io.clonevip.bench.CompareReport docs/measurements
