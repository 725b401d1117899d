#!/bin/sh
# clonevip mysql_monitor — OCF resource agent, shell part.
#
# Sets node attributes (reader: readable, writer: writable by default) from the state of a
# local MariaDB/MySQL server, like Percona's mysql_monitor, but through a resident Java
# process (io.clonevip.agent.mysql.MonitorDaemon) that keeps one DB connection and polls at
# poll_interval. This script only starts, stops and watches that process: the monitor action
# starts no JVM and opens no DB connection, it reads the daemon's heartbeat file.
#
#   start         launch the daemon detached; success once its first check is written. A live
#                 daemon with a fresh heartbeat: success. A live one whose heartbeat is stale or
#                 missing (hung, SIGSTOPped): it is ended first (as by stop), then a new one
#                 starts: one daemon per instance, always (the daemon also locks its pid file)
#   stop          SIGTERM (+SIGCONT) the daemon (it sets both attributes to 0), wait, SIGKILL if
#                 need be; then always sets both attributes to 0 itself and removes the daemon's
#                 files, each only if it has the form the daemon writes. Never fails because of
#                 the parameters (a relative state path: the daemon cannot have used it)
#   monitor       0 = daemon alive and heartbeat fresh, 7 = not running, 1 = heartbeat stale;
#                 a pid file without its daemon (SIGKILL, OOM killer, JVM crash: no shutdown hook)
#                 sets both attributes to 0 before the 7;
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
# Children get no password: OCF_RESKEY_password leaves this script's environment at once and is
# handed only to the daemon (start) and to validate-all's JVM.
# Numbers from outside (CRM_meta_timeout, the heartbeat's lines) are checked to be digits before
# any shell arithmetic: under bash, $((v)) evaluates v's text, and a[$(cmd)] runs cmd.
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

# the password is for the daemon and validate-all's JVM only (with_password), no other child
mm_password= mm_has_password=
if [ -n "${OCF_RESKEY_password+set}" ]; then
  mm_password=$OCF_RESKEY_password mm_has_password=1
  unset OCF_RESKEY_password
fi
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

# The action timeout (CRM_meta_timeout, milliseconds, default 20000) in whole seconds minus a
# 2 s margin, at least 2, into op_s. Only digits reach the arithmetic; anything else leaves the
# default in op_s and sets timeout_error (start and monitor refuse with it, stop goes on).
op_timeout() {
  timeout_error= t=${OCF_RESKEY_CRM_meta_timeout:-20000}
  case $t in
    *[!0-9]*|??????????*)
      timeout_error="CRM_meta_timeout '$t' is not a whole number of milliseconds (at most 9 digits)"
      t=20000 ;;
  esac
  while :; do case $t in 0?*) t=${t#0} ;; *) break ;; esac; done # 010 would be octal
  op_s=$((t / 1000 - 2)); [ "$op_s" -lt 2 ] && op_s=2
}

# Whether $1 is a count (digits only, at most 18): what may go into arithmetic.
is_count() {
  case $1 in ''|*[!0-9]*|???????????????????*) return 1 ;; esac
}

# Whether PID $1 is our daemon: alive, no zombie and really our main class (a reused PID is not).
# Shell builtins where possible: monitor runs often and should fork little (grep, date).
is_daemon() {
  # 2>/dev/null first: redirections apply left to right, so it must be in place before the
  # open of a /proc entry that may be gone (dash reports the failed open on stderr otherwise)
  st=; read -r _ _ st _ 2>/dev/null < "/proc/$1/stat" || return 1
  [ "$st" = Z ] && return 1
  grep -qa "$MAIN_CLASS" "/proc/$1/cmdline" 2>/dev/null
}

# PID of our daemon, if it runs, from the pid file (also left in p).
daemon_pid() {
  [ -r "$pidfile" ] || return 1
  p=; IFS= read -r p 2>/dev/null < "$pidfile"
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
  done 2>/dev/null < "$state"
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
  if [ -z "$hb_rname" ] || [ -z "$hb_want_reader" ] || ! is_count "$hb_republished"; then
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
  limit_s=$op_s; [ "$bound" -lt "$limit_s" ] && limit_s=$bound
  n=0
  while [ "$n" -lt $((limit_s * 10)) ]; do
    sleep 0.1; n=$((n + 1))
    read_heartbeat
    is_count "$hb_republished" && [ "$hb_republished" -gt "$served" ] && break
  done
  if ! is_count "$hb_republished" || ! [ "$hb_republished" -gt "$served" ]; then
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

# Level 0: the daemon of the pid file is alive and its heartbeat fresh (0), else 1 with the
# reason in why. Needs daemon_pid to have succeeded.
heartbeat_fresh() {
  read_heartbeat
  if ! is_count "$checked" || ! is_count "$bound"; then why="no heartbeat in $state yet"; return 1; fi
  age=$(( $(date +%s) - checked ))
  if [ "$age" -gt "$bound" ]; then why="mysql_monitor heartbeat is ${age}s old (bound ${bound}s)"; return 1; fi
  return 0
}

mm_monitor() {
  if ! daemon_pid >/dev/null; then
    # A pid file without its daemon: it died without its shutdown hook (SIGKILL, OOM killer,
    # JVM crash) and left its attributes as they were. Probes of a clean node write nothing.
    [ -e "$pidfile" ] && zero_attributes
    return $OCF_NOT_RUNNING
  fi
  heartbeat_fresh || { exit_reason "$why"; return $OCF_ERR_GENERIC; }
  check_level
  [ "$level" -ge 10 ] || return $OCF_SUCCESS
  mm_monitor_attributes
}

# Whether the state path can be the daemon's: it refuses a relative one, so nothing of such a
# path is ours (stop leaves it alone).
state_usable() {
  case $state in /*) return 0 ;; esac
  return 1
}

# Whether the state file's directory is a real directory of the user running this (root under
# Pacemaker) that nobody else can write: start creates the daemon's files there (<state>.log is
# opened for appending before the daemon runs), so a directory others can write would let them
# plant a symlink or FIFO at one of those names.
state_dir_private() {
  sd=$(dirname "$state")
  [ -d "$sd" ] && [ ! -L "$sd" ] && [ -O "$sd" ] || return 1
  [ -z "$(find "$sd" -maxdepth 0 -perm /022 2>/dev/null)" ]
}

# Runs "$@" with OCF_RESKEY_password in its environment when the resource has one (in a subshell
# that then becomes the command: $! of "with_password cmd &" is the command's PID).
with_password() {
  [ -n "$mm_has_password" ] && { OCF_RESKEY_password=$mm_password; export OCF_RESKEY_password; }
  exec "$@"
}

# Ends daemon $1: SIGTERM, and SIGCONT so that a stopped (SIGSTOPped) one handles it (its shutdown
# hook sets both attributes to 0 and removes its files); waits up to $2 s for the process itself
# (the hook removes the pid file before the JVM has exited), then SIGKILL and up to 2 s more.
# 1 when it is still there.
end_daemon() {
  kill -TERM "$1" 2>/dev/null; kill -CONT "$1" 2>/dev/null
  n=0; while [ "$n" -lt $(($2 * 10)) ] && is_daemon "$1"; do sleep 0.1; n=$((n + 1)); done
  if is_daemon "$1"; then
    kill -KILL "$1" 2>/dev/null
    n=0; while [ "$n" -lt 20 ] && is_daemon "$1"; do sleep 0.1; n=$((n + 1)); done
  fi
  ! is_daemon "$1"
}

mm_start() {
  t0=$(date +%s)
  if ! state_usable; then
    exit_reason "state: '$state' is not an absolute path"
    return $OCF_ERR_CONFIGURED
  fi
  if daemon_pid >/dev/null; then
    heartbeat_fresh && return $OCF_SUCCESS
    # alive but not healthy (hung, SIGSTOPped): one daemon per instance, so it goes first
    echo "mysql_monitor: start: daemon $p is alive but unhealthy ($why); ending it before starting a new one" >&2
    if ! end_daemon "$p" $((op_s / 2)); then
      exit_reason "the unhealthy mysql_monitor daemon $p does not end"
      return $OCF_ERR_GENERIC
    fi
  fi
  have_java || return $OCF_ERR_INSTALLED
  mkdir -p "$(dirname "$state")" || { exit_reason "cannot create $(dirname "$state")"; return $OCF_ERR_PERM; }
  if ! state_dir_private; then
    exit_reason "state: directory $(dirname "$state") is not root's alone (owned by another user, a symlink, or writable by group or others): the daemon's log, pid and request files beside the state file could be planted there; give a state path in a directory only root can write"
    return $OCF_ERR_CONFIGURED
  fi
  remove_own_files
  # shellcheck disable=SC2086 # JAVA_OPTS are words on purpose
  ( with_password setsid "$CLONEVIP_JAVA" $CLONEVIP_JAVA_OPTS -cp "$CLONEVIP_CLASSPATH" "$MAIN_CLASS" ) \
      </dev/null >>"$logfile" 2>&1 &
  child=$!
  limit=$(( (op_s - ($(date +%s) - t0)) * 10 ))
  n=0
  while [ "$n" -lt "$limit" ]; do
    if ! kill -0 "$child" 2>/dev/null; then
      wait "$child"; rc=$?
      reason=$(sed -n 's/^ocf-exit-reason://p' "$logfile" | tail -n 1)
      exit_reason "${reason:-mysql_monitor daemon exited with $rc, see $logfile}"
      case "$rc" in 0) return $OCF_ERR_GENERIC ;; 2|4|5|6) return "$rc" ;; *) return $OCF_ERR_GENERIC ;; esac
    fi
    read_heartbeat
    if is_count "$checked" && [ "$checked" -ge "$t0" ]; then
      return $OCF_SUCCESS
    fi
    sleep 0.1; n=$((n + 1))
  done
  exit_reason "mysql_monitor daemon wrote no first check within ${op_s}s"
  kill -KILL "$child" 2>/dev/null
  return $OCF_ERR_GENERIC
}

# Whether attribute name $1 is one the daemon accepts (MysqlMonitorConfig: [A-Za-z0-9_.:-]{1,128}).
attribute_name_ok() {
  case $1 in ''|*[!A-Za-z0-9_.:-]*) return 1 ;; esac
  [ ${#1} -le 128 ]
}

# Sets both attributes to 0 (immediately, -U) where the daemon could not or may not have: its
# shutdown hook did not run (SIGKILL, OOM killer, JVM crash), or did not reach attrd. Names the
# daemon would refuse are skipped: it cannot have written them.
zero_attributes() {
  for a in "${OCF_RESKEY_reader_attribute:-readable}" "${OCF_RESKEY_writer_attribute:-writable}"; do
    attribute_name_ok "$a" && attrd_updater -n "$a" -U 0 >/dev/null 2>&1
  done
  return 0
}

# Whether $1 is a regular file (not a symlink) in the form the daemon writes it: the heartbeat
# (first line checked_at=<digits>), the pid file (digits, or empty while being written) or the
# republish request (empty). Only such files are removed: a misconfigured state path names
# somebody else's file.
own_file() { # $1 = file, $2 = heartbeat | pid | empty
  [ -f "$1" ] && [ ! -L "$1" ] || return 1
  line=; IFS= read -r line 2>/dev/null < "$1"
  case $2 in
    heartbeat) case $line in checked_at=[0-9]*) return 0 ;; esac ;;
    pid) case $line in *[!0-9]*) ;; *) return 0 ;; esac ;;
    empty) [ ! -s "$1" ] && return 0 ;;
  esac
  return 1
}

# What a daemon of this instance leaves when it ends without its shutdown hook (the log stays).
remove_own_files() {
  state_usable || return 0
  own_file "$state" heartbeat && rm -f "$state"
  own_file "$state.tmp" heartbeat && rm -f "$state.tmp"
  own_file "$state.republish" empty && rm -f "$state.republish"
  own_file "$pidfile" pid && rm -f "$pidfile"
  return 0
}

# Never fails because of the parameters. Fails only when the daemon does not end.
mm_stop() {
  if state_usable && daemon_pid >/dev/null; then
    w=$((op_s - 2)); [ "$w" -lt 1 ] && w=1
    if ! end_daemon "$p" "$w"; then
      exit_reason "mysql_monitor daemon $p does not stop"
      return $OCF_ERR_GENERIC
    fi
  fi
  zero_attributes
  remove_own_files
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
  ( with_password "$CLONEVIP_JAVA" -Xlog:disable -Xlog:all=warning:stderr --enable-native-access=ALL-UNNAMED \
      -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData "$1" \
      -cp "$CLONEVIP_CLASSPATH" io.clonevip.ocf.OcfMain "$AGENT_CLASS" "$2" )
}

# tests load the functions alone (MysqlMonitorLevelTest): MM_FUNCTIONS_ONLY=1 . mysql_monitor.sh
op_timeout
[ "${MM_FUNCTIONS_ONLY:-}" = 1 ] && return 0

case "${1:-}" in
  start|monitor|status)
    if [ -n "$timeout_error" ]; then exit_reason "$timeout_error"; exit $OCF_ERR_CONFIGURED; fi ;;
  stop)
    [ -n "$timeout_error" ] && echo "mysql_monitor: $timeout_error; stopping within the default timeout (20 s)" >&2 ;;
esac
case "${1:-}" in
  start)        mm_start ;;
  stop)         mm_stop ;;
  monitor|status) mm_monitor ;;
  validate-all) java_ocf validate-all ;;
  meta-data)    java_ocf meta-data ;;
  usage|help)   echo "usage: $0 {start|stop|monitor|validate-all|meta-data}"; exit $OCF_SUCCESS ;;
  *)            echo "usage: $0 {start|stop|monitor|validate-all|meta-data}" >&2; exit $OCF_ERR_UNIMPLEMENTED ;;
esac
