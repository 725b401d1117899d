#!/bin/sh
# IPaddr3's action cost from the package, side by side with IPaddr2 (bench/ipaddr3/bench.sh):
# the .deb is unpacked (dpkg-deb -x, dates kept: the AOT cache checks them), not installed, and
# seen at its own paths in a private mount namespace (overlays on /usr/lib and /etc, a tmpfs on
# /run/clonevip); there bench/ipaddr3/bench.sh runs twice: VARIANTS="cds pkg" AGENTD=0 (a JVM per
# action: install.sh's CDS-only install on the build's JDK, and the package's runtime and AOT
# cache) and PACKAGED_AGENTD=1 (the package's clonevip-agentd serving the package's entry script).
# The anchors (IPaddr2) are measured in both runs. VARIANTS overrides the first run's variants.
# Needs root, hyperfine, resource-agents and a copy of upstream IPaddr2, as bench/ipaddr3/bench.sh.
# Usage: packaging/bench.sh DEB IPADDR2 UPSTREAM_IPADDR2 [RUNS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 3 ] || { echo "usage: packaging/bench.sh DEB IPADDR2 UPSTREAM_IPADDR2 [RUNS]" >&2; exit 1; }
deb=$1
shift
[ -r "$deb" ] || { echo "no package at $deb" >&2; exit 1; }
tmp=$(mktemp -d)
made_run=0
cleanup() {
    rm -rf "$tmp"
    if [ "$made_run" = 1 ]; then rmdir /run/clonevip 2> /dev/null || :; fi
}
trap cleanup EXIT
dpkg-deb -x "$deb" "$tmp/root"
if [ ! -d /run/clonevip ]; then mkdir /run/clonevip; made_run=1; fi
unshare --mount --propagation private sh -c '
    set -eu
    r=$1 src=$2
    shift 2
    mount -t overlay overlay -o "lowerdir=$r/usr/lib:/usr/lib" /usr/lib
    mount -t overlay overlay -o "lowerdir=$r/etc:/etc" /etc
    mount -t tmpfs -o mode=755 tmpfs /run/clonevip
    cd "$src"
    echo "== a JVM per action: the package'"'"'s runtime and AOT cache (no clonevip-agentd)"
    VARIANTS=${VARIANTS:-cds pkg} AGENTD=0 bash bench/ipaddr3/bench.sh "$@"
    echo "== the package'"'"'s clonevip-agentd running"
    VARIANTS= PACKAGED_AGENTD=1 bash bench/ipaddr3/bench.sh "$@"
' sh "$tmp/root" "$root" "$@"
