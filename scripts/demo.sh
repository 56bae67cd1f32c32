#!/usr/bin/env bash
# One command for a newcomer: installs what is missing, builds weir and runs the quickstart demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/weir -f examples/quickstart.sql "$@"
