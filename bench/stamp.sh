#!/bin/sh
# Writes docs/measurements/bench/<name>.meta.json: which commit a result file measured, when, on what machine.
# Called by the run scripts right after a run. Usage: bench/stamp.sh NAME
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- . ':!docs/measurements/bench' 2>/dev/null || commit="$commit+dirty"
jdk=$("$java" -version 2>&1 | head -n 1 | sed 's/"/\\"/g')
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/"/\\"/g')
cat > "docs/measurements/bench/$1.meta.json" <<JSON
{"name": "$1", "commit": "$commit", "date": "$(date -u +%Y-%m-%dT%H:%MZ)", "nproc": $(nproc), "memory": "$mem",
 "cpu": "$cpu", "loadavg": "$load", "kernel": "$(uname -r)", "jdk": "$jdk", "nft": "$(nft --version 2>/dev/null)"}
JSON
