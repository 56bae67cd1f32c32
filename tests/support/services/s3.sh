# Starts or stops the test S3 servers on free loopback ports: s3rver 3.7.1 (does not check
# signatures) and the @20minutes/s3rver 4.x fork (verifies SigV4, so a wrong secret gets 403).
# Usage: s3.sh start|stop DIR. start writes DIR/s3.env with S3_ENDPOINT, S3_VERIFYING_ENDPOINT,
# S3_BUCKET (created on both), S3_ACCESS_KEY and S3_SECRET_KEY. Virtual-host requests work as
# http://<bucket>.s3.localhost:<port> (the fork's signature check assumes path-style paths, though). The servers come from
# tests/support/s3/package-lock.json (npm ci runs there when node_modules is missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
    echo "usage: s3.sh start|stop DIR" >&2
    exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
servers=$(cd "$(dirname "$0")/../s3" && pwd)
bucket=weir-test

# Starts one server: start_one NAME PACKAGE PORT; waits until the port answers HTTP.
start_one() {
    local name=$1 package=$2 port=$3
    rm -rf "$dir/$name-data"
    mkdir -p "$dir/$name-data"
    (cd "$servers" && exec nohup node --openssl-legacy-provider start_server.js "$package" "$port" "$dir/$name-data" \
        "$bucket" > "$dir/$name.log" 2>&1 < /dev/null) &
    echo $! > "$dir/$name.pid"
    for _ in $(seq 1 100); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
            return 0
        fi
        if ! kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then break; fi
        sleep 0.1
    done
    echo "$package ($name) did not answer on port $port; see $dir/$name.log" >&2
    return 1
}

case "$command" in
start)
    stop_pidfile "$dir/s3.pid"
    stop_pidfile "$dir/s3-verifying.pid"
    if [[ ! -d "$servers/node_modules/s3rver" || ! -d "$servers/node_modules/@20minutes/s3rver" ]]; then
        (cd "$servers" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    port=$(free_port)
    start_one s3 s3rver "$port"
    verifying_port=$(free_port)
    start_one s3-verifying @20minutes/s3rver "$verifying_port"
    {
        echo "S3_ENDPOINT=http://127.0.0.1:$port"
        echo "S3_VERIFYING_ENDPOINT=http://127.0.0.1:$verifying_port"
        echo "S3_BUCKET=$bucket"
        echo "S3_ACCESS_KEY=S3RVER"
        echo "S3_SECRET_KEY=S3RVER"
    } > "$dir/s3.env"
    echo "s3rver on 127.0.0.1:$port, signature-verifying s3rver on 127.0.0.1:$verifying_port"
    ;;
stop)
    stop_pidfile "$dir/s3.pid"
    stop_pidfile "$dir/s3-verifying.pid"
    rm -f "$dir/s3.env"
    rm -rf "$dir/s3-data" "$dir/s3-verifying-data"
    ;;
*)
    echo "usage: s3.sh start|stop DIR" >&2
    exit 2
    ;;
esac
