#!/usr/bin/env bash
# clonevip mysql_monitor vs Percona's mysql_monitor, in one run, against the same MariaDB server,
# inside one node of a 1-node Pacemaker lab (both agents write real node attributes).
#
#   bench/mysql_monitor/compare.sh PERCONA
#
# PERCONA: Percona's agent, not part of this repository: a copy of the public repository
# https://github.com/percona/percona-pacemaker-agents (a clone, or its git directory: the file
# agents/mysql_monitor of its HEAD is used), or that file itself. It is copied into the run
# directory and run from there.
# Needs: root; `mvn -B -ntp -pl agents -am package` done (agents/target); Debian's
# resource-agents (ocf-shellfuncs), mariadb-server/-client, pacemaker (scripts/deps).
#
# Measures (N, PERIOD, POLL from the environment; defaults 40, 60, 1s; AOT=1: install with the AOT caches):
#   1. Percona `monitor` action, N times back to back in the node: wall and CPU (user+sys of
#      everything the action forks: bash, mysql client, crm_attribute), server Connections.
#   2. clonevip `monitor` action (installed agent, check daemon running), N times: wall and CPU, first
#      in a JVM per action (no clonevip-agentd), then through clonevip-agentd started in the node.
#   3. clonevip resident daemon at poll_interval=POLL over PERIOD s: process CPU / checks done.
#   4. Connections opened per minute over PERIOD s: Percona's monitor once per POLL (what a
#      Pacemaker monitor at that interval would do) vs the daemon at POLL.
# The server is one mariadbd of lab/db/replication.sh (r1, the primary, read_only=OFF), reached
# through its unix socket (the node has its own network namespace; /tmp is shared).
# Percona's agent puts the password on the mysql command line (its defect): the lab password
# is random and thrown away with the run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${N:-40}
PERIOD=${PERIOD:-60}
POLL=${POLL:-1s}
if [ $# -ne 1 ]; then
  echo "usage: $0 PERCONA  (a clone of https://github.com/percona/percona-pacemaker-agents, or its agents/mysql_monitor)" >&2
  exit 2
fi
percona=$1
if [ ! -f "$percona" ] && ! git -C "$percona" rev-parse -q --verify HEAD:agents/mysql_monitor > /dev/null 2>&1; then
  echo "bench: $percona is neither Percona's mysql_monitor nor a git copy of percona/percona-pacemaker-agents" >&2
  exit 2
fi
JDK_HOME=${JDK_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n 1)}
LAB=$root/lab/pacemaker/pcmk-lab.sh
REPL=$root/lab/db/replication.sh

run=$(mktemp -d /tmp/clonevip-mmbench-XXXXXX)
chmod 755 "$run"
export RUN_DIR=$run/db BASE_PORT=$((21000 + ($$ % 200) * 40)) TEMPLATE_DIR=$root/agents/target/db-templates
export LAB_MONITOR_PASSWORD=pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
export CLONEVIP_LAB_ID=mb$(printf '%x' $$)$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
export CLONEVIP_LAB_QUIET=1
lab_up=0; db_up=0
cleanup() {
  set +e
  # the recorded PIDs are the node's: signal them from inside it; the lab's down kills the rest
  [ "$db_up" = 1 ] && "$LAB" x 1 env RUN_DIR="$RUN_DIR" BASE_PORT="$BASE_PORT" "$REPL" kill >/dev/null 2>&1
  [ "$lab_up" = 1 ] && "$LAB" down >/dev/null 2>&1
  LIBDIR=$run/lib sh "$root/scripts/uninstall.sh" >/dev/null 2>&1
  rm -rf "$run"
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }

if [ -f "$percona" ]; then cp "$percona" "$run/percona_mysql_monitor"
else
  git -C "$percona" show HEAD:agents/mysql_monitor > "$run/percona_mysql_monitor"
  percona_rev=$(git -C "$percona" rev-parse --short HEAD)
fi
chmod 755 "$run/percona_mysql_monitor"

log "installing clonevip's agents into $run"
mkdir -m 700 "$run/agentd"
JDK_HOME=$JDK_HOME AOT=${AOT:-0} LIBDIR=$run/lib CONFDIR=$run/etc OCFDIR=$run/ocf AGENTD_RUNDIR=$run/agentd \
    sh "$root/scripts/install.sh" >/dev/null
log "starting a 1-node Pacemaker lab and the DB lab inside its node"
"$LAB" up 1 >/dev/null; lab_up=1
# mariadbd runs in the node's namespaces: Percona checks its pid file against /proc, and the
# node has a PID namespace of its own (a server outside it would read as "not running")
db_up=1; "$LAB" x 1 env RUN_DIR="$RUN_DIR" BASE_PORT="$BASE_PORT" TEMPLATE_DIR="$TEMPLATE_DIR" \
    LAB_MONITOR_PASSWORD="$LAB_MONITOR_PASSWORD" "$REPL" up >/dev/null
sock=$("$REPL" sock 1)
server_pid=$(for p in $(ip netns pids "cvpm-$CLONEVIP_LAB_ID-n1"); do
  if [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = /usr/sbin/mariadbd ] \
     && tr '\0' ' ' < "/proc/$p/cmdline" | grep -q "$RUN_DIR/r1/"; then echo "$p"; fi; done | head -n 1)
[ -n "$server_pid" ] || { log "no mariadbd of r1 in the node"; exit 1; }
printf '[client]\nuser=monitor\npassword=%s\n' "$LAB_MONITOR_PASSWORD" > "$run/creds.cnf"
chmod 600 "$run/creds.cnf"

connections() { "$REPL" sql 1 "SHOW GLOBAL STATUS LIKE 'Connections'" | awk '{print $2}'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime of a process, clock ticks
hz=$(getconf CLK_TCK)

# One loop inside the node: runs "$@" N times (or once per POLL for PERIOD s with PACE), prints
# "<wall s> <children user+sys s> <runs>".
cat > "$run/loop.sh" <<'EOF'
#!/bin/bash
n=$1; pace=$2; period=$3; shift 3
t0=$(date +%s%N); i=0
if [ "$pace" = 0 ]; then
  while [ "$i" -lt "$n" ]; do "$@" >/dev/null 2>&1 || :; i=$((i + 1)); done
else
  end=$(( t0 + period * 1000000000 ))
  while [ "$(date +%s%N)" -lt "$end" ]; do "$@" >/dev/null 2>&1 || :; i=$((i + 1)); sleep "$pace"; done
fi
t1=$(date +%s%N)
# cutime + cstime of this shell (fields 16, 17): every waited-for descendant; `times` would run
# in a subshell here
hz=$(getconf CLK_TCK)
awk -v w=$(( (t1 - t0) / 1000 )) -v i="$i" -v hz="$hz" '{ printf "%.6f %.6f %d\n", w / 1e6, ($16 + $17) / hz, i }' /proc/$$/stat
EOF
chmod 755 "$run/loop.sh"

percona_env=(env OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=p_percona HA_RSCTMP=/run/resource-agents
  OCF_RESKEY_socket="$sock" OCF_RESKEY_user=monitor OCF_RESKEY_password="$LAB_MONITOR_PASSWORD"
  OCF_RESKEY_pid="$RUN_DIR/r1/mysqld.pid" OCF_RESKEY_cluster_type=replication
  OCF_RESKEY_reader_attribute=readable_percona OCF_RESKEY_writer_attribute=writable_percona
  OCF_RESKEY_state=/run/resource-agents/percona-bench.state)
ours_env=(env OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=p_clonevip HA_RSCTMP=/run/resource-agents
  OCF_RESKEY_socket="$sock" OCF_RESKEY_credentials_file="$run/creds.cnf" OCF_RESKEY_cluster_type=replication
  OCF_RESKEY_poll_interval="$POLL" OCF_RESKEY_CRM_meta_timeout=30000)
percona=("${percona_env[@]}" bash "$run/percona_mysql_monitor")
ours=("${ours_env[@]}" sh "$run/ocf/mysql_monitor")

"$LAB" x 1 mkdir -p /run/resource-agents
"$LAB" x 1 "${percona[@]}" start >/dev/null 2>&1 || :
log "1. Percona monitor action x$N"
c0=$(connections); s0=$(ticks "$server_pid")
read -r p_wall p_cpu p_n < <("$LAB" x 1 "$run/loop.sh" "$N" 0 0 "${percona[@]}" monitor)
c1=$(connections); s1=$(ticks "$server_pid")
p_conn=$(( c1 - c0 - 1 )) # minus the measuring client's own connection
p_srv=$(( s1 - s0 ))
echo "percona: readable=$("$LAB" x 1 crm_attribute -N node1 -l reboot -n readable_percona -q -G 2>/dev/null) \
writable=$("$LAB" x 1 crm_attribute -N node1 -l reboot -n writable_percona -q -G 2>/dev/null)" >&2

log "2. clonevip: start (resident daemon, poll $POLL), monitor action x$N"
"$LAB" x 1 "${ours[@]}" start
daemon_pid=$("$LAB" x 1 cat /run/resource-agents/mysql-monitor-p_clonevip.state.pid)
daemon_host_pid=$(for p in $(ip netns pids "cvpm-$CLONEVIP_LAB_ID-n1"); do
  if tr '\0' ' ' < "/proc/$p/cmdline" | grep -q MonitorDaemon; then echo "$p"; fi; done | head -n 1)
read -r o_wall o_cpu o_n < <("$LAB" x 1 "$run/loop.sh" "$N" 0 0 "${ours[@]}" monitor)
log "2b. clonevip-agentd in the node, monitor action x$N through it"
"$LAB" x 1 "$run/lib/bin/clonevip-agentd" --verbose > "$run/agentd.log" 2>&1 & # --verbose: a line per request, counted below
for _ in $(seq 300); do [ -s "$run/agentd/pid" ] && break; sleep 0.1; done
[ -s "$run/agentd/pid" ] || { cat "$run/agentd.log" >&2; log "clonevip-agentd did not start"; exit 1; }
read -r agentd_pid _ < "$run/agentd/pid" # its PID inside the node
"$LAB" x 1 "${ours[@]}" monitor >/dev/null 2>&1 || : # the daemon's first run of the action loads its classes
agentd_host_pid=$(for p in $(ip netns pids "cvpm-$CLONEVIP_LAB_ID-n1"); do
  if tr '\0' ' ' < "/proc/$p/cmdline" | grep -q io.clonevip.ocf.agentd; then echo "$p"; fi; done | head -n 1)
[ -n "$agentd_host_pid" ] || { log "no clonevip-agentd JVM in the node"; exit 1; }
g0=$(ticks "$agentd_host_pid")
read -r a_wall a_cpu a_n < <("$LAB" x 1 "$run/loop.sh" "$N" 0 0 "${ours[@]}" monitor)
g1=$(ticks "$agentd_host_pid")
# the action's CPU is the entry script's (the loop's children) plus the daemon's while it served them
a_cpu=$(awk -v c="$a_cpu" -v t=$(( g1 - g0 )) -v hz="$hz" 'BEGIN { printf "%.6f", c + t / hz }')
served=$(grep -c " MysqlMonitorAgent monitor rc=" "$run/agentd.log" || :)
[ "$served" -ge "$N" ] || { cat "$run/agentd.log" >&2; log "only $served monitors were served by clonevip-agentd"; exit 1; }
"$LAB" x 1 kill "$agentd_pid"; wait

log "3./4. clonevip daemon over ${PERIOD}s (pid $daemon_pid in the node, $daemon_host_pid here)"
sleep 2
checks() { "$LAB" x 1 sed -n 's/^checks=//p' /run/resource-agents/mysql-monitor-p_clonevip.state; }
k0=$(checks); d0=$(ticks "$daemon_host_pid"); c0=$(connections); s0=$(ticks "$server_pid")
sleep "$PERIOD"
k1=$(checks); d1=$(ticks "$daemon_host_pid"); c1=$(connections); s1=$(ticks "$server_pid")
d_checks=$(( k1 - k0 )); d_cpu=$(( d1 - d0 )); d_conn=$(( c1 - c0 - 1 )); d_srv=$(( s1 - s0 ))
rss=$(awk '/VmRSS/ {print $2}' "/proc/$daemon_host_pid/status")
"$LAB" x 1 "${ours[@]}" stop

log "4. Percona monitor once per $POLL over ${PERIOD}s"
pace=1
case $POLL in *ms) pace=$(awk -v v="${POLL%ms}" 'BEGIN { printf "%.3f", v / 1000 }') ;; *s) pace=${POLL%s} ;; esac
c0=$(connections)
read -r q_wall q_cpu q_n < <("$LAB" x 1 "$run/loop.sh" 0 "$pace" "$PERIOD" "${percona[@]}" monitor)
c1=$(connections)
q_conn=$(( c1 - c0 - 1 ))

awk -v N="$N" -v hz="$hz" -v period="$PERIOD" -v poll="$POLL" \
    -v p_wall="$p_wall" -v p_cpu="$p_cpu" -v p_n="$p_n" -v p_conn="$p_conn" -v p_srv="$p_srv" \
    -v o_wall="$o_wall" -v o_cpu="$o_cpu" -v o_n="$o_n" -v a_wall="$a_wall" -v a_cpu="$a_cpu" -v a_n="$a_n" \
    -v d_checks="$d_checks" -v d_cpu="$d_cpu" -v d_conn="$d_conn" -v d_srv="$d_srv" -v rss="$rss" \
    -v q_n="$q_n" -v q_wall="$q_wall" -v q_conn="$q_conn" -v rev="${percona_rev:-given file}" 'BEGIN {
  pc = p_cpu / p_n * 1000; pw = p_wall / p_n * 1000
  oc = o_cpu / o_n * 1000; ow = o_wall / o_n * 1000
  ac = a_cpu / a_n * 1000; aw = a_wall / a_n * 1000
  dc = (d_checks > 0) ? d_cpu / hz / d_checks * 1000 : -1
  ds = (d_checks > 0) ? d_srv / hz / d_checks * 1000 : -1
  ratio = (dc > 0) ? pc / dc : 0
  printf "Percona agent: percona/percona-pacemaker-agents %s, agents/mysql_monitor, cluster_type=replication, primary\n", rev
  printf "%-58s %10s %10s\n", "", "wall ms", "CPU ms"
  printf "%-58s %10.2f %10.2f\n", "Percona monitor action (one check), mean of " p_n, pw, pc
  printf "%-58s %10.2f %10.2f\n", "clonevip monitor action (JVM, heartbeat only), mean of " o_n, ow, oc
  printf "%-58s %10.2f %10.2f\n", "clonevip monitor action (clonevip-agentd), mean of " a_n, aw, ac
  printf "%-58s %10s %10.3f\n", "clonevip resident daemon per check (" d_checks " checks, poll " poll ")", "-", dc
  printf "server (mariadbd) CPU per check: Percona %.2f ms, clonevip daemon %.2f ms (10 ms ticks)\n", \
    p_srv / hz / p_n * 1000, ds
  printf "DB connections: Percona %.2f per check (%d in %d monitors); clonevip %d in %d checks\n", \
    p_conn / p_n, p_conn, p_n, d_conn, d_checks
  printf "connections per minute at one check per %s: Percona %.1f (%d monitors in %ds), clonevip %.1f\n", \
    poll, q_conn * 60 / period, q_n, period, d_conn * 60 / period
  printf "daemon RSS %d KiB\n", rss
  printf "RATIO CPU per check, Percona monitor / clonevip daemon: %.0fx\n", ratio
  printf "RATIO CPU per monitor action, Percona / clonevip action: %.1fx\n", (oc > 0) ? pc / oc : 0
  printf "RATIO wall per monitor action, Percona / clonevip action: %.1fx\n", (ow > 0) ? pw / ow : 0
  printf "RATIO CPU per monitor action, Percona / clonevip through agentd: %.1fx\n", (ac > 0) ? pc / ac : 0
  printf "RATIO wall per monitor action, Percona / clonevip through agentd: %.1fx\n", (aw > 0) ? pw / aw : 0
}'
