#!/bin/sh
# Captures the kernel's replies to reading back one cluster IP (12 buckets) in a throwaway network
# namespace into the resource the decode benchmark replays. Needs root and a built tree.
# Usage: bench/capture-dump.sh   (rebuild afterwards: the resource is packed into the jar)
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
ns="cvbench-cap-$$"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT INT TERM
ip -n "$ns" link set lo up
"$java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.clonevip.bench.DumpCapture "$ns" \
  bench/src/main/resources/io/clonevip/bench/dump-12.bin
