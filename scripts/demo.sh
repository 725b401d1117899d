#!/bin/sh
# The built-in demo. Grows with the product: see README.md.
set -eu
cd "$(dirname "$0")/.."
echo "demo: the namespace-lab demo is not written yet"
