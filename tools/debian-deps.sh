#!/usr/bin/env bash
# Installs the Debian 12 packages Switchboard builds and tests with, skipping apt entirely when
# everything is already there. Usage: tools/debian-deps.sh [build|test|bench]
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-websockets-dev libqt6sql6-sqlite libqt6sql6-psql libsodium-dev
  libsqlite3-dev # the SQLite store's hot statements use SQLite's own API beside Qt's driver
  libhiredis-dev # the cluster bus talks to Redis through hiredis
  zlib1g-dev libbrotli-dev # the widget's files are served gzip- and Brotli-compressed
  libssl-dev # tls-key is checked against tls-cert with libcrypto (the TLS itself is Qt's)
  librsvg2-bin # rsvg-convert renders the PNG icons from the SVG
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qtkeychain-qt6-dev libgl-dev qt6-charts-dev libqt6opengl6-dev # the console and its dashboard (Qt Charts needs Qt OpenGL)
  qt6-multimedia-dev # the console's notification chime (QSoundEffect)
)
test_packages=(
  sqlite3 python3 clang-format
  openssl # the TLS tests make a throwaway CA and certificates with the openssl CLI
  postgresql # tools/test-postgres.sh runs a throwaway cluster for the PostgreSQL store tests
  redis-server # the cluster tests start their own Redis on loopback (and stop it, for R5)
  prometheus # promtool checks the /metrics exposition (O1)
  chromium nodejs $(command -v npm >/dev/null || echo npm) # widget browser tests; npm comes with NodeSource's nodejs
  dbus gnome-keyring libsecret-1-0 # keychain round trip under dbus-run-session (C2)
  desktop-file-utils appstream systemd file # the install test: validators, systemd-analyze, CPack's shlibdeps
  haproxy python3-yaml # packaging_cluster_configs: haproxy -c and a live HAProxy, the Kubernetes YAML
)

bench_packages=(
  golang-go golang-github-gorilla-websocket-dev # bench/compare builds the Go reference peer
)

wanted=("${build_packages[@]}")
if [ "${1:-build}" = test ]; then
  wanted+=("${test_packages[@]}")
fi
if [ "${1:-build}" = bench ]; then
  wanted+=("${test_packages[@]}" "${bench_packages[@]}") # Node and npm come with the test packages
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
