#!/usr/bin/env bash
# Installs what is missing, builds weir and runs every test through CTest: first the unit and SQL
# tests under AddressSanitizer + UBSan, then the whole suite (unit, SQL, integration) on the Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== sanitizer build (ASan + UBSan): unit and SQL tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWEIR_SANITIZE=ON -DWEIR_BUILD_BENCH=OFF > /dev/null
cmake --build build-asan -j2 > build-asan.log 2>&1 || { grep -E 'error' -A3 build-asan.log | head -80; exit 1; }
rm -f build-asan.log
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j2 -L 'unit|sql')

echo "== release build: every test"
scripts/build.sh
(cd build && ctest --output-on-failure -j2)
