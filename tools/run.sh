#!/usr/bin/env bash
# Builds and starts Switchboard's routing server on 127.0.0.1:8420. On the first start it
# creates a demo account and prints its login and password. Ctrl+C stops it cleanly.
# Extra arguments go to switchboard-server (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/debian-deps.sh build
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSWITCHBOARD_BUILD_TESTS=OFF >/dev/null
cmake --build build-release --target switchboard-server
exec build-release/server/switchboard-server --create-demo-agent --log-format text "$@"
