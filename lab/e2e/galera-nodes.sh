#!/bin/bash
# galera-nodes.sh: a 3-node MariaDB Galera cluster whose member i runs INSIDE node i of a
# pcmk-lab.sh lab (its network, mount, UTS, IPC and PID namespaces). Galera's group
# communication goes over the lab bridge (198.51.100.1i:4567), so partitioning or crashing a
# cluster node partitions or crashes its database too; @@hostname is the node's name (nodeI).
#
# Every member uses the same paths, as on real hosts: SQL on port 3306 of every address of its
# node (the VIP included), unix socket /run/mysqld/mysqld.sock and pid file
# /run/mysqld/mysqld.pid on the node's private /run. Datadirs and logs: $E2E_DIR/gI.
#
# Usage (CLONEVIP_LAB_ID = the pcmk-lab.sh lab, already up with 3 nodes):
#   galera-nodes.sh up              fresh datadirs from a cached template, bootstrap node1,
#                                   join node2, node3 one at a time; returns when all are Synced
#   galera-nodes.sh down            SIGKILL every member (inside its node) and delete E2E_DIR's g*
#   galera-nodes.sh start N         (re)start member N after its node was booted again: fresh
#                                   datadir from the template, joins by IST; waits until Synced
#   galera-nodes.sh stop N          graceful shutdown of member N
#   galera-nodes.sh sql N [SQL]     SQL as root on member N (stdin when SQL is absent)
#   galera-nodes.sh state N         wsrep_local_state_comment of member N
#   galera-nodes.sh desync|resync N SET GLOBAL wsrep_desync=1|0
#   galera-nodes.sh wait-synced N [SECS]
#   galera-nodes.sh status          one line per member
# Environment:
#   CLONEVIP_LAB_ID       required (pcmk-lab.sh lab id)
#   E2E_DIR               required; per-run directory (created)
#   E2E_TEMPLATES         template cache (default ${TMPDIR:-/tmp}/clonevip-e2e-templates),
#                         built once under an flock inside node 1
#   E2E_APP_PASSWORD      password of 'app'@'198.51.100.%' (the client's account; USAGE only)
#   E2E_MONITOR_PASSWORD  password of 'monitor'@'localhost' (mysql_monitor; USAGE only)
#                         both read from the environment and sent to the server on stdin
#   E2E_GALERA_EXTRA      extra wsrep_provider_options (default: 2 s suspect / 4 s inactive)
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../db/lib.sh"     # the DB labs' shared functions; nd, sql and member_up below are this lab's own
PCMK=${PCMK_LAB:-$here/../pacemaker/pcmk-lab.sh}
: "${CLONEVIP_LAB_ID:?CLONEVIP_LAB_ID must name a running pcmk-lab.sh lab}"
: "${E2E_DIR:?E2E_DIR must name a per-run directory}"
TEMPLATE_DIR=${E2E_TEMPLATES:-${TMPDIR:-/tmp}/clonevip-e2e-templates}
EXTRA=${E2E_GALERA_EXTRA-evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S}
N=3
NET=198.51.100
SOCK=/run/mysqld/mysqld.sock

die() { echo "galera-nodes: $*" >&2; exit 1; }
x() { "$PCMK" x "$@"; }
nd() { echo "$E2E_DIR/g$1"; }
addr() { echo "$NET.$((10 + $1))"; }
node_arg() { case "${1:-}" in 1|2|3) ;; *) die "node must be 1..$N, got '${1:-}'" ;; esac; }

sql() { # $1 node, SQL in $2 or on stdin; root through the node's socket (unix_socket auth)
  if [ $# -ge 2 ]; then
    x "$1" mariadb --no-defaults -S "$SOCK" -uroot -N -B --connect-timeout=2 -e "$2"
  else
    x "$1" mariadb --no-defaults -S "$SOCK" -uroot -N -B --connect-timeout=2
  fi
}
# no early failure in wait_synced: a member's pid file appears only once it runs; a dead one times out
member_up() { :; }
# in-node PID of member $1 (from its pid file on the node's /run), empty when none
member_pid() { x "$1" cat /run/mysqld/mysqld.pid 2>/dev/null || true; }

write_cnf() { # $1 node (0 = template builder inside node 1: a one-node cluster)
  local i=$1 d caddr="" j a; d=$(nd "$i")
  for j in $(seq 1 $N); do caddr="$caddr,$(addr "$j")"; done
  caddr="gcomm://${caddr#,}"; a=$(addr "$i")
  if [ "$i" = 0 ]; then caddr="gcomm://"; a=$(addr 1); fi
  mkdir -p "$d/data" "$d/tmp"
  { common_cnf "$d" 3306 $((i + 1)) "$SOCK" /run/mysqld/mysqld.pid 0.0.0.0 200
    galera_cnf clonevip-e2e "$caddr" "node$i" "$a" "gcache.size=32M;gcache.page_size=16M${EXTRA:+;$EXTRA}"
  } > "$d/my.cnf"
  chown -R mysql:mysql "$d"
}

launch() { # $1 node, $2 config node dir, $3.. extra args: mariadbd inside the node, detached
  local i=$1 d=$2; shift 2
  x "$i" sh -c 'mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld && rm -f /run/mysqld/mysqld.pid' \
    || die "node$i is not running"
  # nsenter forks mariadbd into the node's PID namespace and waits for it; both detached here.
  setsid "$PCMK" x "$i" "$MARIADBD" --defaults-file="$d/my.cnf" --user=mysql "$@" \
    > "$d/stdout.log" 2>&1 < /dev/null &
  disown $!
}

kill_member() { # $1 node: SIGKILL its mariadbd inside the node, wait until gone
  local i=$1 p deadline
  p=$(member_pid "$i"); [ -n "$p" ] || return 0
  x "$i" kill -KILL "$p" 2>/dev/null || true
  deadline=$(( $(now_ms) + 10000 ))
  while x "$i" kill -0 "$p" 2>/dev/null; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "galera-nodes: node$i member $p does not die" >&2; return 1; }
    sleep 0.05
  done
}

stop_member() { # $1 node: SIGTERM (clean shutdown), SIGKILL after 30 s
  local i=$1 p deadline
  p=$(member_pid "$i"); [ -n "$p" ] || return 0
  x "$i" kill -TERM "$p" 2>/dev/null || true
  deadline=$(( $(now_ms) + 30000 ))
  while x "$i" kill -0 "$p" 2>/dev/null; do
    [ "$(now_ms)" -lt "$deadline" ] || { kill_member "$i"; return 0; }
    sleep 0.05
  done
}

# The template (lib.sh's galera_build_template), built inside node 1 (its own network namespace:
# no port of the host is used) from node dir 0, once per cache directory.
start_builder() { local i=$1; shift; launch "$i" "$(nd 0)" "$@"; } # $1 node, $2.. extra args
build_template() { galera_build_template "$1" 1 start_builder stop_member; }

template() { # the cached template's path, built under an flock when missing
  mkdir -p "$TEMPLATE_DIR"; chmod 755 "$TEMPLATE_DIR"
  with_template galera build_template >&2
  echo "$TEMPLATE_DIR/galera"
}

fresh_datadir() { # $1 node: its configuration and a copy of the template (built by template)
  rm -rf "$(nd "$1")"; write_cnf "$1"
  copy_template galera "$1"
}

e2e_accounts_sql() { # the client's and mysql_monitor's accounts (USAGE only)
  create_user_sql app "$NET.%" "${E2E_APP_PASSWORD:-app}"
  create_user_sql monitor localhost "${E2E_MONITOR_PASSWORD:-monitor}"
  create_user_sql monitor 127.0.0.1 "${E2E_MONITOR_PASSWORD:-monitor}"
}

cmd_up() {
  local i t0; t0=$(now_ms)
  mkdir -p "$E2E_DIR"; chmod 755 "$E2E_DIR"
  runuser -u mysql -- test -x "$E2E_DIR" || die "user mysql cannot reach $E2E_DIR"
  template > /dev/null # in this shell, not $(...): errexit holds while it builds
  for i in $(seq 1 $N); do fresh_datadir "$i"; done
  launch 1 "$(nd 1)" --wsrep-new-cluster
  wait_synced 1 60
  e2e_accounts_sql | sql 1
  # one joiner at a time: a member joining while another is mid-join stalls in gcomm retries
  for i in $(seq 2 $N); do launch "$i" "$(nd "$i")"; wait_synced "$i" 90; done
  echo "galera-nodes: 3 members Synced in $(( $(now_ms) - t0 )) ms" >&2
}

cmd_start() { # member $1 again, e.g. after its node crashed and was booted
  local i=$1
  [ -n "$(member_pid "$i")" ] && x "$i" kill -0 "$(member_pid "$i")" 2>/dev/null && die "node$i member is running"
  template > /dev/null
  fresh_datadir "$i"
  launch "$i" "$(nd "$i")"
  wait_synced "$i" "${2:-90}"
}

cmd_down() {
  local i info
  info=$("$PCMK" info 2>/dev/null || true)
  for i in $(seq 1 $N); do
    # a node that is not running has no member left (its PID namespace is gone)
    case $info in *"node$i.anchor="[0-9]*) kill_member "$i" ;; esac
  done
  for i in 0 $(seq 1 $N); do rm -rf "$(nd "$i")"; done
}

cmd_status() {
  local i
  for i in $(seq 1 $N); do
    printf 'node%s ' "$i"
    sql "$i" "$(galera_status_sql host @@hostname)" 2>/dev/null || echo "down"
  done
}

[ "$(id -u)" = 0 ] || die "must run as root"
cmd=${1:-}; [ $# -gt 0 ] && shift
case "$cmd" in
  up)          cmd_up ;;
  down)        cmd_down ;;
  start)       node_arg "${1:-}"; cmd_start "$1" "${2:-90}" ;;
  stop)        node_arg "${1:-}"; stop_member "$1" ;;
  kill)        node_arg "${1:-}"; kill_member "$1" ;;
  sql)         node_arg "${1:-}"; if [ $# -ge 2 ]; then sql "$1" "$2"; else sql "$1"; fi ;;
  state)       node_arg "${1:-}"; state "$1" ;;
  desync)      node_arg "${1:-}"; sql "$1" "SET GLOBAL wsrep_desync=1" ;;
  resync)      node_arg "${1:-}"; sql "$1" "SET GLOBAL wsrep_desync=0" ;;
  wait-synced) node_arg "${1:-}"; wait_synced "$1" "${2:-60}" ;;
  status)      cmd_status ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
esac
