#!/bin/sh
# Side by side in one run: packets/s through the 3 nodes of a namespace lab with no table, with
# clonevip's ruleset, the layouts before it (v2, v3) and a stateless variant, each also with
# every node a non-owner, an owner (-owner) and an owner of established flows (-est); prints
# medians, ratios, the rules' cost per packet per node and the owners' cost against v2's, writes docs/measurements/bench/dataplane.json. Traffic stays inside the lab's
# namespaces (198.51.100.0/24); the lab is deleted at the end. Needs root, gcc, a built tree.
# Usage: bench/dataplane.sh [SECONDS_PER_FLOOD [ROUNDS]]   (default 1 s, 9 rounds: ~4 min; 0.5 s, 30 rounds: ~9 min)
# DATAPLANE_CONFIGS=none,v2-est,nft:t-first-est,... chooses the configurations (DataplaneSideBySide,
# bench/dataplane-variants/README.md).
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "dataplane: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
tmp=$(mktemp -d /tmp/cvbench-flood-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
gcc -O2 -Wall -o "$tmp/udpflood" bench/flood/udpflood.c
cpu=$(( $(nproc) - 1 ))
mkdir -p docs/measurements/bench
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo +dirty), kernel $(uname -r), nft $(nft --version), flooder pinned to CPU $cpu"
"$java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.clonevip.bench.DataplaneSideBySide \
  "$tmp/udpflood" "${1:-1}" "${2:-9}" "$cpu" docs/measurements/bench/dataplane.json
sh bench/stamp.sh dataplane
