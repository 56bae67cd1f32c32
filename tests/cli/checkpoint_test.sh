#!/usr/bin/env bash
# Checkpoints of the real `weir` binary without any service (file and generator sources, sqlite sink):
# a rerun of a finished pipeline writes nothing new; a run killed by WEIR_FAULT=after_sink_write:<n>
# and rerun equals a clean run (upsert: the same table; append: at least once, every row at least
# once); a corrupt newest checkpoint is reported and the previous one used; a truncated state file is
# a clear error (exit 1, nothing written, no fresh start); a changed definition is an error quoting
# both texts; an emptied or table-less state file and a job whose every checkpoint is corrupt are
# errors naming the file (no fresh start) until `--reset-job NAME` starts the job over; a second
# process on the same state directory fails at once naming the first one's pid; a file sink killed and
# rerun holds exactly the clean run's lines and a rerun of a finished job keeps them.
# Usage: checkpoint_test.sh path/to/weir
set -u
export LC_ALL=C
weir=$1
work=$(mktemp -d /tmp/weir-checkpoint-XXXXXX)
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

at_least() {  # at_least NAME MINIMUM ACTUAL
  if [ "$3" -ge "$2" ] 2> /dev/null; then
    passed=$((passed + 1))
  else
    failures=$((failures + 1))
    printf 'FAIL %s: expected at least %s, got %s\n' "$1" "$2" "$3"
  fi
}

db() { sqlite3 -batch "$@"; }

# --- 1. A finished file pipeline: a rerun with the same state directory writes nothing new. ---------
python3 - "$work/readings.jsonl" <<'PY'
import sys, datetime
base = datetime.datetime(2025, 1, 15, 0, 0, 0, tzinfo=datetime.timezone.utc)
cities = ["Oslo", "Rome", "Kyiv", "Lima", "Nuuk", "Baku", "Riga", "Doha"]
with open(sys.argv[1], "w") as out:
    for i in range(50000):
        ts = (base + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write('{"city":"%s","temp":%s,"ts":"%s"}\n' % (cities[i % 8], (i % 80) * 0.5 - 10, ts))
PY
file_pipeline() {  # file_pipeline SINK_DB MODE
  cat <<SQL
CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '$work/readings.jsonl');
CREATE SINK averages WITH (connector = 'sqlite', path = '$1', table = 'averages', mode = '$2', key = 'city, window_start');
INSERT INTO averages SELECT city, window_start, avg(temp) AS avg_temp, count(*) AS n FROM readings GROUP BY city, TUMBLE(ts, 1m);
SQL
}
file_pipeline "$work/file.db" append > "$work/file.sql"
"$weir" --state "$work/file_state" -f "$work/file.sql" > /dev/null 2> "$work/err"; status=$?
check "file run exit" 0 $status
first=$(db "$work/file.db" 'SELECT count(*), sum(n) FROM averages')
check "file run rows" "6672|50000" "$first"
"$weir" --state "$work/file_state" -f "$work/file.sql" > /dev/null 2> "$work/err"; status=$?
check "file rerun exit" 0 $status
check "file rerun writes nothing new" "$first" "$(db "$work/file.db" 'SELECT count(*), sum(n) FROM averages')"
check "file rerun resumed from the final checkpoint" "finished|0" \
  "$(db "$work/file_state/weir_state.db" "SELECT status, records_out FROM weir_job_runs ORDER BY run DESC LIMIT 1")"

# --- 2. Killed by WEIR_FAULT=after_sink_write:<n>, then rerun: equals a clean run. ------------------
# A paced generator (20000 events/s, 40000 events, one every 100 ms of event time: ~2 s of work) with
# a checkpoint every 100 ms, so the kill lands after several checkpoints (its WATERMARK clause closes
# windows as the run goes; without one a bounded input closes them all at its end).
generator_pipeline() {  # generator_pipeline SINK_DB MODE [aggregate]
  cat <<SQL
CREATE SOURCE gen (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts) WITH (connector = 'generator', rate = '20000', count = '40000',
  keys = '10', seed = '7', start = '2025-01-15T00:00:00Z', interval = '100ms');
CREATE SINK averages WITH (connector = 'sqlite', path = '$1', table = 'averages', mode = '$2', key = 'city, window_start');
INSERT INTO averages SELECT city, window_start, ${3:-avg(temp)} AS value, count(*) AS n FROM gen GROUP BY city, TUMBLE(ts, 1m);
SQL
}
table_of() { db "$1" 'SELECT city, window_start, value, n FROM averages ORDER BY city, window_start'; }

generator_pipeline "$work/clean.db" upsert > "$work/clean.sql"
"$weir" --state "$work/clean_state" --checkpoint-interval 100ms -f "$work/clean.sql" > /dev/null 2> "$work/err"; status=$?
check "clean run exit" 0 $status
clean=$(table_of "$work/clean.db")
clean_count=$(db "$work/clean.db" 'SELECT count(*) FROM averages')
at_least "clean run rows" 100 "$clean_count"

for mode in upsert append; do
  generator_pipeline "$work/killed_$mode.db" $mode > "$work/killed_$mode.sql"
  # Through sh -c with its stderr dropped: the shell announces the killed child there.
  status=$(ERR="$work/err" WEIR_FAULT=after_sink_write:25 sh -c '"$@" > /dev/null 2> "$ERR"; echo $?' sh "$weir" \
    --state "$work/killed_${mode}_state" --checkpoint-interval 100ms -f "$work/killed_$mode.sql" 2> /dev/null)
  check "$mode: WEIR_FAULT=after_sink_write:25 kills with SIGKILL" 137 $status
  partial=$(db "$work/killed_$mode.db" 'SELECT count(*) FROM averages')
  if [ "$partial" -gt 0 ] && [ "$partial" -lt "$clean_count" ]; then passed=$((passed + 1)); else
    failures=$((failures + 1)); echo "FAIL $mode: the killed run should have written part of the rows, wrote $partial of $clean_count"; fi
  "$weir" --state "$work/killed_${mode}_state" --checkpoint-interval 100ms -f "$work/killed_$mode.sql" > /dev/null 2> "$work/err"; status=$?
  check "$mode: rerun exit" 0 $status
  resumed=$(db "$work/killed_${mode}_state/weir_state.db" "SELECT resumed_from FROM weir_job_runs ORDER BY run DESC LIMIT 1")
  echo "$mode: killed after $partial of $clean_count rows, resumed from checkpoint $resumed, $(db "$work/killed_$mode.db" 'SELECT count(*) FROM averages') rows after the rerun"
  at_least "$mode: rerun resumed from a checkpoint" 1 "$resumed"
  if [ $mode = upsert ]; then
    check "upsert: killed and rerun equals the clean run" "$clean" "$(table_of "$work/killed_$mode.db")"
  else
    # Append is at least once: every clean row is there, some maybe twice (those after the checkpoint).
    check "append: every clean row is there" "$clean" \
      "$(db "$work/killed_$mode.db" 'SELECT DISTINCT city, window_start, value, n FROM averages ORDER BY city, window_start')"
    at_least "append: at least the clean count" "$clean_count" "$(db "$work/killed_$mode.db" 'SELECT count(*) FROM averages')"
  fi
done

# --- 3. A corrupt newest checkpoint: reported, the previous one used, the results still right. ------
generator_pipeline "$work/corrupt.db" upsert > "$work/corrupt.sql"
"$weir" --state "$work/corrupt_state" --checkpoint-interval 100ms -f "$work/corrupt.sql" > /dev/null 2> "$work/err"; status=$?
check "corrupt: first run exit" 0 $status
state_db="$work/corrupt_state/weir_state.db"
newest=$(db "$state_db" 'SELECT max(id) FROM weir_checkpoints')
at_least "corrupt: several checkpoints kept" 2 "$(db "$state_db" 'SELECT count(*) FROM weir_checkpoints')"
db "$state_db" 'UPDATE weir_checkpoints SET state = substr(state, 1, 10) WHERE id = (SELECT max(id) FROM weir_checkpoints)'
"$weir" --state "$work/corrupt_state" --checkpoint-interval 100ms -f "$work/corrupt.sql" > /dev/null 2> "$work/err"; status=$?
check "corrupt: rerun exit" 0 $status
contains "corrupt: stderr names the corrupt checkpoint" "checkpoint $newest of job 'averages'" "$(cat "$work/err")"
contains "corrupt: stderr says corrupt, previous used" "is corrupt (its checksum does not match); using the previous one" "$(cat "$work/err")"
check "corrupt: resumed from the previous checkpoint" "$((newest - 1))" \
  "$(db "$state_db" "SELECT resumed_from FROM weir_job_runs ORDER BY run DESC LIMIT 1")"
check "corrupt: results equal the clean run" "$clean" "$(table_of "$work/corrupt.db")"

# --- 4. A truncated state file: a clear error, exit non-zero, nothing written, no fresh start. -------
generator_pipeline "$work/torn.db" append > "$work/torn.sql"
"$weir" --state "$work/torn_state" --checkpoint-interval 100ms -f "$work/torn.sql" > /dev/null 2> "$work/err"; status=$?
check "torn: first run exit" 0 $status
before=$(db "$work/torn.db" 'SELECT count(*) FROM averages')
state_db="$work/torn_state/weir_state.db"
size=$(stat -c %s "$state_db")
truncate -s $((size / 2 + 100)) "$state_db"
"$weir" --state "$work/torn_state" --checkpoint-interval 100ms -f "$work/torn.sql" > /dev/null 2> "$work/err"; status=$?
if [ $status -ne 0 ]; then passed=$((passed + 1)); else failures=$((failures + 1)); echo "FAIL torn: rerun exit 0 with a truncated state file"; fi
contains "torn: the error names the state file" "the state file '$state_db'" "$(cat "$work/err")"
contains "torn: the error says what to do" "restore it from a backup, or move it away and start its jobs over with \`weir --state $work/torn_state --reset-job NAME\`" "$(cat "$work/err")"
check "torn: nothing written (no fresh start)" "$before" "$(db "$work/torn.db" 'SELECT count(*) FROM averages')"

# --- 5. A changed definition: an error quoting both texts, nothing written. --------------------------
before=$(db "$work/clean.db" 'SELECT count(*), sum(n) FROM averages')
generator_pipeline "$work/clean.db" upsert 'max(temp)' > "$work/changed.sql"
"$weir" --state "$work/clean_state" --checkpoint-interval 100ms -f "$work/changed.sql" > /dev/null 2> "$work/err"; status=$?
check "changed: exit" 1 $status
err=$(cat "$work/err")
contains "changed: names the job" "job \`averages\` has a checkpoint" "$err"
contains "changed: quotes the old text" "avg(temp) AS value" "$err"
contains "changed: quotes the new text" "max(temp) AS value" "$err"
check "changed: nothing written" "$before" "$(db "$work/clean.db" 'SELECT count(*), sum(n) FROM averages')"

# --- 6. An emptied or table-less state file: an error naming the file (no silent fresh start); -------
# --reset-job NAME is the explicit way to start the job over.
generator_pipeline "$work/emptied.db" append > "$work/emptied.sql"
"$weir" --state "$work/emptied_state" --checkpoint-interval 100ms -f "$work/emptied.sql" > /dev/null 2> "$work/err"; status=$?
check "emptied: first run exit" 0 $status
before=$(db "$work/emptied.db" 'SELECT count(*) FROM averages')
state_db="$work/emptied_state/weir_state.db"
rm -f "$state_db-wal" "$state_db-shm"
: > "$state_db"
"$weir" --state "$work/emptied_state" --checkpoint-interval 100ms -f "$work/emptied.sql" > /dev/null 2> "$work/err"; status=$?
check "emptied: rerun exit" 1 $status
contains "emptied: the error names the file" "the state file '$state_db' held checkpoints of job \`averages\`" "$(cat "$work/err")"
contains "emptied: the error names the reset command" "--reset-job averages" "$(cat "$work/err")"
check "emptied: nothing written (no fresh start)" "$before" "$(db "$work/emptied.db" 'SELECT count(*) FROM averages')"
# A table-less SQLite file in its place: the same.
rm -f "$state_db" "$state_db-wal" "$state_db-shm"
db "$state_db" 'CREATE TABLE unrelated (x); DROP TABLE unrelated;'
"$weir" --state "$work/emptied_state" --checkpoint-interval 100ms -f "$work/emptied.sql" > /dev/null 2> "$work/err"; status=$?
check "table-less: rerun exit" 1 $status
contains "table-less: the error names the file" "the state file '$state_db' held checkpoints of job \`averages\`" "$(cat "$work/err")"
check "table-less: nothing written" "$before" "$(db "$work/emptied.db" 'SELECT count(*) FROM averages')"
# --reset-job alone: forgets the job's checkpoints and exits; the next run starts the job afresh.
"$weir" --state "$work/emptied_state" --reset-job averages > "$work/out" 2> "$work/err"; status=$?
check "reset-job alone: exit" 0 $status
contains "reset-job alone: says what it did" "job \`averages\` starts over" "$(cat "$work/err")"
"$weir" --state "$work/emptied_state" --checkpoint-interval 100ms -f "$work/emptied.sql" > /dev/null 2> "$work/err"; status=$?
check "after reset: run exit" 0 $status
check "after reset: the job ran afresh (append: every row again)" "$((2 * before))" "$(db "$work/emptied.db" 'SELECT count(*) FROM averages')"
check "after reset: resumed from nothing" "0" \
  "$(db "$state_db" "SELECT resumed_from FROM weir_job_runs WHERE status = 'finished' ORDER BY run DESC LIMIT 1")"

# --- 7. Every checkpoint of a job corrupt: an error naming the file and the job. ----------------------
generator_pipeline "$work/allbad.db" append > "$work/allbad.sql"
"$weir" --state "$work/allbad_state" --checkpoint-interval 100ms -f "$work/allbad.sql" > /dev/null 2> "$work/err"; status=$?
check "all corrupt: first run exit" 0 $status
before=$(db "$work/allbad.db" 'SELECT count(*) FROM averages')
state_db="$work/allbad_state/weir_state.db"
db "$state_db" 'UPDATE weir_checkpoints SET checksum = checksum + 1'
"$weir" --state "$work/allbad_state" --checkpoint-interval 100ms -f "$work/allbad.sql" > /dev/null 2> "$work/err"; status=$?
check "all corrupt: rerun exit" 1 $status
contains "all corrupt: the error names the file and the job" "every checkpoint of job \`averages\` in '$state_db' is corrupt" "$(cat "$work/err")"
contains "all corrupt: the error names the reset command" "--reset-job averages" "$(cat "$work/err")"
check "all corrupt: nothing written (no fresh start)" "$before" "$(db "$work/allbad.db" 'SELECT count(*) FROM averages')"
# --reset-job with the pipeline: the job starts afresh in the same run.
"$weir" --state "$work/allbad_state" --reset-job averages --checkpoint-interval 100ms -f "$work/allbad.sql" > /dev/null 2> "$work/err"; status=$?
check "all corrupt, reset with the pipeline: exit" 0 $status
check "all corrupt, reset: the job ran afresh" "$((2 * before))" "$(db "$work/allbad.db" 'SELECT count(*) FROM averages')"

# --- 8. Two processes on one state directory: the second fails at once, naming the first's pid. -------
cat > "$work/slow.sql" <<SQL
CREATE SOURCE gen (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'generator', rate = '20000', count = '60000',
  keys = '10', seed = '7', start = '2025-01-15T00:00:00Z', interval = '100ms');
CREATE SINK averages WITH (connector = 'sqlite', path = '$work/two.db', table = 'averages', mode = 'append');
INSERT INTO averages SELECT city, window_start, count(*) AS n FROM gen GROUP BY city, TUMBLE(ts, 1m);
SQL
"$weir" --state "$work/two_state" --checkpoint-interval 100ms -f "$work/slow.sql" > /dev/null 2> "$work/err_first" &
first_pid=$!
sleep 1
start=$(date +%s%N)
"$weir" --state "$work/two_state" --checkpoint-interval 100ms -f "$work/slow.sql" > /dev/null 2> "$work/err"; status=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "second process: exit" 1 $status
contains "second process: names the holder's pid" "state directory '$work/two_state' is in use by weir process $first_pid" "$(cat "$work/err")"
if [ "$elapsed_ms" -lt 1000 ]; then passed=$((passed + 1)); else failures=$((failures + 1)); echo "FAIL second process took $elapsed_ms ms to fail"; fi
wait $first_pid; status=$?
check "first process: exit" 0 $status
check "first process: every row once" "60000|1" "$(db "$work/two.db" 'SELECT sum(n), max(c) FROM (SELECT n, count(*) AS c FROM averages GROUP BY city, window_start)')"
# Once the first has ended, the directory is free again (the lock is not a leftover file).
"$weir" --state "$work/two_state" --checkpoint-interval 100ms -f "$work/slow.sql" > /dev/null 2> "$work/err"; status=$?
check "after the first ended: exit" 0 $status

# --- 9. File sink (default mode): a restart never deletes rows; killed and rerun equals a clean run. --
# The sink records each file's length with every checkpoint; a restore cuts the file back to it and the
# replay writes the rest, so the file holds every window once. A rerun of a finished job leaves the
# file as it is; without a state directory the default mode appends, 'overwrite' must be asked for.
file_sink_pipeline() {  # file_sink_pipeline PATH FORMAT [MODE]
  cat <<SQL
CREATE SOURCE gen (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts) WITH (connector = 'generator', rate = '20000', count = '40000',
  keys = '10', seed = '7', start = '2025-01-15T00:00:00Z', interval = '100ms');
CREATE SINK averages WITH (connector = 'file', path = '$1', format = '$2'${3:+, mode = '$3'});
INSERT INTO averages SELECT city, window_start, avg(temp) AS value, count(*) AS n FROM gen GROUP BY city, TUMBLE(ts, 1m);
SQL
}
for format in json csv; do
  file_sink_pipeline "$work/clean_out.$format" $format > "$work/clean_out.sql"
  "$weir" --state "$work/clean_out_${format}_state" --checkpoint-interval 100ms -f "$work/clean_out.sql" > /dev/null 2> "$work/err"; status=$?
  check "file $format: clean run exit" 0 $status
  clean_lines=$(sort "$work/clean_out.$format")
  at_least "file $format: clean run lines" 100 "$(wc -l < "$work/clean_out.$format")"
  file_sink_pipeline "$work/killed_out.$format" $format > "$work/killed_out.sql"
  status=$(ERR="$work/err" WEIR_FAULT=after_sink_write:25 sh -c '"$@" > /dev/null 2> "$ERR"; echo $?' sh "$weir" \
    --state "$work/killed_out_${format}_state" --checkpoint-interval 100ms -f "$work/killed_out.sql" 2> /dev/null)
  check "file $format: WEIR_FAULT=after_sink_write:25 kills with SIGKILL" 137 $status
  partial=$(wc -l < "$work/killed_out.$format")
  "$weir" --state "$work/killed_out_${format}_state" --checkpoint-interval 100ms -f "$work/killed_out.sql" > /dev/null 2> "$work/err"; status=$?
  check "file $format: rerun exit" 0 $status
  resumed=$(db "$work/killed_out_${format}_state/weir_state.db" "SELECT resumed_from FROM weir_job_runs ORDER BY run DESC LIMIT 1")
  echo "file $format: killed after $partial lines of $(wc -l < "$work/clean_out.$format"), resumed from checkpoint $resumed, $(wc -l < "$work/killed_out.$format") lines after the rerun"
  at_least "file $format: rerun resumed from a checkpoint" 1 "$resumed"
  check "file $format: killed and rerun holds exactly the clean run's lines" "$clean_lines" "$(sort "$work/killed_out.$format")"
  "$weir" --state "$work/killed_out_${format}_state" --checkpoint-interval 100ms -f "$work/killed_out.sql" > /dev/null 2> "$work/err"; status=$?
  check "file $format: rerun of the finished job exit" 0 $status
  check "file $format: rerun of the finished job keeps the file" "$clean_lines" "$(sort "$work/killed_out.$format")"
done
file_sink_pipeline "$work/plain_out.json" json | sed 's/count = .40000./count = '"'"'600'"'"'/' > "$work/plain_out.sql"
"$weir" -f "$work/plain_out.sql" > /dev/null 2> "$work/err"
"$weir" -f "$work/plain_out.sql" > /dev/null 2> "$work/err"; status=$?
check "file without state: second run exit" 0 $status
check "file without state: the default mode appends, deleting nothing" 20 "$(wc -l < "$work/plain_out.json")"
file_sink_pipeline "$work/overwritten.json" json overwrite | sed 's/count = .40000./count = '"'"'600'"'"'/' > "$work/overwritten.sql"
"$weir" -f "$work/overwritten.sql" > /dev/null 2> "$work/err"
"$weir" -f "$work/overwritten.sql" > /dev/null 2> "$work/err"
check "file without state: mode = 'overwrite' empties the file at the start" 10 "$(wc -l < "$work/overwritten.json")"

echo "$passed passed, $failures failed"
[ $failures -eq 0 ]
