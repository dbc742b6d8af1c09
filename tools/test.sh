#!/usr/bin/env bash
# Builds everything with warnings as errors and runs the whole test suite with ctest: unit
# tests, real-socket server tests, the fault scenarios (kill -9, locked database, abuse) and
# the independent Python client. Also checks formatting. Starts its own PostgreSQL on loopback
# for the PostgreSQL store tests, unless SWITCHBOARD_TEST_POSTGRES_URL already names one.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/debian-deps.sh test

if [ -z "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ]; then
  echo "== PostgreSQL: a throwaway cluster on 127.0.0.1 and a free port"
  postgres_dir=$(mktemp -d)
  trap 'tools/test-postgres.sh stop "$postgres_dir"' EXIT
  SWITCHBOARD_TEST_POSTGRES_URL=$(tools/test-postgres.sh start "$postgres_dir")
  export SWITCHBOARD_TEST_POSTGRES_URL
fi

echo "== format check"
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

echo "== portable includes: no POSIX/Linux header or call outside server/src/platform/"
tools/check-portable-includes.sh

echo "== string literals: u\"…\"_s and \"…\"_ba in .cpp files, QStringLiteral in headers"
tools/check-string-literals.sh

echo "== build"
# Relative paths in the compiler cache, so a clone in any folder reuses earlier builds' objects.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_WERROR=ON >/dev/null
cmake --build build-ci -j "$(nproc)"

echo "== tests"
# Serial on purpose: several scenarios measure timing (heartbeats, grace periods, locks).
ctest --test-dir build-ci --output-on-failure --timeout 900

echo "== portable: the server's Windows/macOS platform code, built and tested on Linux"
# SWITCHBOARD_PORTABLE=ON builds server/src/platform/portable/ instead of the Linux code, so
# that path cannot rot. Only what it changes: the server, the console that embeds it, and the
# server tests (docs/testing.md#the-portable-build says what they check differently there).
portable_started=$SECONDS
cmake -S . -B build-portable -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_WERROR=ON \
  -DSWITCHBOARD_PORTABLE=ON >/dev/null
cmake --build build-portable -j "$(nproc)" --target switchboard-server switchboard \
  switchboard_server_tests
ctest --test-dir build-portable --output-on-failure --timeout 900 -L '^server$' -LE browser
echo "portable build and server tests: $((SECONDS - portable_started)) s"

echo "== install test"
# The .deb packages of build-ci installed on this machine, run, upgraded and purged.
tools/install-test.sh build-ci

echo "== sanitizers: the server and its tests under AddressSanitizer, LeakSanitizer and UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_SANITIZE=ON \
  -DSWITCHBOARD_BUILD_UI=OFF >/dev/null
asan_tests=(clientmessage router sqlitestore storageservice metrics passwordhasher
  attachmentinspector protocolflow routingflow abuse soak webhooks attachments)
# Only the targets run below, so the second build stays short.
cmake --build build-asan -j "$(nproc)" --target switchboard-server "${asan_tests[@]/#/tst_}"
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --timeout 900 -L unit \
    -R 'tst_(clientmessage|router|sqlitestore|storageservice|metrics|passwordhasher|attachmentinspector)'
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --timeout 900 \
    -R 'tst_(protocolflow|routingflow|abuse|soak|webhooks|attachments)$'
