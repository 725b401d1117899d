#!/bin/bash
# e2e-lab.sh: the end-to-end lab. A 3-node Corosync + Pacemaker cluster with a client
# namespace (lab/pacemaker/pcmk-lab.sh), a 3-member MariaDB Galera cluster whose member i runs
# inside cluster node i (lab/e2e/galera-nodes.sh), and clonevip's OCF agents installed for the
# run (scripts/install.sh) and visible inside every node as /usr/lib/ocf/resource.d/clonevip.
#
# The agents are installed under the run directory (LIBDIR, CONFDIR, OCFDIR all below
# $E2E_DIR); each node's private mount namespace then gets a view of /usr/lib/ocf/resource.d
# holding the host's providers (heartbeat, pacemaker, ...) plus this run's clonevip. Nothing is
# written to the host's /usr/lib/ocf or /usr/lib/clonevip, so parallel runs never collide.
#
# Usage:
#   e2e-lab.sh up          everything above; prints CLONEVIP_LAB_ID=<id> on stdout
#   e2e-lab.sh down        members, nodes, namespaces, run directory; safe to call repeatedly
#   e2e-lab.sh crash N     power-off of node N: its port goes silent, every process dies, its
#                          NIC and nftables ruleset are wiped (a dead kernel answers nothing)
#   e2e-lab.sh boot N      boot crashed node N again: NIC, node, agent view, agentd, then
#                          Corosync + Pacemaker, Galera member (IST)
#   e2e-lab.sh agents N    (re)create node N's view of the agents (done by up and boot)
#   e2e-lab.sh info        pcmk-lab.sh info plus dir=, e2e_dir=, agentd=
#   e2e-lab.sh agentd-stop N   stop node N's clonevip-agentd (SIGTERM to the PID up/boot started)
# Any other command goes to pcmk-lab.sh (x, client, status, partition, heal, wait, settle)
# or, prefixed with "db", to galera-nodes.sh (db sql 1 "SELECT 1", db desync 2, db status).
# Environment: CLONEVIP_LAB_ID (printed by up; required afterwards), E2E_DIR (default
#   ${TMPDIR:-/tmp}/clonevip-e2e-<id>), E2E_APP_PASSWORD, E2E_MONITOR_PASSWORD (see
#   galera-nodes.sh; the monitor's also goes to $E2E_DIR/monitor.cnf, mode 600),
#   E2E_AGENTS_TARGET (built agents module, default <repo>/agents/target; when it has no
#   agents jar, no agent is installed and only the host's providers are seen),
#   E2E_INSTALL_SCRIPT (default <repo>/scripts/install.sh: the install.sh matching that build),
#   E2E_AOT=1 (train JDK AOT caches for the agents: faster actions, ~2 s more per agent),
#   E2E_UPSTREAM_IPADDR2 (a copy of ClusterLabs' heartbeat/IPaddr2, for the comparison in
#   docs/measurements/e2e.md: copied into this run's directory as provider "upstream", gone at down; it
#   runs with the host's ocf-shellfuncs from /usr/lib/ocf/lib/heartbeat),
#   E2E_AGENTD (1, the default: every node runs clonevip-agentd, as installed users are advised
#   to, started inside the node's namespaces before its Pacemaker and after each boot, --verbose,
#   log $E2E_DIR/agentd/node<N>.<boot>.log; 0: none, every IPaddr3 action is a JVM of its own).
set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PCMK=$root/lab/pacemaker/pcmk-lab.sh
GALERA=$here/galera-nodes.sh
OCF_RD=/usr/lib/ocf/resource.d

die() { echo "e2e-lab: $*" >&2; exit 1; }
log() { [ "${CLONEVIP_LAB_QUIET:-0}" = 1 ] || echo "e2e-lab[$(date +%T.%3N)]: $*" >&2; }
now_ms() { date +%s%3N; }

set_dir() {
  E2E_DIR=${E2E_DIR:-${TMPDIR:-/tmp}/clonevip-e2e-$CLONEVIP_LAB_ID}
  export E2E_DIR CLONEVIP_LAB_ID
}

install_agents() {
  local target=${E2E_AGENTS_TARGET:-$root/agents/target} jar
  mkdir -p "$E2E_DIR/resource.d/clonevip"
  jar=$(ls "$target"/agents-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1)
  if [ -z "$jar" ]; then
    log "no agents jar in $target: no clonevip agent installed (build with mvn -pl agents -am package)"
    return 0
  fi
  LIBDIR=$E2E_DIR/clonevip CONFDIR=$E2E_DIR/etc OCFDIR=$E2E_DIR/resource.d/clonevip \
    AGENTS_TARGET=$target AOT=${E2E_AOT:-0} sh "${E2E_INSTALL_SCRIPT:-$root/scripts/install.sh}" > "$E2E_DIR/install.log" 2>&1 \
    || { cat "$E2E_DIR/install.log" >&2; die "scripts/install.sh failed"; }
  if [ -n "${E2E_UPSTREAM_IPADDR2:-}" ]; then
    [ -r "$E2E_UPSTREAM_IPADDR2" ] || die "no upstream IPaddr2 at $E2E_UPSTREAM_IPADDR2"
    mkdir -p "$E2E_DIR/resource.d/upstream"
    install -m 755 "$E2E_UPSTREAM_IPADDR2" "$E2E_DIR/resource.d/upstream/IPaddr2"
  fi
  # mysql_monitor's credentials: an option file only root can read (never a command line)
  umask 077
  printf '[client]\nuser=monitor\npassword=%s\n' "${E2E_MONITOR_PASSWORD:-monitor}" > "$E2E_DIR/monitor.cnf"
  umask 022
}

agents_view() { # node $1: /usr/lib/ocf/resource.d = host providers + this run's clonevip
  local i=$1 p
  for p in "$OCF_RD"/*; do
    [ -d "$p" ] || continue
    [ "$(basename "$p")" = clonevip ] && continue
    mkdir -p "$E2E_DIR/resource.d/$(basename "$p")"
  done
  # inside the node's private mount namespace only; gone with the node
  "$PCMK" x "$i" sh -c '
    set -e
    if mountpoint -q "$2"; then exit 0; fi      # already done for this boot of the node
    for p in "$2"/*; do
      n=${p##*/}; [ "$n" = clonevip ] && continue
      [ -d "$p" ] && mount -n --bind "$p" "$1/$n"
    done
    mount -n --rbind "$1" "$2"' sh "$E2E_DIR/resource.d" "$OCF_RD" \
    || die "node$i: cannot mount the agents view"
}

# clonevip-agentd inside node $1 (all its namespaces, so it serves the node's netns and uses the
# node's private /run/clonevip/agentd), as the unit would run it: clean environment (the lab's
# passwords are not inherited by it nor by what it starts), umask 022, cwd /. Its log is one file
# per boot of the node; its host PID and start time are recorded, and only that process is ever
# signalled. Returns when it serves (pid file of the entry scripts' build published).
agentd_on() { [ "${E2E_AGENTD:-1}" = 1 ] && [ -x "$E2E_DIR/clonevip/bin/clonevip-agentd" ]; }
agentd_start() {
  local i=$1 a d=$E2E_DIR/agentd k launcher pid jpid="" build want deadline t0
  agentd_on || return 0
  t0=$(now_ms)
  a=$(info_value "node$i.anchor"); [ -n "$a" ] || die "node$i is not running"
  mkdir -p "$d"
  k=1; while [ -e "$d/node$i.$k.log" ]; do k=$((k + 1)); done
  launcher=$E2E_DIR/clonevip/bin/clonevip-agentd
  ( cd / && umask 022 && exec setsid nsenter -t "$a" -m -u -i -n -p -- \
      env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
      "$launcher" --verbose ) > "$d/node$i.$k.log" 2>&1 < /dev/null &
  pid=$!
  disown $!
  want=$(sed -n "s/^agentd_build='\(.*\)'.*/\1/p" "$E2E_DIR/resource.d/clonevip/IPaddr3")
  deadline=$(( $(now_ms) + 60000 ))
  while :; do
    # nsenter forks the daemon into the node's PID namespace: its child is the JVM
    [ -n "$jpid" ] || { jpid=$(awk '{print $1}' "/proc/$pid/task/$pid/children" 2>/dev/null)
      [ -n "$jpid" ] && start_time "$jpid" > "$d/node$i.start" && echo "$jpid" > "$d/node$i.pid"; }
    if [ -n "$jpid" ] && read -r _ build 2>/dev/null < "/proc/$jpid/root/run/clonevip/agentd/pid"; then
      [ "$build" = "$want" ] || die "node$i: clonevip-agentd runs build $build, the entry scripts $want"
      break
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$d/node$i.$k.log" >&2; die "node$i: clonevip-agentd exited"; }
    [ "$(now_ms)" -lt "$deadline" ] || { cat "$d/node$i.$k.log" >&2; die "node$i: clonevip-agentd not serving after 60 s"; }
    sleep 0.05
  done
  log "node$i: clonevip-agentd pid $jpid serving after $(( $(now_ms) - t0 )) ms"
}
start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }
# host PID of node $1's agentd while it is the process we started (same PID and start time)
agentd_pid() {
  local p st d=$E2E_DIR/agentd
  p=$(cat "$d/node$1.pid" 2>/dev/null) || return 1
  st=$(cat "$d/node$1.start" 2>/dev/null) || return 1
  [ -n "$p" ] && [ "$(start_time "$p")" = "$st" ] && echo "$p"
}
agentd_stop() { # SIGTERM: it withdraws at once and finishes accepted actions; wait up to 10 s
  local i=$1 p deadline
  p=$(agentd_pid "$i") || { rm -f "$E2E_DIR/agentd/node$i.pid" "$E2E_DIR/agentd/node$i.start"; return 0; }
  kill -TERM "$p" 2>/dev/null
  deadline=$(( $(now_ms) + 10000 ))
  while [ "$(start_time "$p")" = "$(cat "$E2E_DIR/agentd/node$i.start")" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { log "node$i: clonevip-agentd $p still finishing after 10 s"; return 1; }
    sleep 0.05
  done
  rm -f "$E2E_DIR/agentd/node$i.pid" "$E2E_DIR/agentd/node$i.start"
}

up() {
  local out t0 i
  t0=$(now_ms)
  trap 'log "up failed, tearing down"; down; exit 1' EXIT
  out=$(CLONEVIP_LAB_CLIENT=1 "$PCMK" up 3) || exit 1
  eval "$out"; export CLONEVIP_LAB_ID
  set_dir
  [ -e "$E2E_DIR" ] && die "$E2E_DIR exists"
  mkdir -p "$E2E_DIR" && chmod 755 "$E2E_DIR" && touch "$E2E_DIR/.clonevip-e2e-lab" || die "cannot create $E2E_DIR"
  log "cluster up in $(( $(now_ms) - t0 )) ms"
  install_agents
  for i in 1 2 3; do agents_view "$i"; done
  log "agents installed in $(( $(now_ms) - t0 )) ms"
  # no IPaddr3 resource exists yet: every one of its actions comes after this
  for i in 1 2 3; do agentd_start "$i"; done
  "$GALERA" up || exit 1
  trap - EXIT
  log "lab $CLONEVIP_LAB_ID up in $(( $(now_ms) - t0 )) ms (dir $E2E_DIR)"
  echo "CLONEVIP_LAB_ID=$CLONEVIP_LAB_ID"
}

down() {
  local rc=0 i
  trap - EXIT
  [ -n "${CLONEVIP_LAB_ID:-}" ] || return 0
  set_dir
  # the members die with their nodes (PID namespaces); kill them first anyway for a quick,
  # quiet end of Galera, then the nodes and namespaces
  [ -d "$E2E_DIR" ] && { "$GALERA" down 2>/dev/null || true; }
  if [ -d "$E2E_DIR/agentd" ]; then for i in 1 2 3; do agentd_stop "$i" || true; done; fi
  "$PCMK" down || rc=1
  if [ -e "$E2E_DIR/.clonevip-e2e-lab" ]; then rm -rf "$E2E_DIR"; fi
  return $rc
}

info_value() { "$PCMK" info | sed -n "s/^$1=//p"; }

# A crash is a power-off: the node's NIC goes silent first, then every process dies. The node's
# network namespace (which a real reboot would not keep) is then wiped: its eth0 goes away with
# every address and multicast membership, and its nftables ruleset is flushed, so that nothing
# of the dead node keeps answering on the lab network.
crash() {
  local i=$1 lan ns
  lan=$(info_value lan_ns); ns=$(info_value "node$i.ns")
  [ -n "$lan" ] && [ -n "$ns" ] || die "lab $CLONEVIP_LAB_ID has no node $i"
  ip -n "$lan" link set "vn$i" down || die "cannot cut node$i's port"
  "$PCMK" crash "$i" || exit 1
  rm -f "$E2E_DIR/agentd/node$i.pid" "$E2E_DIR/agentd/node$i.start"   # died with the node
  ip -n "$lan" link del "vn$i" || die "cannot remove node$i's veth"
  ip netns exec "$ns" nft flush ruleset || die "cannot flush node$i's ruleset"
}

# the NIC of a powered-on node: a new veth pair, the node's address, link up
nic_up() {
  local i=$1 lan ns
  lan=$(info_value lan_ns); ns=$(info_value "node$i.ns")
  ip -n "$ns" link show eth0 > /dev/null 2>&1 && return 0
  ip -n "$lan" link add "vn$i" type veth peer name eth0 netns "$ns" &&
    ip -n "$lan" link set "vn$i" master br0 && ip -n "$lan" link set "vn$i" up &&
    ip -n "$ns" addr add "$(info_value "node$i.ip")/24" dev eth0 &&
    ip -n "$ns" link set eth0 up || die "cannot give node$i a NIC again"
}

boot() {
  local i=$1 t0; t0=$(now_ms)
  nic_up "$i"
  "$PCMK" power "$i" || exit 1
  agents_view "$i"                  # before Pacemaker probes the node's resources
  agentd_start "$i"                 # idem: its probes go through agentd
  "$PCMK" start "$i" || exit 1
  log "node$i booted, agents visible after $(( $(now_ms) - t0 )) ms"
  "$GALERA" start "$i" || exit 1
  log "node$i member Synced after $(( $(now_ms) - t0 )) ms"
}

[ "$(id -u)" = 0 ] || die "must run as root"
cmd=${1:-}; [ $# -gt 0 ] && shift
case $cmd in
  up) up ;;
  down|boot|crash|agents|agentd-stop|info|db|x|client|status|partition|heal|wait|settle)
    [ -n "${CLONEVIP_LAB_ID:-}" ] || die "set CLONEVIP_LAB_ID (printed by up)"
    set_dir
    case $cmd in
      down) down ;;
      boot) boot "${1:?node}" ;;
      crash) crash "${1:?node}" ;;
      agents) agents_view "${1:?node}" ;;
      agentd-stop) agentd_stop "${1:?node}" ;;
      info) "$PCMK" info; echo "e2e_dir=$E2E_DIR"
            agentd_on && echo "agentd=1" || echo "agentd=0"
            for i in 1 2 3; do echo "node$i.agentd=$(agentd_pid "$i")"; done ;;
      db) exec "$GALERA" "$@" ;;
      *) exec "$PCMK" "$cmd" "$@" ;;
    esac ;;
  *) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
esac
