#!/usr/bin/env bash
# Connector throughput: weir's Kafka and Redis sources against bare librdkafka/hiredis loops on the same
# data, and the PostgreSQL (COPY) and S3 sinks, all against the project's test services on loopback.
# Usage: bench/connectors.sh [kafka] [redis] [postgres] [s3]   (default: all four; also `bench/run.sh --connectors`)
# Environment: WEIR_BENCH_DIR (data, services and results, default /tmp/weir-bench; services live in
# DIR/connectors-services), WEIR_BENCH_BUILD (build dir, default build-perf; an existing build dir such
# as build/ is built in as configured, a new one is configured Release), WEIR_BENCH_REPEAT (runs per
# cell, the best CPU time is kept, default 3), WEIR_BENCH_JOBS (build parallelism, default 1),
# WEIR_BENCH_KAFKA_TOPICS (3-partition topics read by one source, default 8: the mock broker keeps ~5 MiB
# per partition, so one topic holds only ~55 K events), WEIR_BENCH_KAFKA_BYTES (payload bytes per
# partition, default 4 MiB), WEIR_BENCH_REDIS_EVENTS (stream length, default 500000), WEIR_BENCH_REDIS_BATCH
# (XREADGROUP COUNT for weir and the bare loop, default 2048), WEIR_BENCH_PG_ROWS (default 1000000),
# WEIR_BENCH_PG_BATCH (the sink's batch_rows, default 50000), WEIR_BENCH_S3_ROWS (default 1000000),
# WEIR_BENCH_S3_ROLL (rows per object, default 10000).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${WEIR_BENCH_DIR:-/tmp/weir-bench}
build=${WEIR_BENCH_BUILD:-$root/build-perf}
[[ "$build" = /* ]] || build="$root/$build"
repeat=${WEIR_BENCH_REPEAT:-3}
kafka_topics=${WEIR_BENCH_KAFKA_TOPICS:-8}
kafka_bytes=${WEIR_BENCH_KAFKA_BYTES:-4194304}
redis_events=${WEIR_BENCH_REDIS_EVENTS:-500000}
redis_batch=${WEIR_BENCH_REDIS_BATCH:-2048}
pg_rows=${WEIR_BENCH_PG_ROWS:-1000000}
pg_batch=${WEIR_BENCH_PG_BATCH:-50000}
s3_rows=${WEIR_BENCH_S3_ROWS:-1000000}
s3_roll=${WEIR_BENCH_S3_ROLL:-10000}
parts=${*:-kafka redis postgres s3}
for part in $parts; do
  case "$part" in kafka|redis|postgres|s3) ;; *) echo "connectors.sh: unknown part '$part' (kafka redis postgres s3)" >&2; exit 2 ;; esac
done
services="$dir/connectors-services"
queries="$root/bench/queries/connectors"
mkdir -p "$dir" "$services"

targets="weir_datagen weir_bench_connector"
[[ " $parts " == *" kafka "* ]] && targets+=" weir_kafka_mock weir_bench_kafka_producer weir_bench_kafka_bare"
[[ " $parts " == *" redis "* ]] && targets+=" weir_bench_redis_loader weir_bench_redis_bare"
if [ -f "$build/CMakeCache.txt" ]; then
  type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
  [ "$type" = Release ] || echo "== note: $build is a '${type:-default}' build, not Release: figures are not comparable" >&2
  echo "== building the connector benchmark in $build ($type, as configured)" >&2
else
  echo "== configuring $build (Release)" >&2
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
# shellcheck disable=SC2086
cmake --build "$build" --target $targets -j"${WEIR_BENCH_JOBS:-1}" >/dev/null
bin="$build/bench"
mock=$(find "$build" -name weir_kafka_mock -type f -perm -u+x 2>/dev/null | head -n 1)

started=""
cleanup() {
  for service in $started; do bash "$root/tests/support/services/$service.sh" stop "$services" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
start_service() {  # start_service NAME: starts tests/support/services/NAME.sh and loads NAME.env
  echo "== starting $1" >&2
  WEIR_KAFKA_MOCK="$mock" bash "$root/tests/support/services/$1.sh" start "$services" >/dev/null
  started+=" $1"
  set -a
  # shellcheck disable=SC1090
  source "$services/$1.env"
  set +a
}
stop_service() {
  bash "$root/tests/support/services/$1.sh" stop "$services" >/dev/null 2>&1 || true
  started=${started/ $1/}
}

results="$dir/connectors.tsv"
: > "$results"
# best_of N FIELD command...: runs the command N times, keeps the output line whose field FIELD (CPU or
# wall seconds) is least.
best_of() {
  local n=$1 field=$2 best="" line
  shift 2
  for ((i = 0; i < n; i++)); do
    line=$("$@") || return 1
    if [ -z "$best" ] || awk -v a="$line" -v b="$best" -v f="$field" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[f] < y[f]) }'; then
      best=$line
    fi
  done
  echo "$best"
}
# record SECTION ENGINE EVENTS CPU WALL RSS NOTE: one row of the table.
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"
  echo "   $1 $2: $3 events, cpu $4 s, wall $5 s, $7" >&2
}
# weir_run QUERY NAME=VALUE...: one weir_bench_connector line; fails unless it read `expect` records.
weir_run() {
  local line
  line=$("$bin/weir_bench_connector" "$@") || return 1
  read -r records_in _ bad _ <<< "$line"
  if [ "$records_in" != "$expect" ] || [ "$bad" != 0 ]; then
    echo "connectors.sh: weir read $records_in records ($bad bad), expected $expect" >&2
    return 1
  fi
  echo "$line"
}

echo "== generating 200000 weather readings in $dir" >&2
"$bin/weir_datagen" weather 200000 "$dir" >/dev/null

if [[ " $parts " == *" kafka "* ]]; then
  start_service kafka
  topics=""
  for ((t = 0; t < kafka_topics; t++)); do
    bash "$root/tests/support/services/kafka.sh" topic "$services" "weather$t" 3
    topics+="${topics:+,}weather$t"
  done
  echo "== producing weather readings to $kafka_topics topics × 3 partitions ($kafka_bytes payload bytes each)" >&2
  expect=$("$bin/weir_bench_kafka_producer" "$BOOTSTRAP" "$dir/weather.jsonl" "$topics" 3 "$kafka_bytes")
  bare=$(best_of "$repeat" 2 "$bin/weir_bench_kafka_bare" "$BOOTSTRAP" "$topics")
  read -r events cpu wall rss bytes _ <<< "$bare"
  [ "$events" = "$expect" ] || { echo "connectors.sh: the bare consumer read $events of $expect messages" >&2; exit 1; }
  record kafka bare "$events" "$cpu" "$wall" "$rss" "librdkafka consumer_poll loop, $((bytes / 1048576)) MiB of payload"
  line=$(best_of "$repeat" 4 weir_run "$queries/kafka_weather.sql" BROKERS="$BOOTSTRAP" TOPICS="$topics")
  read -r events out _ cpu wall rss <<< "$line"
  record kafka weir "$events" "$cpu" "$wall" "$rss" "HOP 1m/5m weather query, $out rows out"
  stop_service kafka
fi

if [[ " $parts " == *" redis "* ]]; then
  start_service redis
  echo "== loading $redis_events weather readings into a Redis stream" >&2
  expect=$("$bin/weir_bench_redis_loader" 127.0.0.1 "$REDIS_PORT" weather "$dir/weather.jsonl" "$redis_events")
  # Each run reads through a new consumer group (best_of runs it in a subshell: names come from the clock).
  bare_redis() {  # bare_redis ack|noack: one run in a new group, dropped afterwards
    local group
    group="bare-$1-$(date +%s%N)"
    "$bin/weir_bench_redis_bare" 127.0.0.1 "$REDIS_PORT" weather "$group" "$redis_batch" "$1"
    redis-cli -p "$REDIS_PORT" XGROUP DESTROY weather "$group" >/dev/null
  }
  weir_redis() {
    local group
    group="weir-$(date +%s%N)"
    weir_run "$queries/redis_weather.sql" URL="$REDIS_URL" STREAM=weather GROUP="$group" BATCH="$redis_batch"
    redis-cli -p "$REDIS_PORT" XGROUP DESTROY weather "$group.hole" >/dev/null  # the job `hole` reads through <group>.hole
  }
  for mode in ack noack; do
    read -r events cpu wall rss bytes _ <<< "$(best_of "$repeat" 2 bare_redis "$mode")"
    [ "$events" = "$expect" ] || { echo "connectors.sh: the bare reader read $events of $expect entries" >&2; exit 1; }
    note="hiredis XREADGROUP COUNT $redis_batch loop"
    [ "$mode" = ack ] && note+=" + XACK per batch" || note+=", no XACK"
    record redis "bare-$mode" "$events" "$cpu" "$wall" "$rss" "$note"
  done
  read -r events out _ cpu wall rss <<< "$(best_of "$repeat" 4 weir_redis)"
  record redis weir "$events" "$cpu" "$wall" "$rss" "batch $redis_batch, HOP 1m/5m weather query, $out rows out, XACK at the end"
  stop_service redis
fi

if [[ " $parts " == *" postgres "* ]]; then
  start_service postgres
  expect=$pg_rows
  weir_pg() {
    local run
    run=$(date +%s%N)
    weir_run "$queries/postgres_append.sql" URL="$PG_URL" TABLE="bench_rows_$run" EVENTS="$pg_rows" BATCH="$pg_batch"
    local rows
    rows=$(PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U weir -d weir -tAc "SELECT count(*) FROM bench_rows_$run; DROP TABLE bench_rows_$run;" | head -n 1)
    [ "$rows" = "$pg_rows" ] || { echo "connectors.sh: the table holds $rows rows, expected $pg_rows" >&2; return 1; }
  }
  # For a sink the server's speed is the figure: best_of keeps the best wall time (field 5) here.
  read -r events _ _ cpu wall rss <<< "$(best_of "$repeat" 5 weir_pg)"
  record postgres weir "$events" "$cpu" "$wall" "$rss" "generator → postgres append (COPY), batch_rows $pg_batch"
  stop_service postgres
fi

if [[ " $parts " == *" s3 "* ]]; then
  start_service s3
  expect=$s3_rows
  objects_per_run=$(((s3_rows + s3_roll - 1) / s3_roll))
  weir_s3() {
    local line files bytes run
    run=$(date +%s%N)
    line=$(weir_run "$queries/s3_objects.sql" ENDPOINT="$S3_ENDPOINT" BUCKET="$S3_BUCKET" PREFIX="bench$run" \
      ACCESS_KEY="$S3_ACCESS_KEY" SECRET_KEY="$S3_SECRET_KEY" EVENTS="$s3_rows" ROLL="$s3_roll") || return 1
    # s3rver keeps each object as a file named <key>._S3rver_object.
    files=$(find "$services/s3-data/$S3_BUCKET/bench$run" -name '*._S3rver_object' | wc -l)
    bytes=$(find "$services/s3-data/$S3_BUCKET/bench$run" -name '*._S3rver_object' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    rm -rf "${services:?}/s3-data/$S3_BUCKET/bench$run"
    [ "$files" = "$objects_per_run" ] || { echo "connectors.sh: $files objects written, expected $objects_per_run" >&2; return 1; }
    echo "$line $files $bytes"
  }
  read -r events _ _ cpu wall rss files bytes <<< "$(best_of "$repeat" 5 weir_s3)"
  record s3 weir "$events" "$cpu" "$wall" "$rss" "objects=$files bytes=$bytes roll_rows=$s3_roll"
  stop_service s3
fi

commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo '+dirty')"
python3 "$root/bench/connectors/report.py" "$results" "$commit"
