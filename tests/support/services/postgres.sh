# Starts or stops the test PostgreSQL 15 server on a free loopback port, with a password-protected role.
# Usage: postgres.sh start|stop|stop-server|start-server DIR.
#   start         initdb into a fresh postgres-owned directory, start the server, create role and
#                 database `weir` (password random), write DIR/postgres.env: PG_URL (contains the
#                 password), PG_PORT, PG_PASSWORD, PG_SOCKET_DIR (superuser `postgres` without a
#                 password over this Unix socket).
#   stop          stop the server and delete its data directory.
#   stop-server   stop the server, keeping its data (for outage tests); start-server starts it again
#                 on the same port.
# initdb and pg_ctl refuse to run as root, so they run as the postgres user (runuser); the password
# never reaches the console or a command line (it goes to psql on stdin).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
    echo "usage: postgres.sh start|stop|stop-server|start-server DIR" >&2
    exit 2
fi
mkdir -p "$dir"
bin=/usr/lib/postgresql/15/bin
state="$dir/postgres.state"

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Reads PG_ROOT and PG_PORT from the state file written by start; fails when there is none.
load_state() {
    [[ -f "$state" ]] || return 1
    PG_ROOT=$(sed -n 's/^root=//p' "$state")
    PG_PORT=$(sed -n 's/^port=//p' "$state")
    [[ "$PG_ROOT" == /tmp/weir-pg.* && -n "$PG_PORT" ]]
}

start_server() {
    as_postgres "$bin/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_ROOT/socket -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start > /dev/null || {
        echo "postgres did not start on 127.0.0.1:$PG_PORT; see $PG_ROOT/server.log" >&2
        return 1
    }
}

# Stops the server: pg_ctl first, then the postmaster pid from postmaster.pid when it is a number.
stop_server() {
    [[ -d "$PG_ROOT/data" ]] || return 0
    as_postgres "$bin/pg_ctl" -D "$PG_ROOT/data" -m fast -w -t 30 stop > /dev/null 2>&1 && return 0
    local pidfile="$PG_ROOT/data/postmaster.pid"
    [[ -f "$pidfile" ]] || return 0
    local pid
    pid=$(head -n 1 "$pidfile" | tr -dc '0-9')
    if [[ -n "$pid" && "$pid" -gt 1 ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    return 0
}

remove_all() {
    if load_state; then
        stop_server
        rm -rf "$PG_ROOT"
    fi
    rm -f "$state" "$dir/postgres.env"
}

case "$command" in
start)
    remove_all
    PG_ROOT=$(mktemp -d /tmp/weir-pg.XXXXXX)
    PG_PORT=$(free_port)
    mkdir -p "$PG_ROOT/data" "$PG_ROOT/socket"
    chmod 755 "$PG_ROOT"
    [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$PG_ROOT"
    printf 'root=%s\nport=%s\n' "$PG_ROOT" "$PG_PORT" > "$state"
    as_postgres "$bin/initdb" -D "$PG_ROOT/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 > "$PG_ROOT/initdb.log" 2>&1 || {
        echo "initdb failed; see $PG_ROOT/initdb.log" >&2
        exit 1
    }
    start_server
    password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    as_postgres psql -q -v ON_ERROR_STOP=1 -h "$PG_ROOT/socket" -p "$PG_PORT" -U postgres -d postgres > /dev/null <<SQL
CREATE ROLE weir LOGIN PASSWORD '$password';
CREATE DATABASE weir OWNER weir;
SQL
    umask 077
    {
        echo "PG_URL=postgresql://weir:$password@127.0.0.1:$PG_PORT/weir"
        echo "PG_PORT=$PG_PORT"
        echo "PG_PASSWORD=$password"
        echo "PG_SOCKET_DIR=$PG_ROOT/socket"
    } > "$dir/postgres.env"
    echo "postgres on 127.0.0.1:$PG_PORT (database weir, role weir)"
    ;;
stop)
    remove_all
    ;;
stop-server)
    load_state || { echo "postgres.sh: no server was started in $dir" >&2; exit 1; }
    stop_server
    ;;
start-server)
    load_state || { echo "postgres.sh: no server was started in $dir" >&2; exit 1; }
    start_server
    ;;
*)
    echo "usage: postgres.sh start|stop|stop-server|start-server DIR" >&2
    exit 2
    ;;
esac
