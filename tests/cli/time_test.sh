#!/usr/bin/env bash
# Time and late rows with the real `weir` binary: a source without a WATERMARK clause answers a bounded
# unsorted file as a batch; a job that dropped late rows says so once on stderr (and weir_job_runs
# counts them); a job closing millions of windows stops within seconds of SIGTERM; a HOP with too
# many windows per row is refused. Usage: time_test.sh path/to/weir
set -u
export LC_ALL=C
weir=$1
work=$(mktemp -d /tmp/weir-time-XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1))
  else
    failures=$((failures + 1))
    printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
  fi
}

contains() {  # contains NAME NEEDLE HAYSTACK
  if [[ "$3" == *"$2"* ]]; then
    passed=$((passed + 1))
  else
    failures=$((failures + 1))
    printf 'FAIL %s: %q not found in:\n%s\n' "$1" "$2" "$3"
  fi
}

# 16 rows over 14:00..14:04 in no order (rows per minute, by hand: 6, 3, 2, 3, 2).
cat > "$work/unsorted.csv" <<'DATA'
sensor,v,ts
a,1,2025-01-15 14:03:10
b,2,2025-01-15 14:00:05
a,3,2025-01-15 14:00:50
a,4,2025-01-15 14:04:59
b,5,2025-01-15 14:01:30
a,6,2025-01-15 14:00:01
b,7,2025-01-15 14:03:59
a,8,2025-01-15 14:02:20
b,9,2025-01-15 14:00:59
a,10,2025-01-15 14:01:00
b,11,2025-01-15 14:04:00
a,12,2025-01-15 14:00:30
b,13,2025-01-15 14:02:02
a,14,2025-01-15 14:03:00
b,15,2025-01-15 14:00:00
a,16,2025-01-15 14:01:45
DATA

# No WATERMARK clause, bounded file: the batch answer at batch sizes 1, 7 and the default; no notice.
for size in 1 7 0; do
  out=$(WEIR_BATCH_SIZE=$size "$weir" --format csv -c "CREATE SOURCE s (sensor TEXT, v BIGINT, ts TIMESTAMP) WITH (connector = 'file', path = '$work/unsorted.csv', format = 'csv');
SELECT window_start, count(*) AS n FROM s GROUP BY TUMBLE(ts, 1m);" 2> "$work/err"); status=$?
  check "batch answer exit (batch size $size)" 0 $status
  check "batch answer (batch size $size)" '2025-01-15 14:00:00,6
2025-01-15 14:01:00,3
2025-01-15 14:02:00,2
2025-01-15 14:03:00,3
2025-01-15 14:04:00,2
window_start,n' "$(sort <<< "$out")"
  check "no late notice (batch size $size)" "" "$(cat "$work/err")"
done

# With WATERMARK FOR ts AS ts (no disorder allowed) the same file has 13 late rows (by hand: only the
# rows at 14:03:10, 14:04:59 and 14:04:00 come after no later row of another minute): one sentence.
"$weir" --format csv -c "CREATE SOURCE s (sensor TEXT, v BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts) WITH (connector = 'file', path = '$work/unsorted.csv', format = 'csv');
SELECT window_start, count(*) AS n FROM s GROUP BY TUMBLE(ts, 1m);" > "$work/out" 2> "$work/err"; status=$?
check "late exit" 0 $status
check "late notice" "weir: the SELECT dropped 13 late rows of source \`s\` (its WATERMARK delay of 0s is too short for them: raise it in WATERMARK FOR ts AS ts - INTERVAL '<delay>')" "$(cat "$work/err")"

# With a late sink the rows are not lost: the sentence says where they went, and the sink has them.
"$weir" --format csv -c "CREATE SINK late_rows WITH (connector = 'file', path = '$work/late.jsonl', format = 'json');
CREATE SOURCE s (sensor TEXT, v BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts) WITH (connector = 'file', path = '$work/unsorted.csv', format = 'csv', late = 'late_rows');
SELECT window_start, count(*) AS n FROM s GROUP BY TUMBLE(ts, 1m);" > "$work/out" 2> "$work/err"; status=$?
check "late sink exit" 0 $status
check "late sink notice" "weir: the SELECT wrote 13 late rows of source \`s\` to its late sink \`late_rows\` (its WATERMARK delay of 0s is too short for them: raise it in WATERMARK FOR ts AS ts - INTERVAL '<delay>')" "$(cat "$work/err")"
check "late sink rows" 13 "$(wc -l < "$work/late.jsonl")"

# An unbounded file (follow) without a WATERMARK clause: the watermark is the newest event time, so
# the row at 14:00:20 after 14:01:10 is late; stopped by SIGTERM, the job says so and weir_job_runs
# counts it.
printf '%s\n' '{"v":1,"ts":"2025-01-15T14:00:10Z"}' '{"v":2,"ts":"2025-01-15T14:01:10Z"}' \
  '{"v":3,"ts":"2025-01-15T14:00:20Z"}' > "$work/live.jsonl"
"$weir" --state "$work/state" -c "CREATE SOURCE live (v BIGINT, ts TIMESTAMP) WITH (connector = 'file', path = '$work/live.jsonl', follow = 'true');
CREATE SINK counts WITH (connector = 'file', path = '$work/counts.jsonl', format = 'json');
CREATE JOB live_job AS INSERT INTO counts SELECT window_start, count(*) AS n FROM live GROUP BY TUMBLE(ts, 1m);" \
  > /dev/null 2> "$work/err" &
pid=$!
sleep 2
kill -TERM $pid
wait $pid; status=$?
check "follow stop exit" 0 $status
contains "late notice at stop" "weir: job \`live_job\` dropped 1 late row of source \`live\`, which has no WATERMARK clause (add WATERMARK FOR ts AS ts - INTERVAL '<delay>' to its CREATE SOURCE to accept disorder)" "$(cat "$work/err")"
check "weir_job_runs late" "stopped|3|1" \
  "$(sqlite3 -batch "$work/state/weir_state.db" "SELECT status, records_in, late FROM weir_job_runs WHERE job = 'live_job'")"

# HOP(ts, 1ms, 1d) put every row in 86.4 million windows: refused with a sentence naming size and slide.
"$weir" -c "CREATE SOURCE s (sensor TEXT, v BIGINT, ts TIMESTAMP) WITH (connector = 'file', path = '$work/unsorted.csv', format = 'csv');
SELECT count(*) FROM s GROUP BY HOP(ts, 1ms, 1d);" > /dev/null 2> "$work/err"; status=$?
check "too many windows exit" 1 $status
contains "too many windows" "puts every row in 86400000 windows (size 1d / slide 1ms), more than the 10000 allowed" "$(cat "$work/err")"

# HOP(ts, 1ms, 10s) over 20,000 rows one second apart closes about 20 million windows at the end of
# the file, each merging ten count(DISTINCT) panes (a minute of work; it used to hold SIGTERM for as
# long as one batch's windows took, 5 s here); SIGTERM during it must end the process within 2 s.
awk 'BEGIN { print "v,ts"; for (i = 0; i < 20000; i++) printf "%d,%d\n", i, 1736949600 + i }' > "$work/long.csv"
"$weir" -c "CREATE SOURCE l (v BIGINT, ts TIMESTAMP) WITH (connector = 'file', path = '$work/long.csv', format = 'csv', timestamp_format = 'epoch_s');
SELECT window_start, count(DISTINCT v) AS n FROM l GROUP BY HOP(ts, 1ms, 10s) HAVING count(DISTINCT v) > 100;" \
  > /dev/null 2> "$work/err" &
pid=$!
sleep 1
start=$(date +%s%N)
kill -TERM $pid
wait $pid; status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "long job stop exit" 0 $status
echo "stopped ${elapsed_ms} ms after SIGTERM"
if [ $elapsed_ms -lt 2000 ]; then passed=$((passed + 1)); else failures=$((failures + 1)); echo "FAIL long job took ${elapsed_ms} ms to stop after SIGTERM"; fi

echo "$passed passed, $failures failed"
[ $failures -eq 0 ]
