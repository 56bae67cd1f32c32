#!/usr/bin/env bash
# The delta sink in the real `weir` binary (issue #17): the log a bounded job commits (protocol, metaData,
# add actions) replays to files DuckDB reads as the input; a checkpointed job killed five times (SIGKILL
# at named fault points) and resumed each time leaves a table whose active files hold every row exactly
# once (the same aggregates as a run that was never killed), each commit carrying the job's txn; weir reads
# its tables back (connector 'delta' as a source).
# Usage: delta_test.sh path/to/weir
set -u
export LC_ALL=C
weir=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
source "$(dirname "$0")/../support/duckdb/duckdb.sh"
work=$(mktemp -d /tmp/weir-delta-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0

check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then return; fi
  failures=$((failures + 1))
  printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
}

# 1. A bounded job without state: one commit (version 0) holding protocol, metaData and the add.
cat > small.jsonl <<'JSON'
{"city":"Warsaw","temp":3.5,"n":10,"ts":"2025-01-15T14:00:00Z"}
{"city":null,"temp":null,"n":-1,"ts":"2025-01-15T14:30:00.25Z"}
JSON
cat > small.sql <<'SQL'
CREATE SOURCE s (city TEXT, temp DOUBLE, n BIGINT, ts TIMESTAMP) WITH (connector = 'file', path = 'small.jsonl');
CREATE SINK t WITH (connector = 'delta', path = 'small_table');
INSERT INTO t SELECT * FROM s;
SQL
"$weir" -f small.sql 2> err
check "bounded run: no error" "" "$(cat err)"
check "bounded run: one commit" "00000000000000000000.json" "$(ls small_table/_delta_log)"
check "bounded run: the actions of version 0" "commitInfo protocol metaData add" \
  "$(sed 's/^{"\([a-zA-Z]*\)".*/\1/' small_table/_delta_log/00000000000000000000.json | tr '\n' ' ' | sed 's/ $//')"
schema='"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"city\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},{\"name\":\"temp\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}},{\"name\":\"n\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},{\"name\":\"ts\",\"type\":\"timestamp\",\"nullable\":true,\"metadata\":{}}]}"'
check "bounded run: the schema" 1 "$(grep -cF "$schema" small_table/_delta_log/00000000000000000000.json)"
check "bounded run: DuckDB reads the active files" ",,-1,1736951400250000
Warsaw,3.5,10,1736949600000000
log ok" "$(delta_check "$work/small_table" "city, temp, n, epoch_us(ts)" | sort)"
"$weir" -f small.sql 2> err
check "a second run commits version 1 with its own file" "log ok
4" "$(delta_check "$work/small_table" "count(*)")"

# weir reads the table back (connector 'delta': the active files of the log's current version).
cat > back.sql <<'SQL'
CREATE SOURCE t (city TEXT, n BIGINT, ts TIMESTAMP) WITH (connector = 'delta', path = 'small_table');
SELECT city, n, ts FROM t ORDER BY n, city;
SQL
check "weir reads its Delta table back" "city,n,ts
,-1,2025-01-15 14:30:00.25
,-1,2025-01-15 14:30:00.25
Warsaw,10,2025-01-15 14:00:00
Warsaw,10,2025-01-15 14:00:00" "$("$weir" --format csv -f back.sql 2>&1)"

# 2. Killed five times, resumed each time: every row exactly once.
cat > paced.sql <<'SQL'
CREATE SOURCE gen (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'generator', rate = '20000', count = '40000',
  keys = '10', seed = '7', start = '2025-01-15T00:00:00Z', interval = '100ms');
CREATE SINK lake WITH (connector = 'delta', path = 'TABLE', roll_rows = '3000');
INSERT INTO lake SELECT city, temp, ts FROM gen;
SQL
aggregates="count(*), count(DISTINCT ts), sum(temp), min(epoch_us(ts)), max(epoch_us(ts)), count(DISTINCT city)"
sed 's/TABLE/clean_table/' paced.sql > clean.sql
"$weir" --state clean_state --checkpoint-interval 100ms -f clean.sql > /dev/null 2> err
clean=$(delta_check "$work/clean_table" "$aggregates")
check "clean run: 40000 rows" "40000" "$(echo "$clean" | tail -1 | cut -d, -f1)"
sed 's/TABLE/killed_table/' paced.sql > killed.sql
kills=0
for fault in after_sink_write:40 mid_checkpoint:3 after_checkpoint_store:4 after_sink_write:25 after_checkpoint_store:2; do
  status=$(WEIR_FAULT=$fault sh -c '"$@" > /dev/null 2>&1; echo $?' sh "$weir" --state killed_state \
    --checkpoint-interval 100ms -f killed.sql 2> /dev/null)
  [ "$status" = 137 ] && kills=$((kills + 1))
done
check "five runs were killed by SIGKILL" 5 "$kills"
"$weir" --state killed_state --checkpoint-interval 100ms -f killed.sql > /dev/null 2> err
check "the final run: no error" "" "$(grep -v 'resumes from\|^job' err)"
check "killed five times: the table equals the clean run's" "$clean" "$(delta_check "$work/killed_table" "$aggregates")"
cat > back.sql <<'SQL'
CREATE SOURCE t (city TEXT, ts TIMESTAMP) WITH (connector = 'delta', path = 'killed_table');
SELECT count(*), count(DISTINCT city) FROM t;
SQL
check "weir reads the killed job's table back" "count(*),count(DISTINCT city)
40000,10" "$("$weir" --format csv -f back.sql 2>&1)"
check "every commit after version 0 carries the job's txn" "0" \
  "$(for f in killed_table/_delta_log/0*.json; do grep -q '"txn":{"appId":"lake"' "$f" || echo "$f"; done | wc -l | tr -d ' ')"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "delta: all checks passed"
