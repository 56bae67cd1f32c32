#!/usr/bin/env bash
# Starts/stops the mock Kafka cluster (tests/support/kafka_mock) on loopback and sends it commands.
#
#   kafka.sh start DIR             start 3 mock brokers, write DIR/kafka.env (BOOTSTRAP=host:port,...)
#   kafka.sh stop DIR              stop them (SIGTERM, then SIGKILL after 5 s)
#   kafka.sh topic DIR NAME N      create topic NAME with N partitions
#   kafka.sh down|up DIR ID        take broker ID (1..3, -1 = all) down or bring it up again
# The mock binary is $WEIR_KAFKA_MOCK, else the first weir_kafka_mock found under the build tree
# that holds DIR.
set -euo pipefail

action=${1:-}
dir=${2:-}
if [[ -z "$action" || -z "$dir" ]]; then
    echo "usage: kafka.sh start|stop|topic|down|up DIR [...]" >&2
    exit 2
fi
work="$dir/kafka"
pidfile="$work/mock.pid"

mock_pid() {
    # Prints the pid of our running mock, or nothing. Never trusts an empty or foreign pid.
    [[ -s "$pidfile" ]] || return 0
    local pid
    pid=$(tr -dc '0-9' < "$pidfile")
    [[ -n "$pid" && "$pid" -gt 1 ]] || return 0
    if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q weir_kafka_mock; then
        echo "$pid"
    fi
}

send_command() {
    # Hands one command line to the mock and waits (10 s at most) for its reply.
    local line="$1" replies="$work/replies" before=0
    [[ -n "$(mock_pid)" ]] || { echo "kafka.sh: the mock broker is not running (start it first)" >&2; exit 1; }
    [[ -f "$replies" ]] && before=$(wc -l < "$replies")
    for _ in $(seq 100); do [[ -e "$work/commands" ]] || break; sleep 0.1; done
    echo "$line" > "$work/commands.$$"
    mv "$work/commands.$$" "$work/commands"
    for _ in $(seq 100); do
        if [[ -f "$replies" ]] && (( $(wc -l < "$replies") > before )); then
            local reply
            reply=$(tail -n +"$((before + 1))" "$replies" | grep -F -- " $line" | tail -n 1 || true)
            [[ "$reply" == ok* ]] && return 0
            [[ "$reply" == error* ]] && { echo "kafka.sh: the mock broker refused: $line" >&2; exit 1; }
        fi
        sleep 0.1
    done
    echo "kafka.sh: no reply from the mock broker to: $line" >&2
    exit 1
}

find_mock() {
    if [[ -n "${WEIR_KAFKA_MOCK:-}" && -x "$WEIR_KAFKA_MOCK" ]]; then echo "$WEIR_KAFKA_MOCK"; return; fi
    local root
    root=$(cd "$dir/.." && pwd)
    find "$root" -name weir_kafka_mock -type f -perm -u+x 2>/dev/null | head -n 1
}

case "$action" in
start)
    mkdir -p "$work"
    if [[ -n "$(mock_pid)" ]]; then
        echo "kafka.sh: the mock broker is already running (pid $(mock_pid))" >&2
        exit 1
    fi
    mock=$(find_mock)
    if [[ -z "$mock" ]]; then
        echo "kafka.sh: weir_kafka_mock is not built (set WEIR_KAFKA_MOCK or build target weir_kafka_mock)" >&2
        exit 1
    fi
    rm -f "$work/bootstrap" "$work/commands" "$work/replies" "$dir/kafka.env"
    nohup "$mock" --dir "$work" --brokers 3 > "$work/mock.log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    for _ in $(seq 100); do
        [[ -s "$work/bootstrap" ]] && break
        if [[ -z "$(mock_pid)" ]]; then
            echo "kafka.sh: the mock broker exited at start: $(tail -n 3 "$work/mock.log")" >&2
            exit 1
        fi
        sleep 0.1
    done
    if [[ ! -s "$work/bootstrap" ]]; then
        echo "kafka.sh: the mock broker wrote no bootstrap list within 10 s" >&2
        exit 1
    fi
    printf 'BOOTSTRAP=%s\nKAFKA_MOCK_DIR=%s\n' "$(head -n 1 "$work/bootstrap")" "$work" > "$dir/kafka.env"
    cat "$dir/kafka.env"
    ;;
stop)
    pid=$(mock_pid)
    if [[ -n "$pid" ]]; then
        kill -TERM "$pid"
        for _ in $(seq 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
        [[ -d "/proc/$pid" ]] && kill -KILL "$pid"
    fi
    rm -f "$pidfile" "$dir/kafka.env"
    ;;
topic)
    [[ $# -eq 4 ]] || { echo "usage: kafka.sh topic DIR NAME PARTITIONS" >&2; exit 2; }
    send_command "topic $3 $4"
    ;;
down|up)
    [[ $# -eq 3 ]] || { echo "usage: kafka.sh $action DIR BROKER_ID" >&2; exit 2; }
    send_command "$action $3"
    ;;
*)
    echo "kafka.sh: unknown action '$action' (start, stop, topic, down, up)" >&2
    exit 2
    ;;
esac
