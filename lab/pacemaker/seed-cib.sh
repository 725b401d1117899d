#!/bin/sh
# seed-cib.sh SCHEMA IN.crm OUT.xml
# Turns a crm shell configuration into CIB XML with crmsh itself ("crm configure load
# replace" on a CIB file), inside a one-node lab made for this run (crmsh then writes its
# cache and log in the lab node, not on the host), checks it with crm_verify -x and writes
# OUT.xml. SCHEMA is the CIB's validate-with, e.g. pacemaker-1.2 (the seed blog's Pacemaker
# 1.1.7 era, which still accepts cluster-infrastructure=openais and expected-quorum-votes)
# or pacemaker-3.9 (Pacemaker 2.1). crmsh is run with -F: agents it cannot find
# (ocf:percona:*) only make it complain.
set -eu
[ $# -eq 3 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
schema=$1; in=$(realpath "$2"); out=$3
here=$(cd "$(dirname "$0")" && pwd)
CLONEVIP_LAB_ID=s$$; export CLONEVIP_LAB_ID CLONEVIP_LAB_QUIET=1
work=$(mktemp -d /tmp/clonevip-seedcib-XXXXXX)
trap '"$here/pcmk-lab.sh" down >/dev/null 2>&1; rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$in" "$work/in.crm"
case $schema in pacemaker-3.9) fs=3.16.1;; pacemaker-1.2) fs=3.0.6;; *) fs=3.16.1;; esac
cibadmin --empty | sed "s/validate-with=\"[^\"]*\"/validate-with=\"$schema\"/; s/crm_feature_set=\"[^\"]*\"/crm_feature_set=\"$fs\"/" \
  > "$work/cib.xml"
chmod 666 "$work/cib.xml"
"$here/pcmk-lab.sh" up 1 >/dev/null
"$here/pcmk-lab.sh" x 1 env CIB_file="$work/cib.xml" crm -F configure load replace "$work/in.crm" \
  > "$work/crm.log" 2>&1 || { cat "$work/crm.log" >&2; exit 1; }
crm_verify -V -x "$work/cib.xml"
cp "$work/cib.xml" "$out"
echo "wrote $out" >&2
