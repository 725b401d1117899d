#!/bin/bash
# pcmk-lab.sh: an N-node Corosync 3 + Pacemaker 2 cluster on one Linux host, for tests.
#
# Every node is a network namespace plus private mount/UTS/IPC/PID namespaces held open by
# an "anchor" process (PID 1 of the node). The node has its own /run, /dev/shm, /proc,
# hostname (nodeN), /etc/corosync, /var/lib/corosync, /var/lib/pacemaker, /var/log/
# {pacemaker,corosync,crmsh} (bind mounts of the lab's state dir) and HOME. The nodes'
# eth0 are veth ports of a bridge living in a namespace of its own; addresses are
# 198.51.100.0/24 only, inside the lab's namespaces; the root namespace is never touched.
# No systemd, no fencing (stonith-enabled=false), dc-deadtime 2s.
#
# Usage: pcmk-lab.sh COMMAND [ARGS]
#   up [N]         create namespaces, start corosync + pacemakerd on N nodes (default 3),
#                  wait until all are online with a DC; prints CLONEVIP_LAB_ID=<id> on stdout
#   down           kill the anchors it started (and with them every process of the nodes),
#                  delete its namespaces and state dir; safe to call repeatedly
#   x N CMD...     run CMD inside node N (nsenter -t <anchor> -m -u -i -n -p)
#   client CMD...  run CMD in the client namespace (needs CLONEVIP_LAB_CLIENT=1 at up)
#   status         crm_mon -1 -A -r from the first running node
#   wait [N [COUNT [SECS]]]  until node N (1) sees COUNT (all) nodes online and a DC
#   settle [N [SECS]]  until the cluster, seen from node N (1), has nothing left to do: the
#                  scheduler run on the live CIB plans no action (what crm_resource --wait
#                  waits for) and the DC is idle; polled every 0.1 s where crm_resource --wait
#                  sleeps 2 s before each look (default 60 s)
#   crash N        SIGKILL node N's anchor: every process of the node dies at once
#   boot N         start a crashed node again (fresh /run and /dev/shm; CIB and logs kept):
#                  power N, then start N
#   power N        a crashed node's namespaces again (anchor, private mounts), nothing started:
#                  room to start what must run before the cluster stack (e2e-lab.sh: agentd)
#   start N        corosync + pacemakerd on a powered node
#   partition N / heal N    set the bridge side of node N's veth down / up
#   info           print id, state dir, namespaces, addresses and anchors (key=value)
#   list           ids of the labs whose namespaces exist on this host (no id needed)
# Environment:
#   CLONEVIP_LAB_ID     lab id, [a-z0-9]{1,12}; every name of the run carries it. up picks
#                       one when unset (and prints it); every other command needs it.
#   CLONEVIP_LAB_DIR    state dir (default ${TMPDIR:-/tmp}/clonevip-pcmk-<id>)
#   CLONEVIP_LAB_NODES  node count for up when no argument is given (default 3)
#   CLONEVIP_LAB_CLIENT=1        up also creates the client namespace (198.51.100.250)
#   CLONEVIP_LAB_TOKEN  corosync token in ms (default 1000)
#   CLONEVIP_LAB_DC_DEADTIME     (default 2s; Pacemaker's own default is 20s)
#   CLONEVIP_LAB_KEEP=1 down keeps the state dir (logs) and prints its path
#   CLONEVIP_LAB_TIMEOUT         seconds up waits for the cluster (default 60)
set -u
export LC_ALL=C

die() { echo "pcmk-lab: $*" >&2; exit 1; }
log() { [ "${CLONEVIP_LAB_QUIET:-0}" = 1 ] || echo "pcmk-lab[$(date +%T.%3N)]: $*" >&2; }
now_ms() { date +%s%3N; }

NET=198.51.100          # RFC 5737 TEST-NET-2, only inside the lab's namespaces
NODE_BASE=10            # node i = 198.51.100.(10+i)
CLIENT_IP=$NET.250

set_names() {
  ID=$1
  case $ID in ''|*[!a-z0-9]*) die "CLONEVIP_LAB_ID must match [a-z0-9]{1,12}: '$ID'";; esac
  [ ${#ID} -le 12 ] || die "CLONEVIP_LAB_ID longer than 12 characters: '$ID'"
  DIR=${CLONEVIP_LAB_DIR:-${TMPDIR:-/tmp}/clonevip-pcmk-$ID}
  PFX=cvpm-$ID
  LAN=$PFX-lan
  CLIENT_NS=$PFX-cl
  MARK=$DIR/.clonevip-pcmk-lab
}
node_ns() { echo "$PFX-n$1"; }
node_count() { cat "$DIR/nodes" 2>/dev/null || echo 0; }
check_node() {
  case $1 in ''|*[!0-9]*) die "node number expected, got '$1'";; esac
  [ "$1" -ge 1 ] && [ "$1" -le "$(node_count)" ] || die "no node $1 in lab $ID"
}

# PID of node $1's anchor, only while that PID still is the anchor we started (a reused PID
# would not sit in our network namespace, nor have the recorded start time).
anchor_pid() {
  local a st
  a=$(cat "$DIR/node$1/anchor.pid" 2>/dev/null) || return 1
  st=$(cat "$DIR/node$1/anchor.start" 2>/dev/null) || return 1
  [ -n "$a" ] && [ "$(start_time "$a")" = "$st" ] &&
    [ "$(ip netns identify "$a" 2>/dev/null)" = "$(node_ns "$1")" ] && echo "$a"
}
start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }   # field 22: starttime

x() {
  local i=$1 a; shift
  check_node "$i"
  a=$(anchor_pid "$i") || { echo "pcmk-lab: node$i of lab $ID is not running" >&2; return 125; }
  # a private HOME: crmsh would otherwise write ~/.cache/crm and ~/.config/crm of the caller
  nsenter -t "$a" -m -u -i -n -p -- env HOME="$DIR/node$i/home" "$@"
}

corosync_conf() {
  local n=$1 i
  cat <<EOF
totem {
    version: 2
    cluster_name: $PFX
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: ${CLONEVIP_LAB_TOKEN:-1000}
}
logging {
    to_stderr: no
    to_syslog: no
    to_logfile: yes
    logfile: /var/log/corosync/corosync.log
    timestamp: on
}
quorum {
    provider: corosync_votequorum
EOF
  [ "$n" -eq 2 ] && echo "    two_node: 1"
  echo "}"
  echo "nodelist {"
  for i in $(seq 1 "$n"); do
    printf '    node {\n        name: node%s\n        nodeid: %s\n        ring0_addr: %s.%s\n    }\n' \
      "$i" "$i" "$NET" $((NODE_BASE + i))
  done
  echo "}"
}

seed_cib() {  # empty CIB with the lab's cluster options: no fencing, short dc-deadtime
  cibadmin --empty | sed "s#<crm_config/>#<crm_config><cluster_property_set id=\"cib-bootstrap-options\">\
<nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" value=\"false\"/>\
<nvpair id=\"cib-bootstrap-options-dc-deadtime\" name=\"dc-deadtime\" value=\"${CLONEVIP_LAB_DC_DEADTIME:-2s}\"/>\
<nvpair id=\"cib-bootstrap-options-cluster-recheck-interval\" name=\"cluster-recheck-interval\" value=\"1min\"/>\
</cluster_property_set></crm_config>#"
}

node_prepare() {
  local i=$1 n=$2 D=$DIR/node$1
  mkdir -p "$D"/etc/corosync/uidgid.d "$D"/lib/corosync "$D"/log/corosync "$D"/log/crmsh \
    "$D"/home "$D"/lib/pacemaker/cib "$D"/lib/pacemaker/pengine "$D"/lib/pacemaker/blackbox \
    "$D"/lib/pacemaker/cores "$D"/log/pacemaker/bundles
  corosync_conf "$n" > "$D/etc/corosync/corosync.conf"
  cp "$DIR/cib-seed.xml" "$D/lib/pacemaker/cib/cib.xml"
  chmod 600 "$D/lib/pacemaker/cib/cib.xml"
  chown -R hacluster:haclient "$D"/lib/pacemaker "$D"/log/pacemaker "$D"/log/crmsh
  chmod 750 "$D"/lib/pacemaker/cib "$D"/lib/pacemaker/pengine "$D"/lib/pacemaker/blackbox \
    "$D"/lib/pacemaker/cores
  chmod 770 "$D"/log/pacemaker; chmod 775 "$D"/log/crmsh; chmod 700 "$D"/home
  # PID 1 of the node: private mounts, then sleep and reap orphans until killed
  cat > "$D/anchor.sh" <<EOF
set -e
hostname node$i
mount -n -t tmpfs -o mode=0755,size=64m cvpmrun /run
mkdir -p /run/lock /run/resource-agents /run/crm
chmod 1777 /run/lock
mount -n -t tmpfs -o mode=1777,size=512m cvpmshm /dev/shm
mount -n --bind '$D/etc/corosync' /etc/corosync
mount -n --bind '$D/lib/corosync' /var/lib/corosync
mount -n --bind '$D/lib/pacemaker' /var/lib/pacemaker
mount -n --bind '$D/log/pacemaker' /var/log/pacemaker
mount -n --bind '$D/log/corosync' /var/log/corosync
if [ -d /var/log/crmsh ]; then mount -n --bind '$D/log/crmsh' /var/log/crmsh; fi
touch '$D/ready'
set +e
trap 'exit 0' TERM
while :; do sleep 3600 & wait \$!; done
EOF
}

anchor_launch() {  # start node $1's anchor in the background; anchor_record finishes
  local i=$1 D=$DIR/node$1
  rm -f "$D/ready" "$D/anchor.pid" "$D/anchor.start" "$D/unshare.pid"
  # ip netns exec execs unshare (same PID); unshare --fork makes the anchor PID 1 of the node
  setsid ip netns exec "$(node_ns "$i")" \
    unshare --mount --uts --ipc --pid --fork --mount-proc --propagation private \
    bash "$D/anchor.sh" > "$D/anchor.log" 2>&1 < /dev/null &
  echo $! > "$D/unshare.pid"
  disown $!   # the node's processes outlive this script; no job notices when they die
}

anchor_record() {  # wait for node $1's anchor to be ready, record its PID and start time
  local i=$1 D=$DIR/node$1 u child deadline
  u=$(cat "$D/unshare.pid")
  deadline=$(( $(now_ms) + 10000 ))
  until [ -e "$D/ready" ]; do
    kill -0 "$u" 2>/dev/null || { cat "$D/anchor.log" >&2; die "node$i anchor exited"; }
    [ "$(now_ms)" -lt "$deadline" ] || { cat "$D/anchor.log" >&2; die "node$i anchor not ready"; }
    sleep 0.02
  done
  child=$(awk '{print $1}' "/proc/$u/task/$u/children" 2>/dev/null)
  [ -n "$child" ] || die "node$i: no anchor under unshare $u"
  start_time "$child" > "$D/anchor.start"
  echo "$child" > "$D/anchor.pid"
}

start_corosync() {
  local i=$1 D=$DIR/node$1
  setsid nsenter -t "$(anchor_pid "$i")" -m -u -i -n -p -- corosync -f \
    > "$D/log/corosync/stdout.log" 2>&1 < /dev/null &
  disown $!
}

wait_corosync() {  # until corosync answers on its IPC
  local i=$1 deadline=$(( $(now_ms) + 20000 ))
  until x "$i" corosync-cmapctl -g runtime.votequorum.this_node_id > /dev/null 2>&1; do
    [ "$(now_ms)" -lt "$deadline" ] || die "corosync on node$i did not start"
    sleep 0.05
  done
}

start_pacemaker() {
  local i=$1 D=$DIR/node$1
  setsid nsenter -t "$(anchor_pid "$i")" -m -u -i -n -p -- \
    env PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none pacemakerd \
    > "$D/log/pacemaker/stdout.log" 2>&1 < /dev/null &
  disown $!
}

# 0 when node $1 sees at least $2 nodes online and a DC
online_ok() {
  local out
  out=$(x "$1" crm_mon -1 --output-as=xml 2> /dev/null) || return 1
  printf '%s\n' "$out" | grep -q '<current_dc present="true"' || return 1
  [ "$(printf '%s\n' "$out" | grep -c '<node name=.* online="true"')" -ge "$2" ]
}

wait_online() {
  local i=${1:-1} want=${2:-$(node_count)} secs=${3:-${CLONEVIP_LAB_TIMEOUT:-60}} deadline
  deadline=$(( $(now_ms) + secs * 1000 ))
  until online_ok "$i" "$want"; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "pcmk-lab: node$i does not see $want nodes online and a DC after ${secs}s" >&2; return 1; }
    sleep 0.2
  done
}

# 0 when node $1's scheduler, run on the live CIB, plans no action and the DC is S_IDLE
settled() {
  local i=$1 mon dc
  graph=$(x "$i" crm_simulate --live-check --save-graph /dev/stdout --quiet 2> /dev/null) || return 1
  printf '%s\n' "$graph" | grep -q '<transition_graph' || return 1
  printf '%s\n' "$graph" | grep -q '<rsc_op\|<crm_event' && return 1
  mon=$(x "$i" crm_mon -1 --output-as=xml 2> /dev/null) || return 1
  dc=$(printf '%s\n' "$mon" | sed -n 's/.*<current_dc present="true".* name="\([^"]*\)".*/\1/p')
  [ -n "$dc" ] && x "$i" crmadmin -q -S "$dc" 2>&1 | grep -qx 'S_IDLE'
}

settle() {
  local i=${1:-1} secs=${2:-60} deadline graph=
  check_node "$i"
  case $secs in ''|*[!0-9]*) die "seconds expected, got '$secs'";; esac
  deadline=$(( $(now_ms) + secs * 1000 ))
  until settled "$i"; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      echo "pcmk-lab: node$i: the cluster did not settle in ${secs}s; planned:" >&2
      printf '%s\n' "$graph" | grep -o 'operation_key="[^"]*" on_node="[^"]*"' >&2
      # what a reader of a failed run needs: the resources, fail counts and recent failed actions
      echo "pcmk-lab: node$i: crm_mon at the deadline:" >&2
      x "$i" crm_mon -1 -r -f 2>&1 | sed 's/^/  /' >&2 || :
      return 1
    fi
    sleep 0.1
  done
}

up() {
  local n=${1:-${CLONEVIP_LAB_NODES:-3}} i t0 t1 t2
  case $n in ''|*[!0-9]*|0) die "node count must be a positive number: '$n'";; esac
  [ -e "$DIR" ] && die "state dir $DIR exists: lab $ID is up or was not cleaned (run down)"
  ip netns list | grep -q "^$PFX-" && die "namespaces $PFX-* exist: run down for lab $ID"
  t0=$(now_ms)
  mkdir -p "$DIR" && chmod 755 "$DIR" && touch "$MARK" || die "cannot create $DIR"
  echo "$n" > "$DIR/nodes"
  trap 'log "up failed, tearing down"; down; exit 1' EXIT
  seed_cib > "$DIR/cib-seed.xml" || die "cibadmin --empty failed"
  ip netns add "$LAN" && ip -n "$LAN" link set lo up &&
    ip -n "$LAN" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 &&
    ip -n "$LAN" link set br0 up || die "cannot create $LAN"
  for i in $(seq 1 "$n"); do
    local ns; ns=$(node_ns "$i")
    # the veth is created inside the LAN namespace and its peer goes straight into the node
    ip netns add "$ns" && ip -n "$ns" link set lo up &&
      ip -n "$LAN" link add "vn$i" type veth peer name eth0 netns "$ns" &&
      ip -n "$LAN" link set "vn$i" master br0 && ip -n "$LAN" link set "vn$i" up &&
      ip -n "$ns" addr add "$NET.$((NODE_BASE + i))/24" dev eth0 &&
      ip -n "$ns" link set eth0 up || die "cannot create $ns"
    node_prepare "$i" "$n"
  done
  if [ "${CLONEVIP_LAB_CLIENT:-0}" = 1 ]; then
    ip netns add "$CLIENT_NS" && ip -n "$CLIENT_NS" link set lo up &&
      ip -n "$LAN" link add vcl type veth peer name eth0 netns "$CLIENT_NS" &&
      ip -n "$LAN" link set vcl master br0 && ip -n "$LAN" link set vcl up &&
      ip -n "$CLIENT_NS" addr add "$CLIENT_IP/24" dev eth0 &&
      ip -n "$CLIENT_NS" link set eth0 up || die "cannot create $CLIENT_NS"
    touch "$DIR/client"
  fi
  for i in $(seq 1 "$n"); do anchor_launch "$i"; done
  for i in $(seq 1 "$n"); do anchor_record "$i"; done
  t1=$(now_ms)
  for i in $(seq 1 "$n"); do start_corosync "$i"; done
  for i in $(seq 1 "$n"); do wait_corosync "$i"; done
  for i in $(seq 1 "$n"); do start_pacemaker "$i"; done
  wait_online 1 "$n" || exit 1
  t2=$(now_ms)
  trap - EXIT
  log "lab $ID: namespaces in $((t1 - t0)) ms, $n nodes online with a DC $((t2 - t1)) ms later"
  echo "CLONEVIP_LAB_ID=$ID"
}

# kill node $1's anchor (the kernel then kills every process of its PID namespace) and
# wait until the unshare parent has reaped it
kill_node() {
  local i=$1 a
  a=$(anchor_pid "$i") && kill -KILL "$a" 2>/dev/null
  rm -f "$DIR/node$i/anchor.pid" "$DIR/node$i/anchor.start"
}
wait_unshare_gone() {
  local i=$1 u deadline=$(( $(now_ms) + 20000 ))
  u=$(cat "$DIR/node$i/unshare.pid" 2>/dev/null) || return 0
  # the unshare process is ours only while it is in our node namespace
  while [ "$(ip netns identify "$u" 2>/dev/null)" = "$(node_ns "$i")" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "pcmk-lab: node$i still dying" >&2; return 1; }
    sleep 0.02
  done
  rm -f "$DIR/node$i/unshare.pid"
}

down() {
  local n i ns p rc=0
  trap - EXIT
  n=$(node_count)
  for i in $(seq 1 "$n"); do kill_node "$i"; done
  for i in $(seq 1 "$n"); do wait_unshare_gone "$i" || rc=1; done
  # anything else still running inside one of our network namespaces was started in this
  # lab (for example by "client"): kill it by PID before deleting the namespace
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PFX-"); do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null || { echo "pcmk-lab: cannot delete netns $ns" >&2; rc=1; }
  done
  if [ -e "$MARK" ]; then
    if [ "${CLONEVIP_LAB_KEEP:-0}" = 1 ]; then log "kept $DIR"; else rm -rf "$DIR"; fi
  fi
  return $rc
}

crash() {
  check_node "$1"
  anchor_pid "$1" > /dev/null || die "node$1 is not running"
  kill_node "$1"; wait_unshare_gone "$1"
}

power() {
  check_node "$1"
  anchor_pid "$1" > /dev/null && die "node$1 is running"
  wait_unshare_gone "$1" || exit 1
  anchor_launch "$1"; anchor_record "$1"
}

start_node() {
  check_node "$1"
  anchor_pid "$1" > /dev/null || die "node$1 is not powered (power $1 first)"
  start_corosync "$1"; wait_corosync "$1"; start_pacemaker "$1"
}

link_state() {
  check_node "$1"
  ip -n "$LAN" link set "vn$1" "$2" || die "cannot set vn$1 $2"
}

info() {
  local i
  echo "id=$ID"; echo "dir=$DIR"; echo "nodes=$(node_count)"; echo "lan_ns=$LAN"
  [ -e "$DIR/client" ] && { echo "client_ns=$CLIENT_NS"; echo "client_ip=$CLIENT_IP"; }
  for i in $(seq 1 "$(node_count)"); do
    echo "node$i.ns=$(node_ns "$i")"
    echo "node$i.ip=$NET.$((NODE_BASE + i))"
    echo "node$i.anchor=$(anchor_pid "$i")"
  done
}

cmd=${1:-}; [ $# -gt 0 ] && shift
[ "$(id -u)" = 0 ] || die "must run as root"
if [ "$cmd" = list ]; then
  ip netns list 2>/dev/null | awk '{print $1}' | sed -n 's/^cvpm-\([a-z0-9]*\)-.*/\1/p' | sort -u
  exit 0
fi
if [ "$cmd" = up ] && [ -z "${CLONEVIP_LAB_ID:-}" ]; then
  CLONEVIP_LAB_ID=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
fi
case $cmd in
  up|down|x|client|status|wait|settle|crash|boot|power|start|partition|heal|info)
    [ -n "${CLONEVIP_LAB_ID:-}" ] || die "set CLONEVIP_LAB_ID (printed by up)"
    set_names "$CLONEVIP_LAB_ID";;
  *) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2;;
esac
case $cmd in
  up) up "$@" ;;
  down) down ;;
  x) [ $# -ge 2 ] || die "usage: x N CMD..."; x "$@" ;;
  client) [ -e "$DIR/client" ] || die "lab $ID has no client namespace"
          ip netns exec "$CLIENT_NS" "$@" ;;
  status) for i in $(seq 1 "$(node_count)"); do
            anchor_pid "$i" > /dev/null && { x "$i" crm_mon -1 -A -r; exit; }
          done; die "no node running" ;;
  wait) wait_online "$@" ;;
  settle) settle "$@" ;;
  crash) crash "${1:-}" ;;
  boot) power "${1:-}"; start_node "${1:-}" ;;
  power) power "${1:-}" ;;
  start) start_node "${1:-}" ;;
  partition) link_state "${1:-}" down ;;
  heal) link_state "${1:-}" up ;;
  info) info ;;
esac
