#!/usr/bin/env bash
# clonevip DB lab: a MariaDB async GTID primary/replica pair on one host, loopback only, from
# the Debian package mariadb-server. Environment: see lib.sh (RUN_DIR, BASE_PORT required).
#
#   replication.sh up               fresh datadirs from a template; r1 primary, r2 replica
#                                   (read_only=ON, MASTER_USE_GTID=slave_pos); returns when a
#                                   row written on r1 has arrived on r2
#   replication.sh down             graceful shutdown of both (SIGKILL by PID after 30 s)
#   replication.sh kill             SIGKILL both by PID
#   replication.sh status           read_only and the main SHOW SLAVE STATUS fields
#   replication.sh sql N [SQL]      SQL as root on rN (from stdin when SQL is absent)
#   replication.sh pid|port|sock N  the node's mariadbd PID / SQL port / unix socket
#   replication.sh stop-io|start-io|stop-sql|start-sql   replica thread control on r2
#   replication.sh repl-password    read a replication password from stdin, CHANGE MASTER to it
#                                   on r2 and restart the slave threads (the right one is: repl)
#   replication.sh freeze|thaw N    SIGSTOP | SIGCONT rN's mariadbd
#
# Ports: r1 BASE_PORT+1, r2 BASE_PORT+2 (template builder BASE_PORT+0). Dirs: $RUN_DIR/rN.
# Accounts (both): root@localhost (unix socket), monitor@127.0.0.1 and @localhost (ALL,
# password $LAB_MONITOR_PASSWORD), app/app@127.0.0.1 (DML on lab.*), repl/repl@127.0.0.1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
loopback_env

nd() { echo "$RUN_DIR/r$1"; }
port() { echo $((BASE_PORT + $1)); }

write_cnf() { # $1 node: 0 template builder, 1 primary, 2 replica
  local i=$1 d; d=$(nd "$i")
  mkdir -p "$d/data" "$d/tmp"
  { common_cnf "$d" "$(port "$i")" $((100+i))
    cat <<EOF
log_bin=$d/data/mysql-bin
log_slave_updates=ON
gtid_strict_mode=ON
relay_log=$d/data/relay-bin
slave_net_timeout=10
EOF
    [ "$i" = 2 ] && printf 'read_only=ON\nskip_slave_start=ON\n'
  } > "$d/my.cnf"
  [ -n "$OWNER" ] && chown -R "$OWNER" "$d"
  return 0
}

# Template: system tables, lab database and the repl account, written without binlog so that
# both servers start from identical data and an empty GTID history.
build_template() { # $1 target directory
  rm -rf "$(nd 0)"; write_cnf 0
  install_db 0
  start_node 0 --skip-log-bin
  wait_sql 0 60
  sql 0 "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
         GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';
         CREATE DATABASE lab;
         CREATE TABLE lab.t(id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64));"
  stop_node 0
  mv "$(nd 0)/data" "$1"; rm -rf "$(nd 0)"
}

change_master_sql() { # $1 replication password (already SQL-escaped)
  cat <<EOF
STOP SLAVE;
CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$(port 1), MASTER_USER='repl',
  MASTER_PASSWORD='$1', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;
START SLAVE;
EOF
}

cmd_up() {
  local i t0 n=0; t0=$(date +%s.%N)
  lab_prepare_dirs
  for i in 1 2; do alive "$i" && { echo "r$i already running" >&2; exit 1; }; done
  with_template replication build_template
  for i in 1 2; do rm -rf "$(nd "$i")"; write_cnf "$i"; copy_template replication "$i"; done
  start_node 1; start_node 2
  wait_sql 1 60; wait_sql 2 60
  change_master_sql repl | sql 2
  accounts_sql | sql 1
  sql 1 "INSERT INTO lab.t(v) VALUES ('hello')"
  until [ "$(sql 2 "SELECT COUNT(*) FROM lab.t" 2>/dev/null || true)" = 1 ]; do
    n=$((n+1)); [ "$n" -gt 600 ] && { echo "replica did not catch up in 30 s" >&2; cmd_status >&2; exit 1; }
    sleep 0.05
  done
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "replication lab up in %.2fs\n", b-a}'
}

cmd_status() {
  printf 'r1 pid=%s read_only=%s gtid_binlog_pos=%s\n' "$(pidof_node 1 || echo -)" \
    "$(sql 1 'SELECT @@read_only' 2>/dev/null || echo down)" "$(sql 1 'SELECT @@gtid_binlog_pos' 2>/dev/null || echo -)"
  printf 'r2 pid=%s read_only=%s\n' "$(pidof_node 2 || echo -)" "$(sql 2 'SELECT @@read_only' 2>/dev/null || echo down)"
  mariadb --no-defaults -S "$(sock 2)" -uroot --connect-timeout=2 -e "SHOW SLAVE STATUS\G" 2>/dev/null |
    grep -E ' (Slave_IO_Running|Slave_SQL_Running|Seconds_Behind_Master|Last_IO_Errno|Last_SQL_Errno|Gtid_IO_Pos):' || true
}

node_arg() { case "${1:-}" in 1|2) ;; *) echo "node must be 1 or 2" >&2; exit 2 ;; esac; }

cmd=${1:-}; [ $# -gt 0 ] && shift
case "$cmd" in
  up)         cmd_up ;;
  down)       stop_node 2 & stop_node 1 & wait; echo stopped ;;
  kill)       kill_node 2; kill_node 1; echo killed ;;
  status)     cmd_status ;;
  sql)        node_arg "$1"; if [ $# -ge 2 ]; then sql "$1" "$2"; else sql "$1"; fi ;;
  pid)        node_arg "$1"; pidof_node "$1" ;;
  port)       node_arg "$1"; port "$1" ;;
  sock)       node_arg "$1"; sock "$1" ;;
  stop-io)    sql 2 "STOP SLAVE IO_THREAD" ;;
  start-io)   sql 2 "START SLAVE IO_THREAD" ;;
  stop-sql)   sql 2 "STOP SLAVE SQL_THREAD" ;;
  start-sql)  sql 2 "START SLAVE SQL_THREAD" ;;
  repl-password) IFS= read -r pw || true; change_master_sql "$(printf '%s' "$pw" | sed "s/'/''/g")" | sql 2 ;;
  freeze)     node_arg "$1"; signal_node "$1" STOP ;;
  thaw)       node_arg "$1"; signal_node "$1" CONT ;;
  *) echo "usage: $0 up|down|kill|status|sql N [SQL]|pid N|port N|sock N|stop-io|start-io|stop-sql|start-sql|repl-password|freeze N|thaw N" >&2; exit 2 ;;
esac
