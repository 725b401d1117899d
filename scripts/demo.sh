#!/bin/sh
# The built-in demo (README): a namespace lab with three nodes and a client; clonevip programs
# the cluster IP over netlink, the client is answered by all three nodes, a bucket moves.
# Run by `make demo` after the build; needs root (network namespaces).
set -eu
cd "$(dirname "$0")/.."
java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)
[ -n "$java" ] || { echo "demo: no JDK 25 under /usr/lib/jvm" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "demo: run as root (it creates network namespaces)" >&2; exit 1; }
cp="lab/target/lab-0.1.0-SNAPSHOT.jar:$(cat lab/target/classpath.txt)"
exec "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" io.clonevip.lab.demo.ClusterIpDemo
