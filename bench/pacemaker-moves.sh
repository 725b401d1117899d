#!/bin/sh
# What many buckets cost Pacemaker: the time of the transitions that move k instances of a
# globally-unique clone of N instances in a real 3-node lab (lab/pacemaker/pcmk-lab.sh), for
# N in $MOVES_BUCKETS (default "24 64") and k in $MOVES_K (default "1 4 8 16"), each $1 times
# (default 3) away from node1 (and node2 when k exceeds node1's share) and back.
# docs/measurements/bucket-count.md says what it measures and shows the figures.
#
# The instances are ocf:pacemaker:Dummy (Pacemaker's own cost: scheduler, controller, executor,
# CIB updates; the agent's action time comes on top, docs/measurements/ipaddr3.md). Exactly k
# instances are pushed off a node with a binding node utilization capacity (placement-strategy
# balanced, vip_slots=1 per instance): capacity = the node's count - k. Times come from the DC's
# pacemaker.log (millisecond timestamps): from the capacity write to the Complete of the first
# transition, and of the last one before the scheduler plans nothing (pcmk-lab.sh settle).
#
# MOVES_AGENT=ipaddr3 runs clonevip's IPaddr3 instead (ip 198.51.100.100 on eth0, drain_limit=0,
# clone_count_attribute=""), installed for the run under a provider of its own as the agents'
# Pacemaker tests do (scripts/install.sh; needs `mvn -pl agents -am package` first); no
# clonevip-agentd runs in the lab nodes, so every action is a JVM of its own.
#
# Root; takes the lab lock: flock /tmp/clonevip-tests.lock bench/pacemaker-moves.sh [REPEATS]
# Writes docs/measurements/bench/pacemaker-moves[-ipaddr3].tsv (one line per step).
set -eu
cd "$(dirname "$0")/.."
LAB=$(pwd)/lab/pacemaker/pcmk-lab.sh
REPEATS=${1:-3}
AGENT=${MOVES_AGENT:-dummy}
OUT=docs/measurements/bench/pacemaker-moves.tsv
PRIMITIVE="primitive p_bucket ocf:pacemaker:Dummy"
if [ "$AGENT" = ipaddr3 ]; then
  OUT=docs/measurements/bench/pacemaker-moves-ipaddr3.tsv
  PROVIDER=clonevip-moves$$
  AROOT=$(mktemp -d /tmp/clonevip-moves-XXXXXX)
  chmod 755 "$AROOT"
  uninstall() {
    env LIBDIR="$AROOT/lib" OCFDIR="/usr/lib/ocf/resource.d/$PROVIDER" sh scripts/uninstall.sh >/dev/null || :
    rm -rf "$AROOT"
  }
  trap uninstall EXIT INT TERM
  env LIBDIR="$AROOT/lib" CONFDIR="$AROOT/etc" OCFDIR="/usr/lib/ocf/resource.d/$PROVIDER" sh scripts/install.sh >/dev/null
  PRIMITIVE="primitive p_bucket ocf:$PROVIDER:IPaddr3 params ip=198.51.100.100 nic=eth0 drain_limit=0 clone_count_attribute=\"\""
fi
mkdir -p docs/measurements/bench
export CLONEVIP_LAB_QUIET=1
eval "$("$LAB" up 3)"
export CLONEVIP_LAB_ID
trap '"$LAB" down; [ "$AGENT" != ipaddr3 ] || uninstall' EXIT INT TERM
DIR=$("$LAB" info | sed -n 's/^dir=//p')
x() { "$LAB" x "$@"; }
now() { date +%T.%3N; }
secs() { echo "$1" | awk -F: '{ printf "%.3f", $1 * 3600 + $2 * 60 + $3 }'; }

# count per node of running p_bucket instances, e.g. "8 8 8"
shares() {
  x 1 crm_mon -1 --output-as=xml | awk '
    /<resource id="p_bucket:/ { want = /role="Started"/; next }
    want && /<node name="node/ { sub(/.*<node name="node/, ""); sub(/".*/, ""); c[$0]++; want = 0 }
    END { printf "%d %d %d\n", c[1], c[2], c[3] }'
}

# transitions logged after $1 (HH:MM:SS.mmm): "transitions starts stops first_s last_s"
transitions() {
  t0=$(secs "$1")
  cat "$DIR"/node*/log/pacemaker/pacemaker.log | awk -v t0="$t0" '
    { split($3, h, ":"); t = h[1] * 3600 + h[2] * 60 + h[3]; if (t < t0) next }
    /Initiating start operation p_bucket:/ { starts++ }
    /Initiating stop operation p_bucket:/ { stops++ }
    /Transition [0-9]+ \(Complete=/ { n++; if (!first) first = t; last = t }
    END { printf "%d %d %d %.3f %.3f\n", n, starts, stops, first - t0, last - t0 }'
}

# until the DC is idle and the scheduler plans nothing; looks every 0.5 s and runs the scheduler
# only while the DC is idle (pcmk-lab.sh settle runs it every 0.1 s: CPU the lab's 2 cores miss)
quiet() {
  dc=$(x 1 crm_mon -1 --output-as=xml | sed -n 's/.*<current_dc present="true".* name="\([^"]*\)".*/\1/p')
  end=$(($(date +%s) + 300))
  while [ "$(date +%s)" -lt "$end" ]; do
    sleep 0.5
    x 1 crmadmin -q -S "$dc" 2>&1 | grep -qx S_IDLE || continue
    g=$(x 1 crm_simulate --live-check --save-graph /dev/stdout --quiet 2>/dev/null) || continue
    printf '%s\n' "$g" | grep -q '<rsc_op\|<crm_event' || return 0
  done
  echo "pacemaker-moves: no quiet in 300 s" >&2; return 1
}

cap() { x 1 crm_attribute -N "node$1" -z -n vip_slots -v "$2" >/dev/null; }

echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(pacemakerd --version | head -n 1), $(nproc) cores, $AGENT, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf 'buckets\tk\tdirection\tmoved\ttransitions\tfirst_s\tsettled_s\n' > "$OUT"
x 1 crm_attribute -t crm_config -n placement-strategy -v balanced
first=1
for N in ${MOVES_BUCKETS:-24 64}; do
  for n in 1 2 3; do cap "$n" "$N"; done
  if [ "$first" = 1 ]; then
    crm=$DIR/moves.crm
    printf '%s\n' \
      "$PRIMITIVE meta resource-stickiness=0 utilization vip_slots=1 op monitor interval=10s" \
      "clone cl_bucket p_bucket meta clone-max=$N clone-node-max=$N globally-unique=true" > "$crm"
    chmod 644 "$crm"
    x 1 crm configure load update "$crm" >/dev/null
    first=0
  else
    x 1 crm_resource -r cl_bucket --meta -p clone-node-max -v "$N" >/dev/null
    x 1 crm_resource -r cl_bucket --meta -p clone-max -v "$N" >/dev/null
  fi
  "$LAB" settle 1 300
  echo "$N buckets: $(shares)" >&2
  for k in ${MOVES_K:-1 4 8 16}; do
    r=0
    while [ "$r" -lt "$REPEATS" ]; do
      r=$((r + 1))
      set -- $(shares)
      k1=$k; [ "$k1" -gt "$1" ] && k1=$1
      k2=$((k - k1))
      t=$(now); cap 1 $(($1 - k1)); [ "$k2" -gt 0 ] && cap 2 $(($2 - k2))
      quiet
      set -- $(transitions "$t")
      printf '%s\t%s\taway\t%s\t%s\t%s\t%s\n' "$N" "$k" "$2" "$1" "$4" "$5" | tee -a "$OUT"
      t=$(now); cap 1 "$N"; [ "$k2" -gt 0 ] && cap 2 "$N"
      quiet
      set -- $(transitions "$t")
      printf '%s\t%s\tback\t%s\t%s\t%s\t%s\n' "$N" "$k" "$2" "$1" "$4" "$5" | tee -a "$OUT"
    done
  done
done
