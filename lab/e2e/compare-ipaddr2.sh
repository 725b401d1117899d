#!/bin/bash
# The end-to-end scenario with clonevip's IPaddr3 and then with upstream ClusterLabs IPaddr2
# (its nft cluster backend) in its place, same lab and Pacemaker configuration otherwise
# (docs/measurements/e2e.md). Upstream's agent is not part of this project:
# it is read at run time from the resource-agents source the caller names (a git repository,
# bare or not: HEAD:heartbeat/IPaddr2; or a checkout: heartbeat/IPaddr2; or the file itself),
# copied into a temporary file for the run and removed afterwards. It runs with the host's
# ocf-shellfuncs and findif.sh (Debian's resource-agents).
# Needs root and a build (mvn -B -ntp -pl lab -am package -DskipTests).
# Usage: lab/e2e/compare-ipaddr2.sh RESOURCE_AGENTS TIMINGS_FILE [demo options...]
#   default demo options: --rounds 3 --crash-rounds 3 --hold 2; one run each, IPaddr3 first;
#   TIMINGS_FILE gets the runs' timings (tab-separated, see TimingsFile), SVGs beside it.
#   COMPARE_RUNS: the runs in order, any of "agentd" (IPaddr3 with clonevip-agentd in the nodes,
#   label "IPaddr3 + agentd"), "jvm" (IPaddr3 without agentd: a JVM per action, label "IPaddr3,
#   JVM per action"), "upstream" (upstream IPaddr2; no agentd, which serves IPaddr3 only);
#   default "agentd upstream". COMPARE_FIRST=upstream (older form) means "upstream agentd".
#   The machine's load drifts, so pair the orders and pool the files
#   (lab/e2e/timings-table.py A.tsv B.tsv).
set -eu
src=${1:?usage: compare-ipaddr2.sh RESOURCE_AGENTS TIMINGS_FILE [demo options...]}
timings=${2:?usage: compare-ipaddr2.sh RESOURCE_AGENTS TIMINGS_FILE [demo options...]}
shift 2
[ $# -gt 0 ] || set -- --rounds 3 --crash-rounds 3 --hold 2
here=$(cd "$(dirname "$0")" && pwd)
agent=$(mktemp /tmp/clonevip-upstream-IPaddr2-XXXXXX)
trap 'rm -f "$agent"' EXIT
trap 'exit 130' INT; trap 'exit 143' TERM   # no further run after a signal
if [ -f "$src" ]; then
    cp "$src" "$agent"
elif [ -f "$src/heartbeat/IPaddr2" ]; then
    cp "$src/heartbeat/IPaddr2" "$agent"
elif git -C "$src" rev-parse --git-dir > /dev/null 2>&1; then
    git -C "$src" show HEAD:heartbeat/IPaddr2 > "$agent"
else
    echo "compare-ipaddr2: no heartbeat/IPaddr2 in $src" >&2; exit 1
fi
grep -q 'clusterip_firewall' "$agent" || { echo "compare-ipaddr2: $src's IPaddr2 has no nft backend (clusterip_firewall)" >&2; exit 1; }
base=${timings%.*}
rc=0
runs=${COMPARE_RUNS:-agentd upstream}
[ "${COMPARE_FIRST:-ours}" = upstream ] && [ -z "${COMPARE_RUNS:-}" ] && runs="upstream agentd"
for run in $runs; do
    case $run in agentd | jvm | upstream) ;; *) echo "compare-ipaddr2: unknown run '$run' in COMPARE_RUNS (agentd, jvm, upstream)" >&2; exit 2 ;; esac
done
for run in $runs; do
    case $run in
        agentd) "$here/demo.sh" "$@" --label "IPaddr3 + agentd" --timings "$timings" --svg "$base-ipaddr3.svg" || rc=1 ;;
        jvm) "$here/demo.sh" "$@" --no-agentd --label "IPaddr3, JVM per action" --timings "$timings" \
                 --svg "$base-ipaddr3-jvm.svg" || rc=1 ;;
        upstream) "$here/demo.sh" "$@" --no-agentd --label "upstream IPaddr2" --timings "$timings" \
                      --svg "$base-ipaddr2.svg" --upstream-ipaddr2 "$agent" || rc=1 ;;
    esac
done
exit $rc
