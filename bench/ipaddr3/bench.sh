#!/bin/bash
# IPaddr3 action cost, side by side in one run, inside a throwaway network namespace:
# wall and CPU (user+sys of the process tree, hyperfine) of start, monitor and stop of
#   - clonevip's IPaddr3 through its installed entry script, the one runtime path in both of its
#     branches:
#       - served by the resident helper clonevip-agentd (variant "agentd"; its daemon runs in the
#         namespace): the CPU the daemon spends (utime+stime+cutime+cstime of its /proc/<pid>/stat,
#         read before and after each hyperfine run, divided by the runs incl. warm-up) is added to
#         the client's; --prepare actions of that variant run in-process, so the daemon only does
#         the measured action. The daemon is warmed first (30 start/monitor/stop cycles of another VIP);
#       - the fallback, a JVM of its own per action (no daemon running: each variant's run dir is
#         empty): CDS only ("cds", install.sh's default), install.sh's AOT cache ("aot"), and an
#         AOT cache trained on a clone start ("aot-trained") (see docs/measurements/ipaddr3.md),
#   - the installed IPaddr2 (single VIP) and upstream ClusterLabs IPaddr2 with its nft backend
#     (clone mode), the anchors; prints medians and ratios ours/anchor.
# Needs root, hyperfine, a built tree (mvn -B -ntp -pl agents -am package -DskipTests), an
# installed resource-agents (IPADDR2: its heartbeat/IPaddr2; OCF_ROOT is the directory two
# levels above its directory, whose lib/heartbeat has ocf-shellfuncs and findif.sh) and the upstream agent:
# a copy of heartbeat/IPaddr2 from ClusterLabs/resource-agents (not shipped here; it runs with
# the installed ocf-shellfuncs).
# VARIANTS (default "cds aot aot-trained") chooses the fallback variants; AGENTD=0 leaves agentd
# out; JDK_HOME (default: the first /usr/lib/jvm/*25*).
# The installed package (packaging/bench.sh runs this with it seen at its paths): variant "pkg"
# is its entry script with no daemon (its runtime and AOT cache); PACKAGED_AGENTD=1 makes the
# agentd variant the package's daemon and entry script instead of an install.sh install.
# Usage: bench/ipaddr3/bench.sh IPADDR2 UPSTREAM_IPADDR2 [RUNS]
set -eu
cd "$(dirname "$0")/../.."
usage="usage: bench/ipaddr3/bench.sh IPADDR2 UPSTREAM_IPADDR2 [RUNS]"
debian=${1:?$usage}
upstream=${2:?$usage}
runs=${3:-15}
for a in "$debian" "$upstream"; do
    [ -r "$a" ] || { echo "no IPaddr2 at $a" >&2; exit 1; }
    [ -x "$a" ] || { echo "IPaddr2 at $a is not executable (chmod 755 it)" >&2; exit 1; }
done
ocf_root=$(cd "$(dirname "$debian")/../.." && pwd)
[ -r "$ocf_root/lib/heartbeat/ocf-shellfuncs" ] || { echo "no $ocf_root/lib/heartbeat/ocf-shellfuncs (IPADDR2 is not an installed agent)" >&2; exit 1; }
jdk=${JDK_HOME:-$(ls -d /usr/lib/jvm/*25* | head -n 1)}
id=$$
ns=cvb-ip3-$id
tmp=$(mktemp -d /tmp/clonevip-ip3-bench-XXXXXX)
# the agents' desired states (and the daemon's view of them) stay in the run's own directory, not the host's /run
export CLONEVIP_STATE_DIR=$tmp/desired
chmod 755 "$tmp"
vip=198.51.100.100
variants=${VARIANTS-cds aot aot-trained}
with_agentd=${AGENTD:-1}
packaged_agentd=${PACKAGED_AGENTD:-0}
pkg_ocf=/usr/lib/ocf/resource.d/clonevip
agent_of() { # variant -> its IPaddr3 entry script
    if [ "$1" = pkg ]; then echo "$pkg_ocf/IPaddr3"; else echo "$tmp/$1/ocf/IPaddr3"; fi
}
daemon_pid=

cleanup() {
    set +e
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && sleep 1
    for v in $variants agentd; do
        [ -f "$tmp/$v/lib/install.manifest" ] && LIBDIR=$tmp/$v/lib sh scripts/uninstall.sh >/dev/null
    done
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
    ip netns del "$ns" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add eth1 type veth peer name peer1
ip -n "$ns" link set eth1 up
ip -n "$ns" link set peer1 up
ip -n "$ns" addr add 198.51.100.1/24 dev eth1
mkdir -p "$tmp/run"

# the fallback variants: installed as for agentd (the entry script asks it first), but no daemon
# ever runs on their run dir, so every action is a JVM of its own
for v in $variants; do
    [ "$v" != pkg ] || continue
    aot=0; [ "$v" = cds ] || aot=1
    LIBDIR=$tmp/$v/lib CONFDIR=$tmp/$v/etc OCFDIR=$tmp/$v/ocf AGENTD_RUNDIR=$tmp/$v/run AOT=$aot JDK_HOME=$jdk \
        sh scripts/install.sh >/dev/null
done

if [ "$with_agentd" = 1 ]; then
    if [ "$packaged_agentd" = 1 ]; then
        ad_ocf=$pkg_ocf ad_daemon=/usr/lib/clonevip/bin/clonevip-agentd ad_run=/run/clonevip/agentd
    else
        LIBDIR=$tmp/agentd/lib CONFDIR=$tmp/agentd/etc OCFDIR=$tmp/agentd/ocf AGENTD_RUNDIR=$tmp/agentd/run \
            JDK_HOME=$jdk sh scripts/install.sh >/dev/null
        ad_ocf=$tmp/agentd/ocf ad_daemon=$tmp/agentd/lib/bin/clonevip-agentd ad_run=$tmp/agentd/run
    fi
    # the same script without agentd, for --prepare
    mkdir -p "$tmp/agentd-inproc"
    sed "s/^agentd='1'/agentd='0'/" "$ad_ocf/IPaddr3" > "$tmp/agentd-inproc/IPaddr3"
    chmod 755 "$tmp/agentd-inproc/IPaddr3"
    ! cmp -s "$ad_ocf/IPaddr3" "$tmp/agentd-inproc/IPaddr3" || { echo "cannot turn agentd off for --prepare" >&2; exit 1; }
    mkdir -p -m 700 "$ad_run" # the daemon refuses a run dir others can enter
    ip netns exec "$ns" "$ad_daemon" > "$tmp/agentd.log" 2>&1 &
    for _ in $(seq 300); do [ -s "$ad_run/pid" ] && break; sleep 0.1; done
    read -r daemon_pid _ < "$ad_run/pid" || { echo "agentd did not start" >&2; cat "$tmp/agentd.log" >&2; exit 1; }
fi

# parameters as in the seed's crm configuration (ip + nic); ARPs: one round in the foreground
# for every agent (no background sender competing with the next runs)
common="OCF_ROOT=$ocf_root OCF_FUNCTIONS_DIR=$ocf_root/lib/heartbeat HA_RSCTMP=$tmp/run"
common="$common OCF_RESKEY_ip=$vip OCF_RESKEY_nic=eth1 OCF_RESKEY_arp_bg=false OCF_RESKEY_arp_count=1"
common="$common OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=20000"
single="env $common OCF_RESOURCE_INSTANCE=bvip"
clone="OCF_RESKEY_CRM_meta_clone_max=3 OCF_RESKEY_CRM_meta_clone_node_max=3 OCF_RESKEY_CRM_meta_globally_unique=true"
inst() { echo "env $common $clone OCF_RESOURCE_INSTANCE=bcvip:$1 OCF_RESKEY_CRM_meta_clone=$1 $2"; }

# AOT cache trained on a clone start + stop of another VIP, with the entry script's flags
trained=$tmp/aot-trained/lib
if [ -d "$trained" ]; then
    rm -f "$trained/aot/IPaddr3.aot"
    ip netns exec "$ns" env $common $clone OCF_RESOURCE_INSTANCE=train:0 OCF_RESKEY_CRM_meta_clone=0 \
        OCF_RESKEY_ip=198.51.100.200 OCF_RESKEY_clone_count_attribute= \
        "$jdk/bin/java" -XX:AOTCacheOutput="$trained/aot/IPaddr3.aot" -Xlog:disable --enable-native-access=ALL-UNNAMED \
        -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp "$trained/lib/*" \
        io.clonevip.ocf.OcfMain io.clonevip.agent.ipaddr.IPaddr3 start >/dev/null 2>&1
    ip netns exec "$ns" env $common $clone OCF_RESOURCE_INSTANCE=train:0 OCF_RESKEY_CRM_meta_clone=0 \
        OCF_RESKEY_ip=198.51.100.200 OCF_RESKEY_clone_count_attribute= "$tmp/aot-trained/ocf/IPaddr3" stop 2>/dev/null
    [ -s "$trained/aot/IPaddr3.aot" ] || { echo "AOT training wrote no cache" >&2; exit 1; }
fi

results=$tmp/results
mkdir -p "$results"
daemon_ticks() { # CPU of the daemon and its reaped children, in clock ticks
    awk '{ print $14 + $15 + $16 + $17 }' "/proc/$daemon_pid/stat"
}
# bench NAME PREPARE COMMAND: hyperfine in the namespace, no shell, JSON per benchmark; for the
# agentd variants also the daemon's CPU per command run (ms) in NAME.daemon
bench() {
    local name=$1 prepare=$2 cmd=$3 before=
    local args=(-N --runs "$runs" --warmup 2 --export-json "$results/$name.json" --style none)
    [ -n "$prepare" ] && args+=(--prepare "$prepare")
    case $name in agentd*) before=$(daemon_ticks) ;; esac
    ip netns exec "$ns" hyperfine "${args[@]}" "$cmd" >/dev/null 2>"$results/$name.err" \
        || { echo "benchmark $name failed:" >&2; cat "$results/$name.err" >&2; exit 1; }
    if [ -n "$before" ]; then
        echo "$(( ($(daemon_ticks) - before) * 1000 / $(getconf CLK_TCK) )) $((runs + 2))" > "$results/$name.daemon"
    fi
}
run() { ip netns exec "$ns" "$@" >/dev/null 2>&1; }

# single VIP: start (from stopped), monitor (running), stop (from running)
single_set() { # NAME AGENT [EXTRA_ENV [PREPARING_AGENT]]
    local n=$1 a=$2 x=${3:-} p=${4:-$2}
    bench "$n.single.start" "$single $x $p stop" "$single $x $a start"
    run $single $x $a start
    bench "$n.single.monitor" "" "$single $x $a monitor"
    bench "$n.single.stop" "$single $x $p start" "$single $x $a stop"
    run $single $x $a stop
}
# clone: first start / last stop (instance 0 alone), then instance 1 while 0 runs:
# start second, monitor, stop one
clone_set() { # NAME AGENT [EXTRA_ENV [PREPARING_AGENT]]
    local n=$1 a=$2 x=${3:-} p=${4:-$2}
    bench "$n.clone.start-first" "$(inst 0 "$x $p") stop" "$(inst 0 "$x $a") start"
    run $(inst 0 "$x $a") start
    bench "$n.clone.stop-last" "$(inst 0 "$x $p") start" "$(inst 0 "$x $a") stop"
    run $(inst 0 "$x $a") start
    bench "$n.clone.start-second" "$(inst 1 "$x $p") stop" "$(inst 1 "$x $a") start"
    run $(inst 1 "$x $a") start
    bench "$n.clone.monitor" "" "$(inst 1 "$x $a") monitor"
    bench "$n.clone.stop-one" "$(inst 1 "$x $p") start" "$(inst 1 "$x $a") stop"
    run $(inst 1 "$x $a") stop
    run $(inst 0 "$x $a") stop
}

echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), kernel $(uname -r), $(nproc) CPUs," \
    "load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each, JDK $("$jdk/bin/java" -version 2>&1 | head -n 1)"
single_set debian "$debian"
clone_set upstream "$upstream"
for v in $variants; do
    single_set "$v" "$(agent_of "$v")"
    clone_set "$v" "$(agent_of "$v")" "OCF_RESKEY_clone_count_attribute="
done
# with the clone count published (attrd_updater; no cluster here, so it answers 'not connected')
last=
for v in $variants; do last=$v; done
[ -z "$last" ] || clone_set "$last+attr" "$(agent_of "$last")"

if [ "$with_agentd" = 1 ]; then
    ad=$ad_ocf
    # warm the daemon up as a node's daemon is after a while: start/monitor/stop of another VIP
    for _ in $(seq 30); do
        for act in start monitor stop; do
            run env $common OCF_RESOURCE_INSTANCE=warm OCF_RESKEY_ip=198.51.100.201 "$ad/IPaddr3" $act
            run $(inst 0 "OCF_RESKEY_clone_count_attribute= OCF_RESKEY_ip=198.51.100.202") "$ad/IPaddr3" $act
        done
    done
    single_set agentd "$ad/IPaddr3" "" "$tmp/agentd-inproc/IPaddr3"
    clone_set agentd "$ad/IPaddr3" "OCF_RESKEY_clone_count_attribute=" "$tmp/agentd-inproc/IPaddr3"
    clone_set "agentd+attr" "$ad/IPaddr3" "" "$tmp/agentd-inproc/IPaddr3"
    served=$(grep -c . "$tmp/agentd.log" || :)
    echo "agentd log lines (startup, refusals; no per-request lines without --verbose): $served"
    cat "$tmp/agentd.log"
fi

python3 - "$results" $variants ${last:+"$last+attr"} agentd agentd+attr <<'PY'
import json, os, sys
d = sys.argv[1]
def get(name):
    p = os.path.join(d, name + ".json")
    if not os.path.exists(p):
        return None
    r = json.load(open(p))["results"][0]
    cpu = (r["user"] + r["system"]) * 1000
    dp = os.path.join(d, name + ".daemon")
    if os.path.exists(dp):  # the daemon's share: its CPU during the run / commands run
        ms, n = open(dp).read().split()
        cpu += int(ms) / int(n)
    return r["median"] * 1000, cpu
rows = [("single", a, "debian") for a in ("start", "monitor", "stop")] + \
       [("clone", a, "upstream") for a in ("start-first", "start-second", "monitor", "stop-one", "stop-last")]
print(f"{'mode':7}{'action':14}{'agent':19}{'wall ms':>9}{'CPU ms':>9}{'wall/anchor':>13}{'CPU/anchor':>12}")
for mode, action, anchor in rows:
    a = get(f"{anchor}.{mode}.{action}")
    print(f"{mode:7}{action:14}{anchor + ' IPaddr2':19}{a[0]:9.1f}{a[1]:9.1f}{'1.00':>13}{'1.00':>12}")
    for v in sys.argv[2:]:
        m = get(f"{v}.{mode}.{action}")
        if m is None:
            continue
        print(f"{'':7}{'':14}{'IPaddr3 ' + v:19}{m[0]:9.1f}{m[1]:9.1f}{m[0] / a[0]:13.2f}{m[1] / a[1]:12.2f}")
PY
