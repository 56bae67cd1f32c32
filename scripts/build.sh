#!/usr/bin/env bash
# Configures and builds weir in build/ (Release); extra arguments go to the CMake configure step.
# WEIR_BUILD_TARGET names the one target to build (scripts/demo.sh builds only `weir` and the
# connector modules it loads); without it everything is built (tests and benchmarks too).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j2 --target "${WEIR_BUILD_TARGET:-all}" >> build.log 2>&1 || { grep -E 'error|Error' -A3 build.log | head -60; exit 1; }
rm -f build.log
