#!/usr/bin/env bash
# The job audit log of the real `weir` binary with --state: every run of a job is a row of
# weir_job_runs (status, records, the checkpoint it resumed from, the error of a failed run, also
# when it failed while recovering); a run killed with SIGKILL becomes `crashed` at the next start; a
# job copying the log sees the runs that have ended (never itself as running); without --state there
# is no such source.
# Usage: job_log_test.sh path/to/weir
set -u
export LC_ALL=C
weir=$1
work=$(mktemp -d /tmp/weir-joblog-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0

check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then return; fi
  failures=$((failures + 1))
  printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
}

printf '%s\n' '{"city":"A","temp":1,"ts":"2025-01-01T00:00:01Z"}' '{"city":"B","temp":2,"ts":"2025-01-01T00:00:02Z"}' \
  'not json' '{"city":"A","temp":3,"ts":"2025-01-01T00:00:12Z"}' > data.jsonl
cat > pipeline.sql <<'SQL'
CREATE SOURCE w (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = 'data.jsonl', format = 'json');
CREATE SINK totals WITH (connector = 'sqlite', path = 'out.db', table = 'totals', mode = 'upsert', key = 'city, window_start');
INSERT INTO totals SELECT city, window_start, count(*) AS n FROM w GROUP BY city, TUMBLE(ts, 10s);
SQL

"$weir" --state st -f pipeline.sql 2> first.err
check "first run exit" 0 $?
# The second run resumes at the end of the file (checkpoint 1, taken when the input ended).
"$weir" --state st -f pipeline.sql 2> second.err
check "second run exit" 0 $?
# A changed definition fails; its run is logged as failed with the reason.
sed 's/count(\*) AS n/count(temp) AS n/' pipeline.sql > changed.sql
"$weir" --state st -f changed.sql 2> changed.err
check "changed run exit" 1 $?

runs=$("$weir" --state st --format csv -c \
  "SELECT run, job, status, records_in, records_out, bad, resumed_from, ended_at >= started_at AS ended, last_error LIKE '%different definition%' AS why FROM weir_job_runs;")
check "weir_job_runs rows" "run,job,status,records_in,records_out,bad,resumed_from,ended,why
1,totals,finished,3,3,1,0,true,false
2,totals,finished,0,0,0,1,true,false
3,totals,failed,0,0,0,0,true,true" "$runs"

# A run killed with SIGKILL stays `running` in the file until the next start marks it `crashed` (the
# WATERMARK clause closes windows during the run, so the sink is written before the input ends).
cat > slow.sql <<'SQL'
CREATE SOURCE gen (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts) WITH (connector = 'generator', rate = '20000', count = '40000',
  keys = '10', seed = '7', start = '2025-01-15T00:00:00Z', interval = '100ms');
CREATE SINK counts WITH (connector = 'sqlite', path = 'gen.db', table = 'counts', mode = 'upsert', key = 'city, window_start');
INSERT INTO counts SELECT city, window_start, count(*) AS n FROM gen GROUP BY city, TUMBLE(ts, 1m);
SQL
WEIR_FAULT=after_sink_write:5 sh -c '"$@" > /dev/null 2> /dev/null; echo $? > killed.status' sh "$weir" \
  --state st --checkpoint-interval 100ms -f slow.sql 2> /dev/null
check "killed run: SIGKILL" 137 "$(cat killed.status)"
check "killed run: left running in the file" "running" \
  "$(sqlite3 st/weir_state.db "SELECT status FROM weir_job_runs WHERE job = 'counts' ORDER BY run DESC LIMIT 1")"
crashed=$("$weir" --state st --format csv -c \
  "SELECT run, job, status, ended_at IS NULL AS no_end, last_error LIKE '%ended without closing this run%' AS why FROM weir_job_runs WHERE job = 'counts';")
check "killed run: crashed on the next start" "run,job,status,no_end,why
4,counts,crashed,true,true" "$crashed"

# A job copying the log never records itself as running: it sees the runs that have ended (its own
# run ended in the next copy).
cat > copy.sql <<'SQL'
CREATE SINK etl_log WITH (connector = 'sqlite', path = 'etl.db', table = 'etl_log', mode = 'append');
INSERT INTO etl_log SELECT run, job, status FROM weir_job_runs;
SQL
"$weir" --state st -f copy.sql 2> copy1.err
check "first copy exit" 0 $?
"$weir" --state st -f copy.sql 2> copy2.err
check "second copy exit" 0 $?
check "copies: every run once, none running" "1|totals|finished
2|totals|finished
3|totals|failed
4|counts|crashed
5|etl_log|finished" "$(sqlite3 etl.db 'SELECT run, job, status FROM etl_log ORDER BY run')"

# Without a state directory the source does not exist.
"$weir" --format csv -c "SELECT * FROM weir_job_runs;" > /dev/null 2> none.err
check "no state, no log" 1 $?
grep -q "weir_job_runs" none.err || { failures=$((failures + 1)); echo "FAIL no-state message: $(cat none.err)"; }

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "job log: all checks passed"
