#!/usr/bin/env bash
# Flat-memory soak: an unbounded generator with a fixed key set (keys=1000, rate 0 = as fast as possible)
# → HOP 1m/5m avg/max/count per sensor → blackhole sink, for SECONDS (default 600). Every 10 s it prints
# VmRSS (/proc/<pid>/status of the process running the job), the job's state_groups and records_in; then
# a verdict: RSS growth between minute 2 and the end below 5 % (exit 2 otherwise). Not for CI.
# Usage: bench/soak.sh [seconds] [extra weir_bench_latency options, e.g. --keys 1000 --sample 10]
# Environment: WEIR_BENCH_BUILD (build dir, default build-perf), WEIR_BENCH_JOBS (build parallelism, default 1).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
[ $# -gt 0 ] && shift
build=${WEIR_BENCH_BUILD:-$root/build-perf}
echo "== building weir_bench_latency (Release) in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target weir_bench_latency -j"${WEIR_BENCH_JOBS:-1}" >/dev/null
echo "== soak: $seconds s on $(nproc) cores, commit $(git -C "$root" rev-parse --short HEAD)" >&2
exec "$build/bench/weir_bench_latency" --soak "$seconds" "$@"
