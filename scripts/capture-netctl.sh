#!/bin/sh
# Captures what an operator sees from `netctl status` and `netctl watch` as text, for docs/reference/:
# builds a namespace lab (bridge, 3 nodes, client; 198.51.100.0/24 inside the namespaces only),
# programs a 12-bucket cluster IP on each node with `netctl migrate --apply` (nodes 1-4, 5-8, 9-12),
# runs TCP clients against it, and snapshots a 120x30 tmux pane. Needs root, tmux, socat and a built
# netctl (mvn -pl netctl -am package). Everything it creates carries the run id and is removed at exit.
#   scripts/capture-netctl.sh [OUTDIR]      (default docs/reference/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${1:-$root/docs/reference}
mkdir -p "$out"
target=$root/netctl/target
id=cvcap$$
vip=198.51.100.100
tmp=$(mktemp -d)
namespaces=
pids=

cleanup() {
    tmux -L "$id" kill-server 2>/dev/null || :
    for p in $pids; do kill "$p" 2>/dev/null || :; done
    for p in $pids; do wait "$p" 2>/dev/null || :; done
    for ns in $namespaces; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null || :; done
        ip netns del "$ns" 2>/dev/null || :
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# netctl from the build tree through the operator launcher
jar=$(ls "$target"/netctl-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1)
[ -n "$jar" ] && [ -d "$target/lib" ] || { echo "capture: build netctl first (mvn -pl netctl -am package)" >&2; exit 1; }
mkdir -p "$tmp/lib/netctl" "$tmp/etc" "$tmp/bin"
cp "$jar" "$target"/lib/*.jar "$tmp/lib/netctl/"
for d in ${JDK_HOME:-} /usr/lib/jvm/*25*; do
    if [ -x "$d/bin/java" ]; then echo "$d" > "$tmp/etc/java-home"; break; fi
done
sed -e "s|@LIBDIR@|$tmp/lib|g" -e "s|@CONFDIR@|$tmp/etc|g" "$root/netctl/src/main/sh/netctl.in" > "$tmp/bin/netctl"
chmod 755 "$tmp/bin/netctl"
netctl=$tmp/bin/netctl

addns() {
    ip netns add "$1"
    namespaces="$1 $namespaces"
    ip -n "$1" link set lo up
}
addns "$id-lan"
ip -n "$id-lan" link add br0 type bridge mcast_snooping 0 stp_state 0 forward_delay 0
ip -n "$id-lan" link set br0 up
for n in 1 2 3 c; do
    ns=$id-$n
    addns "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$id-lan" link add "v$n" type veth peer name eth0 netns "$ns"
    ip -n "$id-lan" link set "v$n" master br0 up
    if [ "$n" = c ]; then addr=198.51.100.50; else addr=198.51.100.1$n; fi
    ip -n "$ns" addr add "$addr/24" dev eth0
    ip -n "$ns" link set eth0 up
done

# the cluster IP, as a CLUSTERIP node would have had it, migrated with netctl on each node
cat > "$tmp/rules" <<RULES
*filter
:INPUT ACCEPT [0:0]
-A INPUT -d $vip/32 -i eth0 -j CLUSTERIP --new --hashmode sourceip-sourceport --clustermac 01:00:5E:33:64:64 --total-nodes 12 --local-node 1 --hash-init 0
COMMIT
RULES
n=0
for local in 1,2,3,4 5,6,7,8 9,10,11,12; do
    n=$((n + 1))
    mkdir -p "$tmp/proc$n"
    echo "$local" > "$tmp/proc$n/$vip"
    "$netctl" --netns "$id-$n" migrate --from-iptables-save "$tmp/rules" --proc-dir "$tmp/proc$n" \
        --cidr-netmask 24 --apply > /dev/null
    ip netns exec "$id-$n" socat "TCP-LISTEN:3306,bind=$vip,fork,reuseaddr" SYSTEM:"echo n$n" &
    pids="$pids $!"
done
# clients: new connections from ever-changing source ports
for k in 1 2; do
    ip netns exec "$id-c" sh -c "while :; do socat -T1 - TCP:$vip:3306,connect-timeout=1 </dev/null >/dev/null 2>&1; done" &
    pids="$pids $!"
done

capture() { # $1 = file, $2 = text that marks a complete picture, $3 = seconds to wait at most, $4 = netctl args
    file=$1 mark=$2 wait=$3
    tmux -L "$id" new-session -d -s "$id" -x 120 -y 30 "printf '# netctl %s\\n' '$(echo "$4" | sed "s/$id-/node/")'; $netctl $4; sleep 60"
    i=0
    while [ $i -lt $((wait * 5)) ]; do
        if tmux -L "$id" capture-pane -p -t "$id" | grep -q -- "$mark"; then sleep 2; break; fi
        sleep 0.2
        i=$((i + 1))
    done
    # trailing blanks and empty lines of the pane dropped
    tmux -L "$id" capture-pane -p -t "$id" | sed -e 's/[[:space:]]*$//' \
        | awk '{ line[NR] = $0 } NF { last = NR } END { for (i = 1; i <= last; i++) print line[i] }' > "$file"
    tmux -L "$id" kill-session -t "$id"
    echo "capture: $file"
}
sleep 3 # let the clients run so the counters show traffic
capture "$out/netctl-status.txt" "problems:" 20 "--netns $id-1 status"
# watch: a few frames in (each frame shows the rates of the interval before it)
capture "$out/netctl-watch.txt" "total" 20 "--netns $id-1 watch --interval 1s"
