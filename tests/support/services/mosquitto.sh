# Starts or stops the test MQTT brokers (mosquitto: one anonymous, one with a password file) on free
# loopback ports. Usage: mosquitto.sh start|stop DIR. start writes DIR/mosquitto.env with MQTT_URL,
# MQTT_PORT, MQTT_AUTH_URL (user and password included), MQTT_AUTH_PORT, MQTT_AUTH_USER and
# MQTT_AUTH_PASSWORD, and a third broker speaking TLS only: MQTT_TLS_URL (mqtts://127.0.0.1:<port>) with a
# certificate for 127.0.0.1 signed by the test CA in MQTT_TLS_CA. The brokers log connections and subscriptions to DIR/<name>.log. restart DIR stops the anonymous broker and starts it again on the same port (its
# sessions and retained messages are lost: persistence is off), for tests of reconnection.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
    echo "usage: mosquitto.sh start|down|restart|stop DIR" >&2
    exit 2
fi
mkdir -p "$dir"

# Starts one broker: start_one NAME PORT [EXTRA CONFIG LINES...]; waits until it takes a publish.
start_one() {
    local name=$1 port=$2
    shift 2
    local config="$dir/$name.conf"
    {
        echo "listener $port 127.0.0.1"
        echo "pid_file $dir/$name.pid"
        echo "log_dest file $dir/$name.log"
        # The default types plus subscriptions: tests wait for a client's subscription in the log.
        for type in error warning notice information subscribe; do echo "log_type $type"; done
        echo "persistence false"
        echo "max_queued_messages 100000"
        echo "user $(id -un)"
        for line in "$@"; do echo "$line"; done
    } > "$config"
    : > "$dir/$name.log"
    mosquitto -c "$config" -d 2>> "$dir/$name.log"
    for _ in $(seq 1 100); do
        if mosquitto_pub -h 127.0.0.1 -p "$port" ${publish_auth:-} -t weir/ping -m ping -q 1 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "mosquitto ($name) did not answer on port $port; see $dir/$name.log" >&2
    return 1
}

case "$command" in
start)
    stop_pidfile "$dir/mosquitto.pid"
    stop_pidfile "$dir/mosquitto-auth.pid"
    stop_pidfile "$dir/mosquitto-tls.pid"
    port=$(free_port)
    publish_auth=
    start_one mosquitto "$port" "allow_anonymous true"
    auth_port=$(free_port)
    user=weir
    password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    umask 077
    rm -f "$dir/mosquitto-auth.passwd"
    mosquitto_passwd -b -c "$dir/mosquitto-auth.passwd" "$user" "$password" 2>/dev/null
    publish_auth="-u $user -P $password"
    start_one mosquitto-auth "$auth_port" "allow_anonymous false" "password_file $dir/mosquitto-auth.passwd"
    # A test CA and a server certificate for 127.0.0.1 (valid two days).
    tls="$dir/mosquitto-tls"
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=weir test CA" \
        -keyout "$tls/ca.key" -out "$tls/ca.crt" 2> /dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$tls/server.key" -out "$tls/server.csr" 2> /dev/null
    printf 'subjectAltName=IP:127.0.0.1\n' > "$tls/san.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
        -extfile "$tls/san.ext" -out "$tls/server.crt" 2> /dev/null
    tls_port=$(free_port)
    publish_auth="--cafile $tls/ca.crt"
    start_one mosquitto-tls "$tls_port" "allow_anonymous true" "cafile $tls/ca.crt" "certfile $tls/server.crt" \
        "keyfile $tls/server.key"
    {
        echo "MQTT_TLS_URL=mqtts://127.0.0.1:$tls_port"
        echo "MQTT_TLS_PORT=$tls_port"
        echo "MQTT_TLS_CA=$tls/ca.crt"
        echo "MQTT_URL=mqtt://127.0.0.1:$port"
        echo "MQTT_PORT=$port"
        echo "MQTT_AUTH_URL=mqtt://$user:$password@127.0.0.1:$auth_port"
        echo "MQTT_AUTH_PORT=$auth_port"
        echo "MQTT_AUTH_USER=$user"
        echo "MQTT_AUTH_PASSWORD=$password"
    } > "$dir/mosquitto.env"
    echo "mosquitto on 127.0.0.1:$port, with a password on 127.0.0.1:$auth_port, with TLS on 127.0.0.1:$tls_port"
    ;;
down)
    stop_pidfile "$dir/mosquitto.pid"
    ;;
restart)
    port=$(sed -n 's/^MQTT_PORT=//p' "$dir/mosquitto.env")
    stop_pidfile "$dir/mosquitto.pid"
    publish_auth=
    start_one mosquitto "$port" "allow_anonymous true"
    ;;
stop)
    stop_pidfile "$dir/mosquitto.pid"
    stop_pidfile "$dir/mosquitto-auth.pid"
    stop_pidfile "$dir/mosquitto-tls.pid"
    rm -f "$dir/mosquitto.env"
    ;;
*)
    echo "usage: mosquitto.sh start|down|restart|stop DIR" >&2
    exit 2
    ;;
esac
