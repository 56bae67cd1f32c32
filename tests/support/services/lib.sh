# Shared helpers of the test-service scripts (sourced, not run): free loopback ports and stopping a
# server by pidfile without ever signalling an empty or bogus pid (an empty value would be `kill 0`).

# Prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Stops the process whose pid is in file $1, only when the file holds a number above 1: TERM, up to
# 5 s of waiting, then KILL. Removes the pidfile.
stop_pidfile() {
    local pidfile=$1
    [[ -f "$pidfile" ]] || return 0
    local pid
    pid=$(tr -dc '0-9' < "$pidfile")
    if [[ -n "$pid" && "$pid" -gt 1 ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$pidfile"
}
