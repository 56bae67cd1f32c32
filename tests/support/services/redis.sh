# Starts or stops the test Redis servers (one open, one with a password) on free loopback ports.
# Usage: redis.sh start|stop DIR. start writes DIR/redis.env with REDIS_URL (no password),
# REDIS_PORT, REDIS_AUTH_URL (user 'default' with the password) and REDIS_AUTH_PORT.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
    echo "usage: redis.sh start|stop DIR" >&2
    exit 2
fi
mkdir -p "$dir"

# Starts one server: start_one NAME PORT [EXTRA ARGS...]; waits until it answers PING.
start_one() {
    local name=$1 port=$2
    shift 2
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$dir/$name.pid" --logfile "$dir/$name.log" --dir "$dir" "$@"
    for _ in $(seq 1 100); do
        if REDISCLI_AUTH="${auth:-}" redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
            return 0
        fi
        sleep 0.1
    done
    echo "redis-server ($name) did not answer on port $port; see $dir/$name.log" >&2
    return 1
}

case "$command" in
start)
    stop_pidfile "$dir/redis.pid"
    stop_pidfile "$dir/redis-auth.pid"
    port=$(free_port)
    auth=
    start_one redis "$port"
    auth_port=$(free_port)
    auth=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    start_one redis-auth "$auth_port" --requirepass "$auth"
    umask 077
    {
        echo "REDIS_URL=redis://127.0.0.1:$port"
        echo "REDIS_PORT=$port"
        echo "REDIS_AUTH_URL=redis://default:$auth@127.0.0.1:$auth_port"
        echo "REDIS_AUTH_PORT=$auth_port"
        echo "REDIS_AUTH_PASSWORD=$auth"
    } > "$dir/redis.env"
    echo "redis on 127.0.0.1:$port, redis with a password on 127.0.0.1:$auth_port"
    ;;
stop)
    stop_pidfile "$dir/redis.pid"
    stop_pidfile "$dir/redis-auth.pid"
    rm -f "$dir/redis.env"
    ;;
*)
    echo "usage: redis.sh start|stop DIR" >&2
    exit 2
    ;;
esac
