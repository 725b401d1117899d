#!/bin/sh
# clonevip mysql_monitor — OCF resource agent, shell part.
#
# Sets node attributes (reader: readable, writer: writable by default) from the state of a
# local MariaDB/MySQL server, like Percona's mysql_monitor, but through a resident Java
# process (io.clonevip.agent.mysql.MonitorDaemon) that keeps one DB connection and polls at
# poll_interval. This script only starts, stops and watches that process: the monitor action
# starts no JVM and opens no DB connection, it reads the daemon's heartbeat file.
#
#   start         launch the daemon detached; success once its first check is written
#   stop          SIGTERM the daemon (it sets both attributes to 0), wait; success when gone
#   monitor       0 = daemon alive and heartbeat fresh, 7 = not running, 1 = heartbeat stale;
#                 OCF_CHECK_LEVEL=10 also: attrd holds the attribute values the daemon decided and
#                 wrote (attrd_updater -Q); a difference is repaired by the daemon (it writes both
#                 again when <state>.republish appears), 1 when that does not repair it
#   validate-all  parameter check by the Java agent (io.clonevip.agent.mysql.MysqlMonitorAgent
#                 through io.clonevip.ocf.OcfMain: the daemon's own checks)
#   meta-data     the copy scripts/install.sh rendered from the Java model (no JVM), else the JVM
#
# Files: state file = $OCF_RESKEY_state, default $HA_RSCTMP/mysql-monitor-<instance>.state
# (the heartbeat: key=value lines written atomically after every check), "<state>.pid",
# "<state>.log" (the daemon's stderr: one line per state change, never a secret).
#
# Installed by scripts/install.sh as /usr/lib/ocf/resource.d/clonevip/mysql_monitor, which fills
# in the two paths below (run from the source tree they default to the install locations).
# Overrides (tests, unusual layouts):
#   CLONEVIP_JAVA       the Java launcher (default: the JDK recorded in <confdir>/java-home, else
#                       the first /usr/lib/jvm/*25*/bin/java, else java on PATH)
#   CLONEVIP_CLASSPATH  the agents jar and its dependencies (default: <libdir>/lib/*)
#   CLONEVIP_JAVA_OPTS  the daemon's JVM options (default: a small resident footprint)

OCF_SUCCESS=0; OCF_ERR_GENERIC=1; OCF_ERR_ARGS=2; OCF_ERR_UNIMPLEMENTED=3
OCF_ERR_PERM=4; OCF_ERR_INSTALLED=5; OCF_ERR_CONFIGURED=6; OCF_NOT_RUNNING=7
MAIN_CLASS=io.clonevip.agent.mysql.MonitorDaemon
AGENT_CLASS=io.clonevip.agent.mysql.MysqlMonitorAgent
libdir='@LIBDIR@'
confdir='@CONFDIR@'
case $libdir in @*) libdir=/usr/lib/clonevip ;; esac
case $confdir in @*) confdir=/etc/clonevip ;; esac

if [ $# -eq 1 ] && [ "$1" = meta-data ] && [ -r "$libdir/meta-data/mysql_monitor.xml" ]; then
  exec cat "$libdir/meta-data/mysql_monitor.xml"
fi

if [ -z "${CLONEVIP_JAVA:-}" ]; then
  java_home=
  [ -r "$confdir/java-home" ] && { IFS= read -r java_home < "$confdir/java-home" || :; }
  if [ -n "$java_home" ] && [ -x "$java_home/bin/java" ]; then CLONEVIP_JAVA=$java_home/bin/java
  else
    for j in /usr/lib/jvm/*25*/bin/java; do [ -x "$j" ] && { CLONEVIP_JAVA=$j; break; }; done
    : "${CLONEVIP_JAVA:=java}"
  fi
fi
: "${CLONEVIP_CLASSPATH:=$libdir/lib/*}"
: "${CLONEVIP_JAVA_OPTS:=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx32m -XX:MaxMetaspaceSize=48m -XX:-UsePerfData --enable-native-access=ALL-UNNAMED}"

# the instance name with ':' as '_' (clone instances are p:0), without forking
rest=${OCF_RESOURCE_INSTANCE:-mysql_monitor}; instance=
while :; do
  case $rest in *:*) instance=$instance${rest%%:*}_; rest=${rest#*:} ;; *) instance=$instance$rest; break ;; esac
done
state=${OCF_RESKEY_state:-${HA_RSCTMP:-/run/resource-agents}/mysql-monitor-$instance.state}
pidfile=$state.pid
logfile=$state.log

exit_reason() { echo "ocf-exit-reason:$*" >&2; }

have_java() {
  command -v "$CLONEVIP_JAVA" >/dev/null 2>&1 && return 0
  exit_reason "no Java launcher '$CLONEVIP_JAVA' (set CLONEVIP_JAVA)"
  return 1
}

# Action timeout in whole seconds (Pacemaker passes milliseconds), minus a margin; default 20.
op_seconds() {
  t=${OCF_RESKEY_CRM_meta_timeout:-20000}
  t=$((t / 1000 - 2)); [ "$t" -lt 2 ] && t=2
  echo "$t"
}

# Whether PID $1 is our daemon: alive, no zombie and really our main class (a reused PID is not).
# Shell builtins where possible: monitor runs often and should fork little (grep, date).
is_daemon() {
  st=; read -r _ _ st _ < "/proc/$1/stat" 2>/dev/null || return 1
  [ "$st" = Z ] && return 1
  grep -qa "$MAIN_CLASS" "/proc/$1/cmdline" 2>/dev/null
}

# PID of our daemon, if it runs, from the pid file (also left in p).
daemon_pid() {
  [ -r "$pidfile" ] || return 1
  p=; IFS= read -r p < "$pidfile" 2>/dev/null
  case "$p" in ''|*[!0-9]*) return 1 ;; esac
  is_daemon "$p" || return 1
  echo "$p"
}

read_heartbeat() { # the heartbeat's lines as variables: checked (checked_at, epoch s), bound
  # (stale_after, s) for level 0; hb_* for level 10 (see StatusFile.java)
  checked=; bound=; hb_pid=; hb_checks=; hb_reader=; hb_writer=; hb_want_reader=; hb_want_writer=
  hb_rname=; hb_wname=; hb_republished=
  [ -r "$state" ] || return 0
  while IFS='=' read -r k v; do
    case $k in
      checked_at) checked=$v ;; stale_after) bound=$v ;; pid) hb_pid=$v ;; checks) hb_checks=$v ;;
      reader) hb_reader=$v ;; writer) hb_writer=$v ;; want_reader) hb_want_reader=$v ;;
      want_writer) hb_want_writer=$v ;; reader_attribute) hb_rname=$v ;; writer_attribute) hb_wname=$v ;;
      republished) hb_republished=$v ;;
    esac
  done < "$state"
}

# OCF_CHECK_LEVEL: 0 (default) or 10; an unsupported level acts as the nearest lower supported
# one (OCF), so 1..9 are 0 and anything from 10 up is 10; a non-number is 0.
check_level() {
  level=0 cl=${OCF_CHECK_LEVEL:-0}
  case $cl in
    *[!0-9]*) ;;
    ?|??) [ "$cl" -ge 10 ] && level=10 ;;
    *) level=10 ;;
  esac
}

# attrd's value of attribute $1 on this node into av: the value ('' once deleted), or
# '(none)' when attrd has no such attribute or cannot be asked. Read-only (attrd_updater -Q).
attrd_value() {
  av=$(attrd_updater -Q -n "$1" 2>/dev/null) || { av='(none)'; return 0; }
  case $av in *'value="'*) av=${av#*value=\"}; av=${av%%\"*} ;; *) av='(none)' ;; esac
}

# attribute_verdict NAME WANTED WRITTEN IN_ATTRD: appends to verdict what is wrong with one
# attribute (nothing when the decision's value was written and attrd holds it); 1 when wrong.
attribute_verdict() {
  if [ "$3" != "$2" ]; then
    verdict="$verdict $1: the daemon's last write failed (wants $2);"; return 1
  fi
  if [ "$4" != "$3" ]; then
    verdict="$verdict $1 is '$4' in attrd, the daemon wrote '$3';"; return 1
  fi
  return 0
}

# Level 10, after level 0 passed (daemon_pid left its PID in p): do the values attrd holds
# equal the ones the daemon decided and wrote? Sets verdict; 0 when they do.
attributes_agree() {
  verdict=
  [ "$hb_pid" = "$p" ] || { verdict=" heartbeat written by PID $hb_pid, the daemon is $p;"; return 1; }
  attrd_value "$hb_rname"; ar=$av
  attrd_value "$hb_wname"; aw=$av
  attribute_verdict "$hb_rname" "$hb_want_reader" "$hb_reader" "$ar"; r1=$?
  attribute_verdict "$hb_wname" "$hb_want_writer" "$hb_writer" "$aw"; r2=$?
  [ $r1 -eq 0 ] && [ $r2 -eq 0 ]
}

# Level 10: a difference is first re-read (the daemon may have written in between), then
# repaired by the daemon itself (the only writer: no race with its own next write): the
# request file <state>.republish makes its next check write both attributes again. Success
# when that repairs it (a note on stderr), else 1 so that Pacemaker restarts the instance.
mm_monitor_attributes() {
  if [ -z "$hb_rname" ] || [ -z "$hb_want_reader" ] || [ -z "$hb_republished" ]; then
    echo "mysql_monitor: the daemon's heartbeat has no attribute record (older daemon): level 0 only" >&2
    return $OCF_SUCCESS
  fi
  attributes_agree && return $OCF_SUCCESS
  seen=$hb_checks
  read_heartbeat
  if [ "$hb_checks" != "$seen" ]; then attributes_agree && return $OCF_SUCCESS; fi
  first=$verdict served=$hb_republished
  if ! : > "$state.republish"; then
    exit_reason "attributes differ:$first cannot write $state.republish"
    return $OCF_ERR_GENERIC
  fi
  limit_s=$(op_seconds); [ "$bound" -lt "$limit_s" ] && limit_s=$bound
  n=0
  while [ "$n" -lt $((limit_s * 10)) ]; do
    sleep 0.1; n=$((n + 1))
    read_heartbeat
    case $hb_republished in ''|*[!0-9]*) ;; *) [ "$hb_republished" -gt "$served" ] && break ;; esac
  done
  if ! [ "${hb_republished:-0}" -gt "$served" ] 2>/dev/null; then
    rm -f "$state.republish"
    exit_reason "attributes differ:$first the daemon did not write them again within ${limit_s}s"
    return $OCF_ERR_GENERIC
  fi
  daemon_pid >/dev/null || return $OCF_NOT_RUNNING
  if attributes_agree; then
    echo "mysql_monitor: attrd differed from the daemon:$first it wrote both attributes again" >&2
    return $OCF_SUCCESS
  fi
  exit_reason "attributes still differ after the daemon wrote them again:$verdict"
  return $OCF_ERR_GENERIC
}

mm_monitor() {
  if ! daemon_pid >/dev/null; then
    return $OCF_NOT_RUNNING
  fi
  read_heartbeat
  case "$checked$bound" in ''|*[!0-9]*) exit_reason "no heartbeat in $state yet"; return $OCF_ERR_GENERIC ;; esac
  age=$(( $(date +%s) - checked ))
  if [ "$age" -gt "$bound" ]; then
    exit_reason "mysql_monitor heartbeat is ${age}s old (bound ${bound}s)"
    return $OCF_ERR_GENERIC
  fi
  check_level
  [ "$level" -ge 10 ] || return $OCF_SUCCESS
  mm_monitor_attributes
}

mm_start() {
  if daemon_pid >/dev/null; then
    mm_monitor; rc=$?
    [ $rc -eq $OCF_SUCCESS ] && return $OCF_SUCCESS
  fi
  have_java || return $OCF_ERR_INSTALLED
  mkdir -p "$(dirname "$state")" || { exit_reason "cannot create $(dirname "$state")"; return $OCF_ERR_PERM; }
  rm -f "$state" "$pidfile"
  t0=$(date +%s)
  # shellcheck disable=SC2086 # JAVA_OPTS are words on purpose
  setsid "$CLONEVIP_JAVA" $CLONEVIP_JAVA_OPTS -cp "$CLONEVIP_CLASSPATH" "$MAIN_CLASS" \
      </dev/null >>"$logfile" 2>&1 &
  child=$!
  limit=$(( $(op_seconds) * 10 ))
  n=0
  while [ "$n" -lt "$limit" ]; do
    if ! kill -0 "$child" 2>/dev/null; then
      wait "$child"; rc=$?
      reason=$(sed -n 's/^ocf-exit-reason://p' "$logfile" | tail -n 1)
      exit_reason "${reason:-mysql_monitor daemon exited with $rc, see $logfile}"
      case "$rc" in 0) return $OCF_ERR_GENERIC ;; 2|4|5|6) return "$rc" ;; *) return $OCF_ERR_GENERIC ;; esac
    fi
    read_heartbeat
    if [ -n "$checked" ] && [ "$checked" -ge "$t0" ]; then
      return $OCF_SUCCESS
    fi
    sleep 0.1; n=$((n + 1))
  done
  exit_reason "mysql_monitor daemon wrote no first check within $(op_seconds)s"
  kill -KILL "$child" 2>/dev/null
  return $OCF_ERR_GENERIC
}

zero_attributes() { # after a SIGKILL the daemon could not do it itself
  attrd_updater -n "${OCF_RESKEY_reader_attribute:-readable}" -U 0 >/dev/null 2>&1
  attrd_updater -n "${OCF_RESKEY_writer_attribute:-writable}" -U 0 >/dev/null 2>&1
}

mm_stop() {
  p=$(daemon_pid) || { rm -f "$state" "$pidfile"; return $OCF_SUCCESS; }
  kill -TERM "$p" 2>/dev/null
  # wait for the process itself: its shutdown hook removes the pid file before the JVM has exited
  limit=$(( $(op_seconds) * 10 ))
  n=0
  while [ "$n" -lt "$limit" ] && is_daemon "$p"; do sleep 0.1; n=$((n + 1)); done
  if is_daemon "$p"; then
    kill -KILL "$p" 2>/dev/null
    n=0; while [ "$n" -lt 50 ] && is_daemon "$p"; do sleep 0.1; n=$((n + 1)); done
    zero_attributes
  fi
  if is_daemon "$p"; then
    exit_reason "mysql_monitor daemon $p does not stop"
    return $OCF_ERR_GENERIC
  fi
  rm -f "$state" "$pidfile" "$state.tmp" "$state.republish"
  return $OCF_SUCCESS
}

# meta-data (without the installed copy) and validate-all: the Java agent through the OCF
# framework, with the AOT cache install.sh trained when there is one; its exit code is ours.
java_ocf() {
  have_java || return $OCF_ERR_INSTALLED
  # the cache is bound to the class path it was trained with
  if [ -r "$libdir/aot/mysql_monitor.aot" ] && [ "$CLONEVIP_CLASSPATH" = "$libdir/lib/*" ]; then
    set -- "-XX:AOTCache=$libdir/aot/mysql_monitor.aot" "$@"
  else
    set -- -Xshare:auto "$@"
  fi
  "$CLONEVIP_JAVA" -Xlog:disable -Xlog:all=warning:stderr --enable-native-access=ALL-UNNAMED \
      -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData "$1" \
      -cp "$CLONEVIP_CLASSPATH" io.clonevip.ocf.OcfMain "$AGENT_CLASS" "$2"
}

# tests load the functions alone (MysqlMonitorLevelTest): MM_FUNCTIONS_ONLY=1 . mysql_monitor.sh
[ "${MM_FUNCTIONS_ONLY:-}" = 1 ] && return 0

case "${1:-}" in
  start)        mm_start ;;
  stop)         mm_stop ;;
  monitor|status) mm_monitor ;;
  validate-all) java_ocf validate-all ;;
  meta-data)    java_ocf meta-data ;;
  usage|help)   echo "usage: $0 {start|stop|monitor|validate-all|meta-data}"; exit $OCF_SUCCESS ;;
  *)            echo "usage: $0 {start|stop|monitor|validate-all|meta-data}" >&2; exit $OCF_ERR_UNIMPLEMENTED ;;
esac
