#!/usr/bin/env bash
# Nexmark-style benchmark: builds weir (Release), generates the data, runs every query on weir and peers, prints a table.
# Usage: bench/run.sh [nexmark events, default 2000000] | bench/run.sh --connectors [kafka redis postgres s3]
#        | bench/run.sh --latency [options] | bench/run.sh --soak [seconds] | bench/run.sh --joins [events]
# Environment: WEIR_BENCH_DIR (data and results, default /tmp/weir-bench), WEIR_BENCH_BUILD (build dir,
# default build-perf), WEIR_BENCH_REPEAT (runs per weir/DuckDB cell, best CPU time kept, default 3),
# WEIR_BENCH_PEERS (default "duckdb pandas"), WEIR_BENCH_QUERIES (default every query), WEIR_BENCH_JOBS
# (build parallelism, default 1), DUCKDB_THREADS (default 1: a weir job runs its pipeline on one thread).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# bench/run.sh --connectors [kafka] [redis] [postgres] [s3]: the connector throughput table instead
# (bench/connectors.sh: Kafka/Redis sources vs bare clients, PostgreSQL and S3 sinks, same build dir knobs).
if [ "${1:-}" = --connectors ]; then
  shift
  exec bash "$root/bench/connectors.sh" "$@"
fi
# bench/run.sh --latency [weir_bench_latency options]: window emission latency (p50/p99/max ms per rate and
# watermark delay, ~20 s per case); bench/run.sh --soak [seconds, default 600]: the flat-memory soak
# (bench/soak.sh). Same build dir knobs; neither runs by default.
if [ "${1:-}" = --latency ]; then
  shift
  build=${WEIR_BENCH_BUILD:-$root/build-perf}
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target weir_bench_latency -j"${WEIR_BENCH_JOBS:-1}" >/dev/null
  exec "$build/bench/weir_bench_latency" "$@"
fi
if [ "${1:-}" = --soak ]; then
  shift
  exec bash "$root/bench/soak.sh" "$@"
fi
# bench/run.sh --joins [events, default 1000000]: the lookup join (a followed JSON readings file ⋈ a
# 10,000-row CSV table) and the interval join (two followed files of `events` orders and shipments,
# 1-minute bound) on weir (weir_bench_query --stream), and the same joins as DuckDB batch queries over
# the same files; WEIR_BENCH_REPEAT runs each, one line per run: engine query rows cpu wall rss [peak state].
if [ "${1:-}" = --joins ]; then
  events=${2:-1000000}
  build=${WEIR_BENCH_BUILD:-$root/build-perf}
  dir=${WEIR_BENCH_DIR:-/tmp/weir-bench}/joins
  mkdir -p "$dir"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target weir_datagen weir_bench_query -j"${WEIR_BENCH_JOBS:-1}" >/dev/null
  [ -d "$root/bench/peers/node_modules/@duckdb/node-api" ] || (cd "$root/bench/peers" && npm ci --no-audit --no-fund >/dev/null)
  "$build/bench/weir_datagen" joins "$events" "$dir" >/dev/null
  for ((i = 0; i < ${WEIR_BENCH_REPEAT:-3}; i++)); do
    echo "weir lookup_join $("$build/bench/weir_bench_query" "$root/bench/queries/lookup_join.sql" "$dir" json $((events + 10000)) --stream)"
    echo "weir interval_join $("$build/bench/weir_bench_query" "$root/bench/queries/interval_join.sql" "$dir" json $((2 * events)) --stream)"
    for query in lookup_join interval_join; do
      echo "duckdb $query $(cd "$root/bench/peers" && node duckdb_peer.mjs "$query" "$dir" json "${DUCKDB_THREADS:-1}")"
    done
  done
  exit 0
fi
events=${1:-2000000}
weather_events=$((events / 2))
dir=${WEIR_BENCH_DIR:-/tmp/weir-bench}
build=${WEIR_BENCH_BUILD:-$root/build-perf}
repeat=${WEIR_BENCH_REPEAT:-3}
peers=${WEIR_BENCH_PEERS:-duckdb pandas}
queries=${WEIR_BENCH_QUERIES:-q0 q1 q2 q5 q7 q12 weather}
threads=${DUCKDB_THREADS:-1}
mkdir -p "$dir"

echo "== building weir (Release) in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target weir_datagen weir_bench_query -j"${WEIR_BENCH_JOBS:-1}" >/dev/null

if [[ " $peers " == *" duckdb "* ]]; then
  if ! command -v node >/dev/null; then
    echo "== node not found: skipping DuckDB" >&2; peers=${peers/duckdb/}
  elif [ ! -d "$root/bench/peers/node_modules/@duckdb/node-api" ]; then
    echo "== installing @duckdb/node-api (npm ci in bench/peers)" >&2
    (cd "$root/bench/peers" && npm ci --no-audit --no-fund >/dev/null)
  fi
fi
python=/usr/bin/python3
if [[ " $peers " == *" pandas "* ]] && ! "$python" -c 'import pandas' 2>/dev/null; then
  echo "== python3-pandas not installed (apt-get install python3-pandas): skipping pandas" >&2; peers=${peers/pandas/}
fi

echo "== generating $events Nexmark events and $weather_events weather readings in $dir" >&2
bids=$("$build/bench/weir_datagen" nexmark "$events" "$dir")
"$build/bench/weir_datagen" weather "$weather_events" "$dir" >/dev/null

results="$dir/results.tsv"
: > "$results"
# best_of N command...: runs the command N times, keeps the line with the least CPU time (field 2).
best_of() {
  local n=$1 best="" line
  shift
  for ((i = 0; i < n; i++)); do
    line=$("$@") || return 1
    if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[2] < y[2]) }'; then
      best=$line
    fi
  done
  echo "$best"
}
record() {  # engine query input events line
  echo "$1	$2	$3	$4	$5" >> "$results"
  echo "   $1 $2 $3: $5" >&2
}

for query in $queries; do
  if [ "$query" = weather ]; then data=weather; count=$weather_events; else data=bid; count=$bids; fi
  for format in json csv; do
    extension=$format; [ "$format" = json ] && extension=jsonl
    line=$(best_of "$repeat" "$build/bench/weir_bench_query" "$root/bench/queries/$query.sql" "$dir/$data.$extension" "$format" "$count")
    record weir "$query" "$format" "$count" "$line"
  done
  if [[ " $peers " == *" duckdb "* ]]; then
    line=$(cd "$root/bench/peers" && best_of "$repeat" node duckdb_peer.mjs "$query" "$dir/$data.jsonl" json "$threads")
    record duckdb "$query" json "$count" "$line"
  fi
  if [[ " $peers " == *" pandas "* ]]; then
    line=$(best_of 1 "$python" "$root/bench/peers/pandas_peer.py" "$query" "$dir/$data.jsonl" json)
    record pandas "$query" json "$count" "$line"
  fi
done
generated=$((events * 5))
line=$(best_of "$repeat" "$build/bench/weir_bench_query" "$root/bench/queries/generator_tumble.sql" - - "$generated")
record weir generator_tumble memory "$generated" "$line"
idle=$("$build/bench/weir_bench_query" --idle)

"$python" "$root/bench/report.py" "$results" "$idle" "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo '+dirty')" "$threads"
