#!/usr/bin/env bash
# Drives the real `weir` binary: -c, -f, stdin, --format, exit codes, error messages on stderr,
# bad-record reports, and graceful stop on SIGINT/SIGTERM. Usage: cli_test.sh path/to/weir
set -u
export LC_ALL=C
weir=$1
work=$(mktemp -d /tmp/weir-cli-XXXXXX)
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

cat > "$work/readings.jsonl" <<'DATA'
{"city": "Oslo", "temp": 3.5, "ts": "2025-01-15T14:00:10Z"}
{"city": "Oslo", "temp": 4.5, "ts": "2025-01-15T14:00:50Z"}
{"city": "Rome", "temp": "warm", "ts": "2025-01-15T14:00:20Z"}
{"city": "Rome", "temp": 12, "ts": "2025-01-15T14:01:05Z"}
DATA
cat > "$work/query.sql" <<SQL
CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '$work/readings.jsonl');
SELECT city, window_start, avg(temp) AS avg_temp, count(*) AS n FROM readings GROUP BY city, TUMBLE(ts, 1m);
SQL

# --version and --help
out=$("$weir" --version); status=$?
check "version exit" 0 $status
contains "version text" "weir 0." "$out"

# -f with JSON output: one object per line; the malformed record is reported on stderr with file:line.
out=$("$weir" --format json -f "$work/query.sql" 2> "$work/err"); status=$?
check "json exit" 0 $status
check "json rows" '{"city":"Oslo","window_start":"2025-01-15 14:00:00","avg_temp":4,"n":2}
{"city":"Rome","window_start":"2025-01-15 14:01:00","avg_temp":12,"n":1}' "$(sort <<< "$out")"
contains "bad record reported" "readings.jsonl:3" "$(cat "$work/err")"

# SQL on stdin, CSV output (the default when stdout is not a terminal).
out=$("$weir" < "$work/query.sql" 2> /dev/null | sort); status=${PIPESTATUS[0]}
check "stdin exit" 0 $status
check "csv rows" 'Oslo,2025-01-15 14:00:00,4,2
Rome,2025-01-15 14:01:00,12,1
city,window_start,avg_temp,n' "$out"

# A syntax error: one line on stderr naming the position, exit 1, nothing on stdout.
out=$("$weir" -c 'SELEC city FROM readings;' 2> "$work/err"); status=$?
check "syntax exit" 1 $status
check "syntax stdout" "" "$out"
contains "syntax message" "Error: syntax error at line 1, column 1" "$(cat "$work/err")"

# Statements before a failing one have run (the file sink gets its row), and the run exits 1.
out=$("$weir" --format csv -c "CREATE SOURCE r (city TEXT, ts TIMESTAMP) WITH (connector = 'file', path = '$work/readings.jsonl');
SELECT count(*) AS n FROM r;
SELECT nope FROM r;" 2> "$work/err"); status=$?
check "partial exit" 1 $status
check "partial stdout" "n
4" "$out"
contains "binder message" "unknown column \`nope\`" "$(cat "$work/err")"

# Script text: a NUL byte is an error naming its line (never a silent end of the script); a UTF-8
# byte order mark at the start of a file or of stdin is skipped; a directory given to -f is an error.
printf "CREATE SOURCE r (city TEXT) WITH (connector = 'file', path = '$work/readings.jsonl');\nSELECT count(*) AS n FROM r;\nSELECT count(*)\0 FROM r;\nSELECT city FROM r;\n" > "$work/nul.sql"
out=$("$weir" -f "$work/nul.sql" 2> "$work/err"); status=$?
check "nul file exit" 1 $status
check "nul file stdout" "" "$out"
check "nul file message" "Error: line 3 of $work/nul.sql contains a NUL byte; weir scripts are UTF-8 text" "$(cat "$work/err")"
out=$("$weir" < "$work/nul.sql" 2> "$work/err"); status=$?
check "nul stdin exit" 1 $status
check "nul stdin message" "Error: line 3 of standard input contains a NUL byte; weir scripts are UTF-8 text" "$(cat "$work/err")"
printf '\xef\xbb\xbfCREATE SOURCE r (city TEXT) WITH (connector = '"'file'"', path = '"'$work/readings.jsonl'"');\nSELECT count(*) AS n FROM r;\n' > "$work/bom.sql"
out=$("$weir" -f "$work/bom.sql" 2> "$work/err"); status=$?
check "bom file exit" 0 $status
check "bom file rows" "n
4" "$out"
out=$("$weir" < "$work/bom.sql" 2> "$work/err"); status=$?
check "bom stdin exit" 0 $status
check "bom stdin rows" "n
4" "$out"
out=$("$weir" -f "$work" 2> "$work/err"); status=$?
check "directory exit" 1 $status
check "directory message" "Error: cannot read file '$work': it is a directory" "$(cat "$work/err")"

# 100 malformed records: the first 20 are reported one by one, then one line with the rest and the total.
for i in $(seq 1 100); do echo '{"n": "not a number"}'; done > "$work/bad.jsonl"
echo '{"n": 7}' >> "$work/bad.jsonl"
out=$("$weir" -c "CREATE SOURCE b (n BIGINT) WITH (connector = 'file', path = '$work/bad.jsonl');
SELECT sum(n) AS s FROM b;" 2> "$work/err"); status=$?
check "many bad exit" 0 $status
check "many bad rows" "s
7" "$out"
check "many bad notices" 21 "$(wc -l < "$work/err")"
contains "many bad first" "bad.jsonl:1:" "$(head -1 "$work/err")"
contains "many bad 20th" "bad.jsonl:20:" "$(sed -n 20p "$work/err")"
check "many bad summary" "weir: … and 80 more malformed records in source \`b\` (100 in all)" "$(tail -1 "$work/err")"

# SHOW JOBS lag is an interval rounded to a readable unit (250ms, 42s, 95m), never raw microseconds.
out=$(timeout -s INT 10 "$weir" --format csv -c "CREATE SOURCE g (ts TIMESTAMP, WATERMARK FOR ts AS ts - 1s) WITH (connector = 'generator', rate = '100');
CREATE SOURCE pause (ts TIMESTAMP) WITH (connector = 'generator', rate = '100', count = '80');
CREATE SINK nothing WITH (connector = 'blackhole');
INSERT INTO nothing SELECT ts FROM g;
SELECT count(*) AS paused FROM pause;
SHOW JOBS;
DROP JOB nothing;" 2> "$work/err"); status=$?
check "lag exit" 0 $status
lag=$(awk -F, 'NR == 4 { print $9 }' <<< "$out")
if [[ "$lag" =~ ^-?[0-9]{1,4}(ms|s|m|h|d)$ ]]; then passed=$((passed + 1)); else failures=$((failures + 1)); printf 'FAIL lag format: %q in\n%s\n' "$lag" "$out"; fi

# TEXT holding a NUL byte (JSON "\u0000") is printed whole: raw in CSV, \u0000 in JSON, \0 in tables,
# by the shell and by the stdout sink alike.
printf '{"t": "x\\u0000y", "n": 1}\n' > "$work/nul.jsonl"
nul_source="CREATE SOURCE z (t TEXT, n BIGINT) WITH (connector = 'file', path = '$work/nul.jsonl');"
check "nul text csv" "t|x@y|" "$("$weir" --format csv -c "$nul_source SELECT t FROM z;" | tr '\0\n' '@|')"
check "nul text json" '{"t":"x\u0000y"}' "$("$weir" --format json -c "$nul_source SELECT t FROM z;")"
contains "nul text table" '| x\0y |' "$("$weir" --format table -c "$nul_source SELECT t FROM z;")"
check "nul text stdout sink table" 't|----|x\0y|' "$("$weir" -c "$nul_source CREATE SINK o WITH (connector = 'stdout');
INSERT INTO o SELECT t FROM z;" | tr '\0\n' '@|')"
check "nul text stdout sink json" '{"t":"x\u0000y"}' "$("$weir" -c "$nul_source CREATE SINK o WITH (connector = 'stdout', format = 'json');
INSERT INTO o SELECT t FROM z;")"

# SHOW JOBS in a script (here on stdin) reports what the jobs over bounded sources did: it waits for
# them to end first (it printed zeros for a job that had not started yet); an unbounded job is shown
# as it is, without waiting.
out=$(printf "%s\n" "CREATE SOURCE r (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '$work/readings.jsonl');" \
  "CREATE SOURCE g (ts TIMESTAMP) WITH (connector = 'generator', rate = '10');" \
  "CREATE SINK per_city WITH (connector = 'file', path = '$work/per_city.jsonl');" \
  "CREATE SINK nothing WITH (connector = 'blackhole');" \
  "INSERT INTO nothing SELECT ts FROM g;" \
  "INSERT INTO per_city SELECT city, avg(temp) AS t FROM r GROUP BY city, TUMBLE(ts, 1m);" \
  "SHOW JOBS;" "DROP JOB nothing;" | timeout 20 "$weir" --format csv 2> "$work/err" | cut -d, -f1-7); status=$?
check "show jobs script exit" 0 $status
check "show jobs script" "name,state,sink,records_in,records_out,late,bad
nothing,running,nothing,0,0,0,0
per_city,finished,per_city,3,2,0,1" "$(sed 's/^nothing,running,nothing,[0-9]*,[0-9]*,/nothing,running,nothing,0,0,/' <<< "$out")"

# Unknown command-line option.
"$weir" --frobnicate > /dev/null 2> "$work/err"; status=$?
check "bad option exit" 1 $status
contains "bad option message" "unknown option '--frobnicate'" "$(cat "$work/err")"

# SIGINT and SIGTERM stop an unbounded job gracefully: exit 0 and the sink has been flushed.
for signal in INT TERM; do
  rm -f "$work/out.jsonl"
  "$weir" -c "CREATE SOURCE g (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'generator', rate = '200');
CREATE SINK f WITH (connector = 'file', path = '$work/out.jsonl', format = 'json');
INSERT INTO f SELECT city, temp FROM g;" > /dev/null 2> "$work/err" &
  pid=$!
  sleep 1.5
  kill -$signal $pid
  wait $pid; status=$?
  check "SIG$signal exit" 0 $status
  lines=$(wc -l < "$work/out.jsonl" 2> /dev/null || echo 0)
  if [ "$lines" -ge 100 ]; then passed=$((passed + 1)); else failures=$((failures + 1)); echo "FAIL SIG$signal flushed only $lines rows"; fi
done

echo "$passed passed, $failures failed"
[ $failures -eq 0 ]
