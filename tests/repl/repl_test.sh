#!/usr/bin/env bash
# Drives the real `weir` REPL in a tmux pseudo-terminal: completion, history across sessions,
# .read, a live windowed SELECT, Ctrl-C, background jobs, dot commands and .quit.
# Usage: repl_test.sh path/to/weir. Every wait polls the screen against a deadline.
set -u
weir=$1
command -v tmux > /dev/null || { echo "FAIL tmux is not installed (scripts/install-deps.sh installs it)"; exit 1; }
work=$(mktemp -d /tmp/weir-repl-XXXXXX)
socket="weir-test-$$"
failures=0
passed=0
session=""

tmx() { tmux -L "$socket" -f "$work/tmux.conf" "$@"; }
cleanup() { tmx kill-server > /dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
printf 'set -g remain-on-exit on\nset -g history-limit 5000\nset -g status off\n' > "$work/tmux.conf"

pass() { passed=$((passed + 1)); }
fail() {
  failures=$((failures + 1))
  printf 'FAIL %s\n--- screen and scrollback of %s:\n%s\n---\n' "$1" "$session" "$(everything)"
}
# The visible screen, and the screen with its scrollback.
screen() { tmx capture-pane -p -t "$session" 2> /dev/null; }
everything() { tmx capture-pane -p -S - -t "$session" 2> /dev/null; }

start_shell() {  # start_shell NAME: a fresh weir REPL, 120x40, history in $work/history
  session=$1
  tmx new-session -d -s "$session" -x 120 -y 40 \
    "env HOME='$work' WEIR_HISTORY='$work/history' TERM=xterm-256color '$weir'; echo \"[exit status \$?]\""
}
# Types text literally (tmux treats a trailing ';' as its own separator, so that one is escaped).
type_text() {
  local text=$1
  if [[ "$text" == *";" ]]; then
    [ -n "${text%;}" ] && tmx send-keys -t "$session" -l -- "${text%;}"
    tmx send-keys -t "$session" '\;'
  else
    tmx send-keys -t "$session" -l -- "$text"
  fi
}
type_line() { type_text "$1"; tmx send-keys -t "$session" Enter; }
keys() { tmx send-keys -t "$session" "$@"; }

# wait_until NAME CONDITION...: polls CONDITION (a command) every 0.1 s for up to 15 s.
wait_until() {
  local name=$1
  shift
  local deadline=$((SECONDS + 15))
  while ((SECONDS < deadline)); do
    if "$@"; then
      pass
      return 0
    fi
    sleep 0.1
  done
  fail "$name"
  return 1
}
screen_has() { [[ "$(screen)" == *"$1"* ]]; }
all_has() { [[ "$(everything)" == *"$1"* ]]; }
# The shell waits at an empty main prompt: the last non-blank line of the screen is "weir>".
at_prompt() { [ "$(screen | sed '/^[[:space:]]*$/d' | tail -n 1)" == "weir>" ]; }
# Count of lines of everything that contain a fixed string.
count_lines() { everything | grep -cF -- "$1"; }
# The row count in the live status line ("51 rows | ..."), 0 if none.
live_rows() { screen | sed -n 's/^\([0-9][0-9]*\) rows | .*/\1/p' | tail -n 1 | grep . || echo 0; }
rows_at_least() { (($(live_rows) >= $1)); }
pane_dead() { [ "$(tmx display-message -p -t "$session" '#{pane_dead}' 2> /dev/null)" == 1 ]; }

cat > "$work/script.sql" <<'SQL'
-- read by .read: a view over the generator, then the list of views
CREATE VIEW warm AS
  SELECT city, temp, ts FROM gen WHERE temp > 10;
SHOW VIEWS;
SQL

# ---- session one ----
start_shell one
wait_until "banner and prompt" at_prompt

# Completion of a keyword: CRE<Tab> becomes CREATE.
type_text "CRE"
keys Tab
wait_until "keyword completion" screen_has "weir> CREATE"
type_line "SOURCE gen (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 1s) WITH (connector = 'generator', rate = '200', speed = '60', keys = '3', start = '2025-01-15 14:00:00');"
wait_until "source created" at_prompt

# Completion of a source name after DESCRIBE, and of a column name.
type_text "DESCRIBE ge"
keys Tab
wait_until "source name completion" screen_has "weir> DESCRIBE gen"
type_line ";"
wait_until "describe output" screen_has "| temp   | DOUBLE    |"
wait_until "prompt after describe" at_prompt
type_text "SELECT tem"
keys Tab
wait_until "column name completion" screen_has "weir> SELECT temp"

# Ctrl-C on a non-empty line clears it (and the partial statement) without leaving.
keys C-c
wait_until "ctrl-c clears the line" at_prompt
type_line "SHOW SOURCES;"
wait_until "shell alive after ctrl-c at prompt" screen_has "| generator |"
wait_until "prompt after show sources" at_prompt

# Option and connector completion inside WITH (...).
type_text "CREATE SINK out WITH (conn"
keys Tab
wait_until "option name completion" screen_has "WITH (connector "
type_text "= 'black"
keys Tab
wait_until "connector completion" screen_has "WITH (connector = 'blackhole'"
type_line ");"
wait_until "sink created" at_prompt

# A statement over two lines: continuation prompt, then the result.
type_line "SHOW"
wait_until "continuation prompt" screen_has "  ...>"
type_line "SINKS;"
wait_until "multi-line statement runs" screen_has "| out  | blackhole |"
wait_until "prompt after show sinks" at_prompt

# An error names its position and marks it under the statement.
type_line "SELECT FROM gen;"
wait_until "error message" screen_has "Error: syntax error at line 1, column 8"
wait_until "caret under column 8" screen_has $'  SELECT FROM gen;\n         ^'
wait_until "prompt after error" at_prompt

# A windowed SELECT over the generator shows a live table that updates in place.
type_line "SELECT city, window_start, count(*) AS n FROM gen GROUP BY city, TUMBLE(ts, 10s);"
wait_until "live status line" screen_has "Ctrl-C stops"
wait_until "first windows closed" rows_at_least 3
first=$(live_rows)
wait_until "live table updates (more than $first rows)" rows_at_least $((first + 3))
if [ "$(count_lines "| window_start")" == 1 ]; then pass; else fail "table redrawn in place (one header)"; fi
# Ctrl-C stops the query and returns to the prompt.
keys C-c
wait_until "query stopped" screen_has " | stopped"
wait_until "prompt after stopping the query" at_prompt

# An updating result (a GROUP BY without a window over the unbounded generator) is a table updated in
# place by key: one row per city (keys = '3'), the status line counting rows and changes (issue 14).
type_line "SELECT city, count(*) AS n FROM gen GROUP BY city;"
changes_at_least() {
  local n
  n=$(screen | sed -n 's/^3 rows | \([0-9][0-9]*\) changes | .*/\1/p' | tail -n 1)
  [ -n "$n" ] && ((n >= $1))
}
wait_until "updating result: 3 rows, updated in place" changes_at_least 12
if [ "$(everything | grep -cE '^\| city +\| n +\|$')" == 1 ]; then pass; else fail "updating table redrawn in place (one header)"; fi
keys C-c
wait_until "updating query stopped" screen_has " | stopped"
wait_until "prompt after stopping the updating query" at_prompt
# .mode changelog shows every change with its kind in a first column op.
type_line ".mode changelog"
wait_until ".mode changelog" screen_has "mode is changelog"
type_line "SELECT city, count(*) AS n FROM gen GROUP BY city;"
wait_until "changelog mode: op column" screen_has "| op | city"
wait_until "changelog mode: upserts" screen_has "| +U | "
wait_until "changelog mode: rows pile up" rows_at_least 12
keys C-c
wait_until "changelog query stopped" screen_has " | stopped"
wait_until "prompt after stopping the changelog query" at_prompt
type_line ".mode table"
wait_until ".mode table" screen_has "mode is table"

# INSERT INTO starts a background job; SHOW JOBS and .jobs show its progress.
type_line "INSERT INTO out SELECT city, window_start, count(*) AS n FROM gen GROUP BY city, TUMBLE(ts, 10s);"
wait_until "job started message" screen_has "Job out is running in the background"
wait_until "prompt after insert" at_prompt
type_line "SHOW JOBS;"
wait_until "show jobs lists the running job" screen_has "| out  | running | out  |"
job_has_input() {
  keys C-l
  type_line ".jobs"
  sleep 0.3
  screen | grep -qE '^\| out +\| running \| out +\| +[1-9][0-9]* \|'
}
wait_until "job reads records (.jobs)" job_has_input
wait_until ".jobs shows the input rate" screen_has "| records_out | events/s |"
wait_until "prompt after .jobs" at_prompt

# .read runs a file's statements.
type_line ".read $work/script.sql"
wait_until ".read creates and lists the view" screen_has "| warm "
wait_until "prompt after .read" at_prompt

# .format, .timer, .explain
type_line ".format csv"
type_line "SHOW SINKS;"
wait_until ".format csv" screen_has $'name,connector\nout,blackhole'
type_line ".format table"
type_line ".timer on"
type_line "SHOW SINKS;"
wait_until ".timer on" screen_has "Run time: "
type_line ".timer off"
type_line ".explain on"
type_line "SELECT city FROM gen;"
wait_until ".explain shows the plan" screen_has "Scan gen connector=generator"
type_line ".explain off"
wait_until "explain off" screen_has "explain mode is off"

# .stop stops the job; .quit leaves with status 0.
type_line ".stop out"
wait_until "prompt after .stop" at_prompt
type_line "SHOW JOBS;"
wait_until "job stopped" screen_has "| out  | stopped |"
type_line ".quit"
wait_until ".quit leaves the shell" pane_dead
wait_until ".quit exit status 0" screen_has "[exit status 0]"

# ---- session two: history from session one ----
start_shell two
wait_until "second session starts" at_prompt
keys Up
wait_until "history: last entry" screen_has "weir> .quit"
keys Up Up
wait_until "history: earlier entries" screen_has "weir> .stop out"
# A multi-line statement is one history entry.
if grep -qxF 'SHOW\nSINKS;' "$work/history"; then pass; else fail "multi-line history entry in the file"; fi
keys C-c
wait_until "prompt after clearing the recalled line" at_prompt
keys C-d
wait_until "Ctrl-D leaves the shell" pane_dead
wait_until "Ctrl-D exit status 0" screen_has "[exit status 0]"

# ---- session three: stdout is not a terminal: results are plain appended lines ----
session=three
tmx new-session -d -s three -x 120 -y 40 \
  "env HOME='$work' WEIR_HISTORY='' '$weir' | tee '$work/plain.out'"
wait_until "piped session starts" at_prompt
type_line "CREATE SOURCE gen (city TEXT, ts TIMESTAMP) WITH (connector = 'generator', rate = '200', speed = '60', keys = '2', count = '200', start = '2025-01-15 14:00:00');"
type_line "SELECT city, count(*) AS n FROM gen GROUP BY city, TUMBLE(ts, 1m) HAVING count(*) > 0;"
wait_until "plain rows printed" grep -q "^city,n$" "$work/plain.out"
type_line ".quit"
wait_until "piped session ends" pane_dead
if grep -q $'\x1b\[' "$work/plain.out"; then fail "no ANSI redraw when stdout is not a terminal"; else pass; fi

echo "$passed passed, $failures failed"
((failures == 0))
