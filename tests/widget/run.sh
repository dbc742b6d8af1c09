#!/usr/bin/env bash
# Runs the widget's browser tests: Debian's Chromium driven by playwright-core, against real
# switchboard-server processes the tests start themselves. ctest calls this as `widget_browser`.
# Usage: tests/widget/run.sh SERVER_BINARY [SCREENSHOT_DIR]
# A missing Node.js, npm or Chromium is a failure, never a skip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
server_binary="${1:?usage: run.sh SERVER_BINARY [SCREENSHOT_DIR]}"
screenshot_dir="${2:-$PWD/screenshots}"
chromium="${CHROMIUM_BINARY:-/usr/bin/chromium}"

fail() {
  echo "FAIL: $*" >&2
  echo "      tools/debian-deps.sh test installs what the widget tests need." >&2
  exit 1
}
command -v node >/dev/null || fail "node is not installed (Debian package nodejs)"
command -v npm >/dev/null || fail "npm is not installed (Debian package npm, or a nodejs that bundles it)"
[ -x "$chromium" ] || fail "Chromium is not installed at $chromium (Debian package chromium)"
[ -x "$server_binary" ] || fail "no server binary at $server_binary"

# Dependencies from the committed lock file, installed once (again when the lock changes).
cd "$here"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci (tests/widget)"
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p "$screenshot_dir"
export SWITCHBOARD_SERVER_BINARY="$server_binary" SCREENSHOT_DIR="$screenshot_dir" CHROMIUM_BINARY="$chromium"
exec node --test --test-concurrency=1 --test-reporter=spec widget.test.mjs widget-i18n.test.mjs delivery.test.mjs widget-tls.test.mjs
