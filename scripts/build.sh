#!/usr/bin/env bash
# Configures and builds weir in build/ (Release); extra arguments go to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j2 >> build.log 2>&1 || { grep -E 'error|Error' -A3 build.log | head -60; exit 1; }
rm -f build.log
