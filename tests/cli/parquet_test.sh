#!/usr/bin/env bash
# Parquet in the real `weir` binary against DuckDB as the independent oracle (issue #17): files weir writes
# (every codec, dictionary and PLAIN pages, v1 pages, many row groups and pages) read in DuckDB hold the
# input's values; files DuckDB writes (COPY TO with its defaults and with zstd / small row groups) read in
# weir hold DuckDB's values; file sink rolls and checkpoint naming.
# Usage: parquet_test.sh path/to/weir
set -u
export LC_ALL=C
weir=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
source "$(dirname "$0")/../support/duckdb/duckdb.sh"
work=$(mktemp -d /tmp/weir-parquet-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0

check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then return; fi
  failures=$((failures + 1))
  printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
}

# 1. Three hand-written rows, every type and NULL, through weir into Parquet, read by DuckDB.
cat > small.jsonl <<'JSON'
{"city":"Warsaw","temp":3.5,"n":10,"ok":true,"ts":"2025-01-15T14:00:00Z"}
{"city":"Say \"hi\", ok","temp":null,"n":null,"ok":false,"ts":"2025-01-15T14:30:00.25Z"}
{"city":null,"temp":-0.125,"n":-9007199254740993,"ok":null,"ts":"2025-01-15T15:00:00Z"}
JSON
small_expected='Warsaw,3.5,10,true,2025-01-15 14:00:00,1736949600000000
"Say ""hi"", ok",,,false,2025-01-15 14:30:00.25,1736951400250000
,-0.125,-9007199254740993,,2025-01-15 15:00:00,1736953200000000'
for codec in zstd snappy gzip none; do
  rm -rf "small_$codec"
  cat > write.sql <<SQL
CREATE SOURCE s (city TEXT, temp DOUBLE, n BIGINT, ok BOOLEAN, ts TIMESTAMP) WITH (connector = 'file', path = 'small.jsonl');
CREATE SINK p WITH (connector = 'file', path = 'small_$codec', format = 'parquet', compression = '$codec');
INSERT INTO p SELECT * FROM s;
SQL
  "$weir" -f write.sql 2> write.err
  check "weir writes small $codec: no error" "" "$(cat write.err)"
  actual=$(duckdb_query "COPY (SELECT city, temp, n, ok, strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%g'), epoch_us(ts)
    FROM read_parquet('$work/small_$codec/*.parquet')) TO '$work/small_$codec.csv' (HEADER false);
    SELECT 1" > /dev/null; sed 's/\.000,/,/; s/\.250,/.25,/' "small_$codec.csv")
  check "DuckDB reads weir's $codec file" "$small_expected" "$actual"
done
check "the file is named after the job, checkpoint 0, n 0" "p-0-0.parquet" "$(ls small_zstd)"
check "DuckDB sees the column types" "VARCHAR,DOUBLE,BIGINT,BOOLEAN,TIMESTAMP WITH TIME ZONE" \
  "$(duckdb_query "SELECT string_agg(column_type, ',') FROM (DESCRIBE SELECT * FROM read_parquet('$work/small_zstd/*.parquet'))")"

# 2. 60000 generated rows (many pages, row groups, dictionary and PLAIN fallback) through weir; DuckDB
#    computes the same aggregates over the JSON input and over weir's Parquet files.
awk 'BEGIN { for (i = 0; i < 60000; i++) {
  city = (i % 13 == 0) ? "null" : "\"c" (i % 7) (i % 1000 == 1 ? "-" i : "") "\"";
  temp = (i % 5 == 1) ? "null" : i * 0.25;
  ok = (i % 11 == 0) ? "null" : (i % 2 == 0 ? "true" : "false");
  printf "{\"city\":%s,\"temp\":%s,\"n\":%d,\"ok\":%s,\"ts\":%d}\n", city, temp, i * 3 - 1000, ok, 1736899200 + i }}' > big.jsonl
aggregates="count(*), count(city), sum(length(city)), count(DISTINCT city), sum(temp), sum(n), count(ok), sum(ok::INT), min(epoch_us(ts)), max(epoch_us(ts))"
expected=$(duckdb_query "SELECT $aggregates FROM (SELECT city, temp, n, ok, make_timestamp(ts * 1000000) AS ts
  FROM read_json('$work/big.jsonl', columns = {city: 'VARCHAR', temp: 'DOUBLE', n: 'BIGINT', ok: 'BOOLEAN', ts: 'BIGINT'}))")
for variant in "zstd:true:1048576:131072" "snappy:true:4096:7000" "gzip:false:2048:10000" "none:true:1024:60000"; do
  IFS=: read -r codec dictionary page group <<< "$variant"
  rm -rf "big_$codec"
  cat > write.sql <<SQL
CREATE SOURCE s (city TEXT, temp DOUBLE, n BIGINT, ok BOOLEAN, ts TIMESTAMP) WITH (connector = 'file', path = 'big.jsonl', timestamp_format = 'epoch_s');
CREATE SINK p WITH (connector = 'file', path = 'big_$codec', format = 'parquet', compression = '$codec',
  dictionary = '$dictionary', page_size = '$page', row_group_rows = '$group');
INSERT INTO p SELECT * FROM s;
SQL
  "$weir" -f write.sql 2> write.err
  check "weir writes big $variant: no error" "" "$(cat write.err)"
  check "DuckDB aggregates of weir's $variant file equal those of the input" "$expected" \
    "$(duckdb_query "SELECT $aggregates FROM read_parquet('$work/big_$codec/*.parquet')")"
  # weir reads its own file back: integer aggregates, compared with DuckDB's over the same file.
  cat > read.sql <<SQL
CREATE SOURCE q (city TEXT, n BIGINT, ok BOOLEAN, ts TIMESTAMP) WITH (connector = 'file', path = 'big_$codec/*.parquet', format = 'parquet');
SELECT count(*), count(city), sum(length(city)), sum(n), count(ok), sum(CASE WHEN ok THEN 1 ELSE 0 END), min(epoch_ms(ts)), max(epoch_ms(ts)) FROM q;
SQL
  check "weir reads its own $variant file back" \
    "$(duckdb_query "SELECT count(*), count(city), sum(length(city)), sum(n), count(ok), sum(ok::INT), min(epoch_ms(ts)), max(epoch_ms(ts)) FROM read_parquet('$work/big_$codec/*.parquet')")" \
    "$("$weir" --format csv -f read.sql 2>&1 | tail -n +2)"
done

# 3. DuckDB writes Parquet (its defaults: snappy, dictionary, v1 pages; then zstd with small row groups
#    and pages); weir reads the values DuckDB reads.
cat > duck_rows.sql <<'SQL'
SELECT * FROM (VALUES ('Warsaw', 3.5::DOUBLE, 10::BIGINT, true, TIMESTAMP '2025-01-15 14:00:00', 7::INTEGER),
  (NULL, NULL, NULL, NULL, TIMESTAMP '2025-01-15 14:30:00.25', NULL),
  ('Kraków ✓', -0.125, -1, false, TIMESTAMP '1999-12-31 23:59:59.999999', -3)) t(city, temp, n, ok, ts, small)
SQL
duckdb_query "COPY ($(cat duck_rows.sql)) TO '$work/duck_default.parquet'; SELECT 1" > /dev/null
cat > read.sql <<SQL
CREATE SOURCE d (city TEXT, temp DOUBLE, n BIGINT, ok BOOLEAN, ts TIMESTAMP, small BIGINT) WITH (connector = 'file', path = 'duck_default.parquet', format = 'parquet');
SELECT * FROM d;
SQL
check "weir reads DuckDB's default Parquet" 'Warsaw,3.5,10,true,2025-01-15 14:00:00,7
,,,,2025-01-15 14:30:00.25,
Kraków ✓,-0.125,-1,false,1999-12-31 23:59:59.999999,-3' "$("$weir" --format csv -f read.sql 2>&1 | tail -n +2)"

duckdb_query "COPY (SELECT range AS id, 'k' || (range % 97) AS k, CASE WHEN range % 3 = 0 THEN NULL ELSE range * 0.5 END::DOUBLE AS v,
  TIMESTAMP '2025-01-01' + INTERVAL (range) SECOND AS ts FROM range(250000))
  TO '$work/duck_zstd.parquet' (COMPRESSION zstd, ROW_GROUP_SIZE 50000); SELECT 1" > /dev/null
cat > read.sql <<SQL
CREATE SOURCE d (id BIGINT, k TEXT, v DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = 'duck_zstd.parquet', format = 'parquet');
SELECT count(*), sum(id), count(v), sum(length(k)), count(DISTINCT k), max(epoch_ms(ts)) FROM d;
SQL
check "weir reads DuckDB's zstd file with 5 row groups" \
  "$(duckdb_query "SELECT count(*), sum(id), count(v), sum(length(k)), count(DISTINCT k), max(epoch_ms(ts)) FROM '$work/duck_zstd.parquet'")" \
  "$("$weir" --format csv -f read.sql 2>&1 | tail -n +2)"

# 4. Errors name the file: not Parquet, a missing column, a type that does not convert.
echo 'not parquet at all' > bad.parquet
cat > read.sql <<'SQL'
CREATE SOURCE b (a BIGINT) WITH (connector = 'file', path = 'bad.parquet', format = 'parquet');
SELECT * FROM b;
SQL
check "a file that is not Parquet" "bad.parquet: not a Parquet file (no PAR1 magic at its start and end)" "$("$weir" -f read.sql 2>&1 | grep -o 'bad.parquet: .*')"
cat > read.sql <<'SQL'
CREATE SOURCE b (city BIGINT) WITH (connector = 'file', path = 'duck_default.parquet', format = 'parquet');
SELECT * FROM b;
SQL
check "a column of another type" "duck_default.parquet: column \`city\` is BYTE_ARRAY in the Parquet file and cannot be read as BIGINT" \
  "$("$weir" -f read.sql 2>&1 | grep -o 'duck_default.parquet: .*')"

# 5. roll_rows: 7 rows with roll_rows 3 are three files of 3, 3 and 1 rows.
cat > write.sql <<'SQL'
CREATE SOURCE g (city TEXT) WITH (connector = 'generator', count = '7');
CREATE SINK r WITH (connector = 'file', path = 'rolled', format = 'parquet', roll_rows = '3');
INSERT INTO r SELECT city FROM g;
SQL
"$weir" -f write.sql 2> write.err
check "roll_rows: files" "r-0-0.parquet r-0-1.parquet r-0-2.parquet" "$(ls rolled | tr '\n' ' ' | sed 's/ $//')"
check "roll_rows: rows per file" "3
3
1" "$(duckdb_query "SELECT count(*) FROM read_parquet('$work/rolled/*.parquet', filename = true) GROUP BY filename ORDER BY filename")"
"$weir" -f write.sql 2> write.err
check "a rerun appends files" "6" "$(ls rolled | wc -l | tr -d ' ')"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "parquet: all checks passed"
