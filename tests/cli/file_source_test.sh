#!/usr/bin/env bash
# The file source in the real `weir` binary: a JSON source on /dev/zero (one endless line) stops at once
# on SIGTERM with bounded memory and one malformed-record notice; follow = 'true' reads on across log
# rotation (copytruncate, rename + new file) and says so on stderr.
# Usage: file_source_test.sh path/to/weir [memory bound in KB, default 150000]
set -u
export LC_ALL=C
weir=$1
bound_kb=${2:-150000}
work=$(mktemp -d /tmp/weir-filesource-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0

check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then return; fi
  failures=$((failures + 1))
  printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
}

# Waits up to 10 s for process $1 to end; prints "ended" or "running".
wait_end() {
  for _ in $(seq 100); do
    kill -0 "$1" 2> /dev/null || { echo ended; return; }
    sleep 0.1
  done
  echo running
}

cat > zero.sql <<'SQL'
CREATE SOURCE z (a BIGINT) WITH (connector = 'file', path = '/dev/zero');
SELECT count(*) FROM z;
SQL
"$weir" -f zero.sql > zero.out 2> zero.err &
pid=$!
sleep 3
rss=$(ps -o rss= -p "$pid" | tr -d ' ')
check "/dev/zero: memory bounded (under $bound_kb KB)" yes "$([ "${rss:-0}" -lt "$bound_kb" ] && echo yes || echo "no: ${rss} KB")"
kill -TERM "$pid"
check "/dev/zero: SIGTERM stops the job" ended "$(wait_end "$pid")"
kill -KILL "$pid" 2> /dev/null
check "/dev/zero: the endless line is one malformed record" \
  "weir: skipped a malformed record in source \`z\` at /dev/zero:1: record is longer than max_record_size (67108864 bytes)" \
  "$(cat zero.err)"

line() { printf '{"city":"%s","ts":"2025-01-15T14:00:00Z"}\n' "$1"; }
{ line A; line B; line C; } > app.log
cat > follow.sql <<'SQL'
CREATE SOURCE s (city TEXT, ts TIMESTAMP) WITH (connector = 'file', path = 'app.log', follow = 'true');
SELECT city FROM s;
SQL
"$weir" --format csv -f follow.sql > follow.out 2> follow.err &
pid=$!
sleep 1
line D > app.log             # copytruncate: truncated, the writer starts again at the top
sleep 1
mv app.log app.log.1         # rename + new file
line E >> app.log.1          # the writer still had the old file open
line F > app.log
sleep 1
kill -TERM "$pid"
check "follow: SIGTERM stops the job" ended "$(wait_end "$pid")"
check "follow: rows across rotation" "$(printf 'city\nA\nB\nC\nD\nE\nF')" "$(cat follow.out)"
check "follow: notices" "weir: source \`s\`: file \`app.log\` was truncated; reading it again from the start
weir: source \`s\`: file \`app.log\` was replaced (rotated); reading the new file from its start" "$(cat follow.err)"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all file source checks passed"
