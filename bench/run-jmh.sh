#!/bin/sh
# Runs the JMH benchmarks on the JDK 25 the build uses; JSON results to docs/bench/jmh.json.
# Extra arguments go to JMH (e.g. a benchmark regex, -f 1 -wi 2 -i 3).
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "run-jmh: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
mkdir -p docs/bench
exec "$java" --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar \
  -rf json -rff docs/bench/jmh.json -prof gc "$@"
