#!/usr/bin/env bash
# Builds and starts Switchboard. With a display: the agent console; tick "Run the server on
# this computer" in its sign-in dialog and the first login you type becomes the supervisor.
# Without a display (a server, SSH, CI): the headless routing server on 127.0.0.1:8420, which
# on its first start creates a demo account and prints its login and password. Ctrl+C stops it.
# SWITCHBOARD_HEADLESS=1 forces the server; extra arguments go to the program started.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/debian-deps.sh build
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSWITCHBOARD_BUILD_TESTS=OFF >/dev/null
if [ -z "${SWITCHBOARD_HEADLESS:-}" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  cmake --build build-release --target switchboard
  exec build-release/app/switchboard "$@"
fi
cmake --build build-release --target switchboard-server
exec build-release/server/switchboard-server --create-demo-agent --log-format text "$@"
