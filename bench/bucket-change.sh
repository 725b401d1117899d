#!/bin/sh
# Side by side in one run: a bucket change through clonevip's in-process netlink backend vs the
# nft CLI, inside a throwaway network namespace. Prints medians and ratios (docs/measurements/benchmarks.md).
# Needs root and a built tree (make build). Writes docs/measurements/bench/bucket-change.json.
# Usage: bench/bucket-change.sh [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
ns="cvbench-$$"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT INT TERM
ip -n "$ns" link set lo up
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), kernel $(uname -r), nft $(nft --version)"
[ -f bench/target/benchmarks.jar ] || { echo "bucket-change: build first (make build)" >&2; exit 1; }
mkdir -p docs/measurements/bench
"$java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.clonevip.bench.BucketChangeSideBySide "$ns" "${1:-50}" \
  docs/measurements/bench/bucket-change.json
sh bench/stamp.sh bucket-change
