#!/usr/bin/env bash
# One command for a newcomer: installs what is missing, builds weir (only the `weir` program and the
# connector modules it loads: 2.5 minutes on 2 cores with the packages present) and runs the quickstart demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
WEIR_BUILD_TARGET=weir scripts/build.sh
exec build/weir -f examples/quickstart.sql "$@"
