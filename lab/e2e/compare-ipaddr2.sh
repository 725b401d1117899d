#!/bin/bash
# The end-to-end scenario with clonevip's IPaddr3 and then with upstream ClusterLabs IPaddr2
# (its nft cluster backend) in its place, same lab and Pacemaker configuration otherwise
# (docs/e2e.md, "Compared with upstream IPaddr2"). Upstream's agent is not part of this project:
# it is read at run time from the resource-agents source the caller names (a git repository,
# bare or not: HEAD:heartbeat/IPaddr2; or a checkout: heartbeat/IPaddr2; or the file itself),
# copied into a temporary file for the run and removed afterwards. It runs with the host's
# ocf-shellfuncs and findif.sh (Debian's resource-agents).
# Needs root and a build (mvn -B -ntp -pl lab -am package -DskipTests).
# Usage: lab/e2e/compare-ipaddr2.sh RESOURCE_AGENTS TIMINGS_FILE [demo options...]
#   default demo options: --rounds 3 --crash-rounds 3 --hold 2; one run each, IPaddr3 first;
#   TIMINGS_FILE gets both runs' timings (tab-separated, see TimingsFile), SVGs beside it.
#   COMPARE_FIRST=upstream runs upstream's first: the machine's load drifts, so pair the orders
#   and pool the files (lab/e2e/timings-table.py A.tsv B.tsv).
set -eu
src=${1:?usage: compare-ipaddr2.sh RESOURCE_AGENTS TIMINGS_FILE [demo options...]}
timings=${2:?usage: compare-ipaddr2.sh RESOURCE_AGENTS TIMINGS_FILE [demo options...]}
shift 2
[ $# -gt 0 ] || set -- --rounds 3 --crash-rounds 3 --hold 2
here=$(cd "$(dirname "$0")" && pwd)
agent=$(mktemp /tmp/clonevip-upstream-IPaddr2-XXXXXX)
trap 'rm -f "$agent"' EXIT INT TERM
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
ours() { "$here/demo.sh" "$@" --label "IPaddr3" --timings "$timings" --svg "$base-ipaddr3.svg" || rc=1; }
upstream() {
    "$here/demo.sh" "$@" --label "upstream IPaddr2" --timings "$timings" --svg "$base-ipaddr2.svg" \
        --upstream-ipaddr2 "$agent" || rc=1
}
if [ "${COMPARE_FIRST:-ours}" = upstream ]; then upstream "$@"; ours "$@"; else ours "$@"; upstream "$@"; fi
exit $rc
