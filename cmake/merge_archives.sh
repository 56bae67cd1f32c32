#!/bin/sh
# Merges static archives into one: merge_archives.sh AR OUTPUT INPUT...
set -e
ar=$1; out=$2; shift 2
script="CREATE $out"
for lib in "$@"; do script="$script
ADDLIB $lib"; done
printf '%s\nSAVE\nEND\n' "$script" | "$ar" -M
