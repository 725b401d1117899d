#!/usr/bin/env bash
# clonevip DB lab: a 3-node MariaDB Galera cluster on one host, loopback only, from the Debian
# packages mariadb-server + galera-4. Environment: see lib.sh (RUN_DIR, BASE_PORT required).
#
#   galera.sh up               fresh node datadirs from a seeded template, bootstrap g1,
#                              join g2, g3 one at a time; returns when all are Synced
#   galera.sh down             graceful shutdown of all nodes (SIGKILL by PID after 30 s)
#   galera.sh kill             SIGKILL all nodes by PID (data is discarded anyway)
#   galera.sh status           size / cluster status / state / ready / read_only per node
#   galera.sh sql N [SQL]      SQL as root on node N (from stdin when SQL is absent)
#   galera.sh pid|port|sock N  the node's mariadbd PID / SQL port / unix socket
#   galera.sh desync|resync N  SET GLOBAL wsrep_desync=1|0
#   galera.sh isolate|unisolate N   gmcast.isolate=1|0 (non-Primary on its own | rejoin)
#   galera.sh freeze|thaw N    SIGSTOP | SIGCONT the node's mariadbd
#   galera.sh stop-node N      graceful shutdown of one node
#   galera.sh start-node N     start a stopped node again (rejoins the cluster, waits Synced)
#   galera.sh wait-synced N [S]  wait until node N is Synced (default 60 s)
#
# Ports of node i (1..3; 0 = template builder): SQL BASE_PORT+i, gcomm BASE_PORT+10+i,
# IST BASE_PORT+20+i, rsync SST BASE_PORT+30+i. Node dirs: $RUN_DIR/gN.
# Accounts: root@localhost (unix socket), monitor@127.0.0.1 and @localhost (ALL, password
# $LAB_MONITOR_PASSWORD), app/app@127.0.0.1 (DML on lab.*). Database: lab, table lab.t.
# GALERA_EXTRA: extra wsrep_provider_options (e.g. shorter evs.* timeouts).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
loopback_env
N=3
GALERA_EXTRA=${GALERA_EXTRA:-}

nd() { echo "$RUN_DIR/g$1"; }
port() { echo $((BASE_PORT + $1)); }

write_cnf() { # $1 node (0 = template builder: a one-node cluster)
  local i=$1 d caddr a="" j; d=$(nd "$i")
  for j in $(seq 1 $N); do a="$a,127.0.0.1:$((BASE_PORT+10+j))"; done
  caddr="gcomm://${a#,}"; [ "$i" = 0 ] && caddr="gcomm://"
  mkdir -p "$d/data" "$d/tmp"
  { common_cnf "$d" "$(port "$i")" $((i+1))
    galera_cnf "clonevip-lab-$BASE_PORT" "$caddr" "g$i" "127.0.0.1:$((BASE_PORT+10+i))" \
      "gmcast.listen_addr=tcp://127.0.0.1:$((BASE_PORT+10+i));ist.recv_addr=127.0.0.1:$((BASE_PORT+20+i));gcache.size=32M;gcache.page_size=16M${GALERA_EXTRA:+;$GALERA_EXTRA}"
    cat <<EOF
wsrep_node_incoming_address=127.0.0.1:$(port "$i")
wsrep_sst_receive_address=127.0.0.1:$((BASE_PORT+30+i))
EOF
  } > "$d/my.cnf"
  [ -n "$OWNER" ] && chown -R "$OWNER" "$d"
  return 0
}

build_template() { galera_build_template "$1" 0 start_node stop_node; } # $1 target directory

cmd_up() {
  local i t0; t0=$(date +%s.%N)
  lab_prepare_dirs
  for i in $(seq 1 $N); do
    if alive "$i"; then echo "g$i already running (pid $(pidof_node "$i"))" >&2; exit 1; fi
  done
  with_template galera build_template
  for i in $(seq 1 $N); do
    rm -rf "$(nd "$i")"; write_cnf "$i"; copy_template galera "$i"
  done
  start_node 1 --wsrep-new-cluster
  wait_synced 1 60
  accounts_sql | sql 1
  # One joiner at a time: a node joining while another is mid-join stalls in gcomm retries.
  for i in $(seq 2 $N); do start_node "$i"; wait_synced "$i" 120; done
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "galera lab up in %.2fs\n", b-a}'
}

cmd_status() {
  local i
  for i in $(seq 1 $N); do
    printf 'g%s pid=%-7s ' "$i" "$(pidof_node "$i" || echo -)"
    sql "$i" "$(galera_status_sql read_only @@read_only)" 2>/dev/null || echo "down"
  done
}

node_arg() {
  case "${1:-}" in 1|2|3) ;; *) echo "node must be 1..$N" >&2; exit 2 ;; esac
}

cmd=${1:-}; [ $# -gt 0 ] && shift
case "$cmd" in
  up)         cmd_up ;;
  down)       for i in $(seq $N -1 1); do stop_node "$i" & done; wait; echo stopped ;;
  kill)       for i in $(seq 1 $N); do kill_node "$i"; done; echo killed ;;
  status)     cmd_status ;;
  sql)        node_arg "$1"; if [ $# -ge 2 ]; then sql "$1" "$2"; else sql "$1"; fi ;;
  pid)        node_arg "$1"; pidof_node "$1" ;;
  port)       node_arg "$1"; port "$1" ;;
  sock)       node_arg "$1"; sock "$1" ;;
  desync)     node_arg "$1"; sql "$1" "SET GLOBAL wsrep_desync=1" ;;
  resync)     node_arg "$1"; sql "$1" "SET GLOBAL wsrep_desync=0" ;;
  isolate)    node_arg "$1"; sql "$1" "SET GLOBAL wsrep_provider_options='gmcast.isolate=1'" ;;
  unisolate)  node_arg "$1"; sql "$1" "SET GLOBAL wsrep_provider_options='gmcast.isolate=0'" ;;
  freeze)     node_arg "$1"; signal_node "$1" STOP ;;
  thaw)       node_arg "$1"; signal_node "$1" CONT ;;
  stop-node)  node_arg "$1"; stop_node "$1" ;;
  start-node) node_arg "$1"; alive "$1" || start_node "$1"; wait_synced "$1" 120 ;;
  wait-synced) node_arg "$1"; wait_synced "$1" "${2:-60}" ;;
  *) echo "usage: $0 up|down|kill|status|sql N [SQL]|pid N|port N|sock N|desync N|resync N|isolate N|unisolate N|freeze N|thaw N|stop-node N|start-node N|wait-synced N [S]" >&2; exit 2 ;;
esac
