#!/usr/bin/env bash
# Installs the Debian 12 packages weir needs to build, test and benchmark (skips what is present).
set -euo pipefail
packages=(build-essential cmake pkg-config git
          libsimdjson-dev libre2-dev libfmt-dev libsqlite3-dev libreadline-dev
          libgtest-dev libgmock-dev libbenchmark-dev sqlite3
          librdkafka-dev libhiredis-dev libpqxx-dev libcurl4-openssl-dev libssl-dev zlib1g-dev libzstd-dev libsnappy-dev
          libmosquitto-dev mosquitto mosquitto-clients
          python3 redis-server postgresql kcat tmux curl procps time
          python3-pytest python3-pandas python3-venv
          libcpp-httplib-dev chromium python3-prometheus-client)  # weir serve: HTTP, its dashboard and /metrics tests
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
# The S3 test servers run on Node. Machines that already have a Node of their own (as these do) keep
# it: Debian's npm would conflict with it. A bare Debian 12 gets Debian's nodejs and npm.
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
