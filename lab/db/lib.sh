# Shared functions of the clonevip DB labs: sourced by galera.sh and replication.sh (servers on
# loopback, which call loopback_env first) and by lab/e2e/galera-nodes.sh (members inside the
# Pacemaker lab's nodes, which defines its own nd, sql and member_up on top).
#
# Every server this lab starts is a /usr/sbin/mariadbd of the Debian package, started by us
# with its own --defaults-file, bound to 127.0.0.1 on ports the caller chose, running as user
# 'mysql'. The system's own mariadb service is never used, started or stopped. Teardown signals
# only the PIDs recorded in <node dir>/launcher.pid by this lab.
#
# Caller environment (the loopback labs, checked by loopback_env):
#   RUN_DIR       required; per-run directory (created if missing, made traversable by mysql)
#   BASE_PORT     required; the lab's ports are BASE_PORT+0 .. BASE_PORT+39
#   TEMPLATE_DIR  optional; where the seeded datadir templates are cached between runs
#                 (default $RUN_DIR/templates). Built once under an flock.
#   LAB_MONITOR_PASSWORD  password of the 'monitor' accounts (default: monitor). Read from the
#                 environment and sent to the server on stdin, never on a command line.

loopback_env() {
  : "${RUN_DIR:?RUN_DIR must name a per-run directory}"
  : "${BASE_PORT:?BASE_PORT must be set by the caller}"
  TEMPLATE_DIR=${TEMPLATE_DIR:-$RUN_DIR/templates}
  LAB_MONITOR_PASSWORD=${LAB_MONITOR_PASSWORD:-monitor}
}
MARIADBD=/usr/sbin/mariadbd
GALERA_PROVIDER=/usr/lib/galera/libgalera_smm.so
USER_OPT=""; OWNER=""
if [ "$(id -u)" = 0 ]; then USER_OPT="--user=mysql"; OWNER="mysql:mysql"; fi

lab_prepare_dirs() {
  mkdir -p "$RUN_DIR" "$TEMPLATE_DIR"
  chmod 755 "$RUN_DIR" "$TEMPLATE_DIR"
  # mariadbd runs as mysql: RUN_DIR and TEMPLATE_DIR must be reachable for it.
  if [ -n "$OWNER" ]; then
    for d in "$RUN_DIR" "$TEMPLATE_DIR"; do
      runuser -u mysql -- test -x "$d" || { echo "user mysql cannot reach $d (check the modes of its parents)" >&2; exit 1; }
    done
  fi
}

sock() { echo "$(nd "$1")/mysqld.sock"; }
# SQL as root through the node's unix socket (unix_socket auth). SQL from $2, or stdin if absent.
sql() {
  if [ $# -ge 2 ]; then
    mariadb --no-defaults -S "$(sock "$1")" -uroot -N -B --connect-timeout=2 -e "$2"
  else
    mariadb --no-defaults -S "$(sock "$1")" -uroot -N -B --connect-timeout=2
  fi
}
now_ms() { date +%s%3N; }
pidof_node() { cat "$(nd "$1")/launcher.pid" 2>/dev/null; }
# A PID is running if it exists and is no zombie.
running() { [ -n "$1" ] && [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
alive() { local p; p=$(pidof_node "$1") && running "$p"; }
# wait_synced's early failure: the member's server is gone. Here: the PID start_node recorded; a
# lab that starts its members otherwise redefines it.
member_up() { alive "$1"; }

# $1 node dir, $2 port, $3 server-id; optional: $4 socket, $5 pid file (default: in the node
# dir), $6 bind address (127.0.0.1), $7 max_connections (50)
common_cnf() {
  cat <<EOF
[mysqld]
datadir=$1/data
tmpdir=$1/tmp
socket=${4:-$1/mysqld.sock}
pid-file=${5:-$1/mysqld.pid}
log-error=$1/error.log
port=$2
bind-address=${6:-127.0.0.1}
skip-name-resolve
server-id=$3
performance_schema=OFF
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
innodb_log_buffer_size=4M
innodb_flush_log_at_trx_commit=2
innodb_doublewrite=0
key_buffer_size=1M
max_connections=${7:-50}
binlog_format=ROW
default_storage_engine=InnoDB
EOF
}

# A Galera member's wsrep settings (rsync SST): $1 cluster name, $2 cluster address
# (gcomm://...), $3 node name, $4 node address, $5 wsrep_provider_options
galera_cnf() {
  cat <<EOF
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=$GALERA_PROVIDER
wsrep_cluster_name=$1
wsrep_cluster_address=$2
wsrep_node_name=$3
wsrep_node_address=$4
wsrep_sst_method=rsync
wsrep_provider_options="$5"
EOF
}

# The one-line status of a Galera member: size, cluster status, state, ready and
# $1=<SQL expression $2> (e.g. read_only=@@read_only)
galera_status_sql() {
  echo "SELECT CONCAT('size=',
      (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='WSREP_CLUSTER_SIZE'),
      ' status=',(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='WSREP_CLUSTER_STATUS'),
      ' state=',(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='WSREP_LOCAL_STATE_COMMENT'),
      ' ready=',(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='WSREP_READY'),
      ' $1=',$2)"
}

state() { sql "$1" "SHOW GLOBAL STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2; }

# Waits until Galera member $1 is Synced: $2 seconds (default 60); $3 the directory of its
# error.log (default its node dir). Fails early when member_up says its server is gone.
wait_synced() {
  local i=$1 t=${2:-60} d=${3:-$(nd "$1")} deadline
  deadline=$(( $(now_ms) + t * 1000 ))
  until [ "$(state "$i" || true)" = Synced ]; do
    if ! member_up "$i"; then
      echo "member $i died; end of $d/error.log:" >&2; tail -30 "$d/error.log" >&2 2>/dev/null || true; return 1
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      echo "member $i not Synced after ${t}s; end of $d/error.log:" >&2; tail -20 "$d/error.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.05
  done
}

# Galera template: system tables + database lab + a clean-shutdown Galera state (grastate.dat
# with uuid:seqno, safe_to_bootstrap: 1). Every member starts from a copy: joiners have the state
# of the bootstrapped member and join by IST of the few new writesets, without SST. Built from
# node dir 0 (the caller's write_cnf 0: a one-node cluster).
# $1 target directory, $2 the node whose sql and state reach the builder, $3 a function starting
# the builder ($2 and extra mariadbd arguments), $4 a function stopping it ($2).
galera_build_template() {
  local t=$1 i=$2 start=$3 stop=$4 d; d=$(nd 0)
  rm -rf "$d"; write_cnf 0
  install_db 0 || { cat "$d/install.log" >&2; echo "mariadb-install-db failed" >&2; return 1; }
  "$start" "$i" --wsrep-new-cluster
  wait_synced "$i" 60 "$d"
  sql "$i" "CREATE DATABASE lab; CREATE TABLE lab.t(id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64));"
  "$stop" "$i"
  grep -q 'safe_to_bootstrap: 1' "$d/data/grastate.dat" || { echo "template: no clean Galera state" >&2; return 1; }
  mv "$d/data" "$t"; rm -rf "$d"
}

start_node() { # $1 node, $2.. extra mariadbd args; records the PID we started
  local i=$1; shift; local d; d=$(nd "$i")
  nohup "$MARIADBD" --defaults-file="$d/my.cnf" $USER_OPT "$@" >"$d/stdout.log" 2>&1 </dev/null &
  echo $! > "$d/launcher.pid"
}

wait_sql() { # $1 node, $2 timeout s: until the node answers SELECT 1 on its socket
  local i=$1 t=${2:-60} n=0
  while [ "$n" -lt $((t*20)) ]; do
    sql "$i" "SELECT 1" >/dev/null 2>&1 && return 0
    if ! alive "$i"; then
      echo "node $i died; see $(nd "$i")/error.log" >&2; tail -20 "$(nd "$i")/error.log" >&2; return 1
    fi
    sleep 0.05; n=$((n+1))
  done
  echo "node $i does not answer after ${t}s" >&2; return 1
}

stop_node() { # $1 node: SIGCONT (a test may have stopped it), SIGTERM, SIGKILL after 30 s
  local i=$1 p n=0; p=$(pidof_node "$i" || true)
  if running "$p"; then
    kill -CONT "$p" 2>/dev/null || true
    kill -TERM "$p" 2>/dev/null || true
    while running "$p" && [ "$n" -lt 300 ]; do sleep 0.1; n=$((n+1)); done
    if running "$p"; then echo "node $i: SIGKILL $p" >&2; kill -KILL "$p" 2>/dev/null || true; fi
  fi
  rm -f "$(nd "$i")/launcher.pid"
}

kill_node() { # $1 node: SIGKILL by recorded PID, wait until gone
  local i=$1 p; p=$(pidof_node "$i" || true)
  if running "$p"; then
    kill -KILL "$p" 2>/dev/null || true
    while running "$p"; do sleep 0.05; done
  fi
  rm -f "$(nd "$i")/launcher.pid"
}

signal_node() { # $1 node, $2 signal (STOP/CONT)
  local p; p=$(pidof_node "$1") || { echo "node $1 not started" >&2; return 1; }
  kill -"$2" "$p"
}

# Runs $2 (a function building a template into the directory $1) once per TEMPLATE_DIR,
# under an flock, into a temporary directory renamed into place when complete.
with_template() { # $1 template name, $2 builder function
  local t="$TEMPLATE_DIR/$1"
  [ -f "$t/.done" ] && return 0
  exec 9>"$TEMPLATE_DIR/.$1.lock"
  flock 9
  if [ ! -f "$t/.done" ]; then
    rm -rf "$t" "$t.tmp.$$"
    "$2" "$t.tmp.$$"
    touch "$t.tmp.$$/.done"
    mv "$t.tmp.$$" "$t"
  fi
  flock -u 9; exec 9>&-
}

copy_template() { # $1 template name, $2 node
  local d; d=$(nd "$2")
  cp -a "$TEMPLATE_DIR/$1/." "$d/data/"; rm -f "$d/data/.done"
  [ -n "$OWNER" ] && chown -R "$OWNER" "$d"
  return 0
}

install_db() { # $1 node: system tables only, root via unix socket
  mariadb-install-db --no-defaults $USER_OPT --datadir="$(nd "$1")/data" \
      --auth-root-authentication-method=socket --skip-test-db \
      --innodb-log-file-size=16M >"$(nd "$1")/install.log" 2>&1
}

# Accounts created on every `up` (not in the template), password from the environment,
# sent on stdin. monitor: full rights (replication client etc.) for the monitor tests;
# app: DML on lab.* only (no CONNECTION ADMIN: counts against max_connections).
accounts_sql() {
  create_user_sql monitor 127.0.0.1 "$LAB_MONITOR_PASSWORD"
  create_user_sql monitor localhost "$LAB_MONITOR_PASSWORD"
  echo "GRANT ALL ON *.* TO 'monitor'@'127.0.0.1';"
  echo "GRANT ALL ON *.* TO 'monitor'@'localhost';"
  create_user_sql app 127.0.0.1 app
  echo "GRANT SELECT, INSERT, UPDATE, DELETE ON lab.* TO 'app'@'127.0.0.1';"
}

# CREATE USER IF NOT EXISTS '$1'@'$2' IDENTIFIED BY '$3', the password SQL-escaped (for stdin).
create_user_sql() {
  local pw; pw=$(printf '%s' "$3" | sed "s/'/''/g")
  echo "CREATE USER IF NOT EXISTS '$1'@'$2' IDENTIFIED BY '$pw';"
}
