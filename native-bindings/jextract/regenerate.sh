#!/bin/sh
# Generates FFM bindings for clonevip.h with the jextract found on PATH, restricted to the
# allowlist includes.txt, into package io.clonevip.nativ.gen.
#
# The project's bindings (io.clonevip.nativ.bind) are hand-written in jextract's shape because
# jextract is not installable from the registries this project builds from; this script is the
# way to compare them with, or replace them by, jextract's output on a machine that has it.
#
#   native-bindings/jextract/regenerate.sh [OUTPUT_DIR]
#
# OUTPUT_DIR defaults to native-bindings/target/jextract-gen (not compiled by the build); pass
# native-bindings/src/main/java to put the generated package into the sources.
# Exit codes: 0 generated, 2 no jextract on PATH, other: jextract's own failure.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../target/jextract-gen"}

if ! command -v jextract >/dev/null 2>&1; then
    echo "regenerate.sh: no jextract on PATH; nothing generated." >&2
    echo "  Put a jextract build for JDK 25 (https://github.com/openjdk/jextract) on PATH and run again." >&2
    echo "  The hand-written bindings in io.clonevip.nativ.bind stay in use either way." >&2
    exit 2
fi

mkdir -p "$out"
cd "$here"
jextract \
    --output "$out" \
    --target-package io.clonevip.nativ.gen \
    --header-class-name clonevip_h \
    --library :libmnl.so.0 \
    -D _GNU_SOURCE \
    @includes.txt \
    clonevip.h
echo "regenerate.sh: generated io.clonevip.nativ.gen into $out"
