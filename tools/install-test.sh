#!/usr/bin/env bash
# The install test: packages an already built tree with CPack, installs the two .deb packages
# on this machine, and checks what a user gets. The installed files and their validity
# (desktop-file-validate, appstreamcli), the system user and data directory, the installed
# server started as that user with the installed config (on a free loopback port): /readyz,
# /healthz, the widget, and a protocol round trip. The config file kept across an upgrade, the
# installed console's --version on the offscreen platform, then remove (config and data kept)
# and purge (everything gone). Fails loudly on the first problem; always cleans up.
#
#   tools/install-test.sh BUILD_DIR      (tools/test.sh runs it on build-ci)
#
# Needs root or sudo, and refuses to run if Switchboard's packages are already installed.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/CPackConfig.cmake" ]; then
  echo "usage: tools/install-test.sh BUILD_DIR (a configured and built tree with CPackConfig.cmake)" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$(dirname "$0")/.." && pwd)
packages=(switchboard switchboard-server switchboard-common)

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
as_root() { "${sudo_cmd[@]}" "$@"; }
# The installed server runs as its system user; setpriv execs, so $! is the server itself.
as_service() {
  as_root setpriv --reuid switchboard --regid switchboard --init-groups \
    env HOME=/var/lib/switchboard "$@"
}
apt_get() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -q "$@"
}

fail() {
  echo "install test: FAIL: $*" >&2
  exit 1
}
pass() { echo "PASS $*"; }

installed() { # package name -> 0 when installed (fully or half)
  dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^.[iUFHWt]'
}
known() { # package name -> 0 when dpkg has any trace of it (installed or config files)
  dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^.[iUFHWtc]'
}

work=$(mktemp -d)
server_pid=""
cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    as_root kill -KILL "$server_pid" 2>/dev/null || true
  fi
  local left=()
  for package in "${packages[@]}"; do
    known "$package" && left+=("$package")
  done
  if [ ${#left[@]} -gt 0 ]; then
    echo "install test: purging ${left[*]}" >&2
    as_root dpkg --purge "${left[@]}" >/dev/null || true
  fi
  if [ $status -ne 0 ] && [ -f "$work/server.log" ]; then
    echo "--- the installed server's log" >&2
    tail -n 40 "$work/server.log" >&2 || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Purging at the end deletes /etc/switchboard and /var/lib/switchboard: never on a machine
# that has a Switchboard installation (or its leftovers) of its own.
for package in "${packages[@]}"; do
  if known "$package"; then
    trap - EXIT
    rm -rf "$work"
    fail "$package is installed on this machine (or its config is left); purge it first (apt-get purge $package)"
  fi
done
for path in /etc/switchboard /var/lib/switchboard; do
  if [ -e "$path" ]; then
    trap - EXIT
    rm -rf "$work"
    fail "$path exists on this machine; move it away first, the test's purge would delete it"
  fi
done

http_status() { # URL -> the HTTP status, or 000 when nothing answers
  python3 - "$1" <<'EOF'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=2).status)
except urllib.error.HTTPError as error:
    print(error.code)
except Exception:
    print("000")
EOF
}

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $build_dir/CMakeCache.txt"
arch=$(dpkg --print-architecture)

echo "== packaging $build_dir (version $version)"
# cpack packages what is built and builds nothing itself (Ninja): a no-op after tools/test.sh.
cmake --build "$build_dir" >"$work/build.log" 2>&1 \
  || { tail -n 30 "$work/build.log" >&2; fail "building $build_dir"; }
rm -rf "$build_dir/packages"
(cd "$build_dir" && cpack --config CPackConfig.cmake -G "DEB;TGZ") >"$work/cpack.log" 2>&1 \
  || { tail -n 30 "$work/cpack.log" >&2; fail "cpack failed"; }
console_deb="$build_dir/packages/switchboard_${version}-1_${arch}.deb"
server_deb="$build_dir/packages/switchboard-server_${version}-1_${arch}.deb"
common_deb="$build_dir/packages/switchboard-common_${version}-1_all.deb"
tarball="$build_dir/packages/switchboard-${version}-linux-$(uname -m).tar.gz"
for file in "$console_deb" "$server_deb" "$common_deb" "$tarball"; do
  [ -f "$file" ] || fail "cpack did not make $(basename "$file"); it made: $(ls "$build_dir/packages")"
done
pass "cpack made $(cd "$build_dir/packages" && echo *.deb *.tar.gz)"

[ "$(dpkg-deb -f "$server_deb" Version)" = "${version}-1" ] || fail "server package version"
server_depends=$(dpkg-deb -f "$server_deb" Depends)
console_depends=$(dpkg-deb -f "$console_deb" Depends)
for want in adduser libqt6sql6-sqlite libqt6core6 libqt6websockets6 libsodium "switchboard-common (= ${version}-1)"; do
  grep -q "$want" <<<"$server_depends" || fail "switchboard-server does not depend on $want: $server_depends"
done
for want in qt6-qpa-plugins libqt6sql6-sqlite libqt6widgets6 libqt6keychain "switchboard-common (= ${version}-1)"; do
  grep -q "$want" <<<"$console_depends" || fail "switchboard does not depend on $want: $console_depends"
done
# Qt GUI is allowed since attachments (QImage reads, thumbnails and strips image metadata; no
# display or platform plugin is loaded); Widgets never is.
grep -qi 'qt6\?widgets' <<<"$server_depends" && fail "the server package pulls in Qt Widgets: $server_depends"
grep -q libqt6sql6-psql <<<"$(dpkg-deb -f "$server_deb" Recommends)" \
  || fail "switchboard-server does not recommend libqt6sql6-psql (the PostgreSQL driver)"
pass "dependencies: server [$server_depends]; console [$console_depends]"
conffiles=$(dpkg-deb --ctrl-tarfile "$server_deb" | tar -xO ./conffiles)
grep -qx /etc/switchboard/server.conf <<<"$conffiles" \
  || fail "/etc/switchboard/server.conf is not a conffile of switchboard-server: $conffiles"
console_files=$(dpkg-deb -c "$console_deb")
grep -q 'usr/lib/systemd\|usr/bin/switchboard-server' <<<"$console_files" \
  && fail "the console package ships server files"
tar -tzf "$tarball" >"$work/tarball.txt"
for path in usr/bin/switchboard usr/bin/switchboard-server etc/switchboard/server.conf \
  usr/lib/systemd/system/switchboard-server.service usr/share/switchboard/widget/embed.js \
  "usr/share/applications/io.switchboard.Switchboard.desktop"; do
  grep -q "^switchboard-${version}-linux-$(uname -m)/$path\$" "$work/tarball.txt" \
    || fail "the tarball has no $path"
done
pass "conffiles and the tarball's layout"

echo "== installing the packages"
apt_get install --no-install-recommends "$server_deb" "$console_deb" "$common_deb" \
  >"$work/apt.log" 2>&1 \
  || { tail -n 30 "$work/apt.log" >&2; fail "apt-get install failed"; }
for package in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$package")" = "install ok installed" ] \
    || fail "$package is not installed after apt-get install"
done
for path in /usr/bin/switchboard /usr/bin/switchboard-server /etc/switchboard/server.conf \
  /usr/lib/systemd/system/switchboard-server.service /usr/share/switchboard/widget/embed.js \
  /usr/share/applications/io.switchboard.Switchboard.desktop \
  /usr/share/metainfo/io.switchboard.Switchboard.metainfo.xml \
  /usr/share/metainfo/io.switchboard.Switchboard.Server.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/io.switchboard.Switchboard.svg \
  /usr/share/icons/hicolor/48x48/apps/io.switchboard.Switchboard.png \
  /usr/share/icons/hicolor/256x256/apps/io.switchboard.Switchboard.png \
  /usr/share/doc/switchboard-server/configuration.md \
  /usr/share/doc/switchboard-server/examples/haproxy.cfg \
  /usr/share/doc/switchboard-server/examples/prometheus.yml \
  /usr/share/doc/switchboard-server/examples/kubernetes/deployment.yaml; do
  [ -e "$path" ] || fail "$path is missing after installing"
done
for binary in /usr/bin/switchboard /usr/bin/switchboard-server; do
  libraries=$(ldd "$binary")
  if grep -q 'not found' <<<"$libraries"; then
    fail "$binary misses libraries: $(grep 'not found' <<<"$libraries" | tr -s ' \t\n' ' ')"
  fi
done
pass "installed files present, every library found"

getent passwd switchboard >/dev/null || fail "postinst did not create the switchboard user"
uid=$(id -u switchboard)
[ "$uid" -lt 1000 ] || fail "switchboard is not a system user (uid $uid)"
[ "$(stat -c '%U:%G %a' /var/lib/switchboard)" = "switchboard:switchboard 700" ] \
  || fail "/var/lib/switchboard is $(stat -c '%U:%G %a' /var/lib/switchboard), expected switchboard:switchboard 700"
pass "system user switchboard (uid $uid) and /var/lib/switchboard (0700)"

desktop-file-validate /usr/share/applications/io.switchboard.Switchboard.desktop \
  || fail "desktop-file-validate"
appstreamcli validate --no-net /usr/share/metainfo/io.switchboard.Switchboard.metainfo.xml \
  /usr/share/metainfo/io.switchboard.Switchboard.Server.metainfo.xml >"$work/appstream.log" 2>&1 \
  || { cat "$work/appstream.log" >&2; fail "appstreamcli validate"; }
systemd-analyze verify /usr/lib/systemd/system/switchboard-server.service >"$work/verify.log" 2>&1 \
  || { cat "$work/verify.log" >&2; fail "systemd-analyze verify"; }
pass "desktop-file-validate, appstreamcli validate and systemd-analyze verify"

wants=/etc/systemd/system/multi-user.target.wants/switchboard-server.service
[ -L "$wants" ] || fail "postinst did not enable switchboard-server.service ($wants is missing)"
if [ -d /run/systemd/system ]; then
  # postinst started it on the configured port; the test runs its own on a free one.
  as_root systemctl stop switchboard-server.service
  pass "switchboard-server.service enabled; systemd is running, stopped the service for the test"
else
  pass "switchboard-server.service enabled; systemd is not running here, so not started (as designed)"
fi

echo "== running the installed server"
[ "$(/usr/bin/switchboard-server --version)" = "switchboard-server $version" ] \
  || fail "switchboard-server --version says $(/usr/bin/switchboard-server --version)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c 'import secrets; print(secrets.token_urlsafe(18))' >"$work/password"
as_service /usr/bin/switchboard-server --config /etc/switchboard/server.conf \
  user add pkgtest --role agent --name "Package Test" --team support --password-stdin \
  <"$work/password" >"$work/useradd.log" 2>&1 || { cat "$work/useradd.log" >&2; fail "user add"; }
# Not through as_service: a function would run in a forked subshell and $! would be that.
"${sudo_cmd[@]}" setpriv --reuid switchboard --regid switchboard --init-groups \
  env HOME=/var/lib/switchboard /usr/bin/switchboard-server --config /etc/switchboard/server.conf \
  --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$! # the server itself as root; sudo (which passes signals on) otherwise
ready=""
for _ in $(seq 1 100); do
  kill -0 "$server_pid" 2>/dev/null || fail "the installed server exited at start"
  if [ "$(http_status "http://127.0.0.1:$port/readyz")" = 200 ]; then
    ready=yes
    break
  fi
  sleep 0.2
done
[ -n "$ready" ] || fail "/readyz did not answer 200 within 20 s"
server_process=$server_pid
[ ${#sudo_cmd[@]} -gt 0 ] && server_process=$(pgrep -P "$server_pid" | head -n 1)
[ "$(ps -o uid= -p "$server_process" | tr -d ' ')" = "$uid" ] \
  || fail "the server does not run as switchboard (uid $uid)"
[ "$(http_status "http://127.0.0.1:$port/healthz")" = 200 ] || fail "/healthz is not 200"
[ "$(http_status "http://127.0.0.1:$port/widget/embed.js")" = 200 ] \
  || fail "the installed widget is not served at /widget/embed.js"
pass "/readyz and /healthz 200, the installed widget served, running as switchboard"
python3 "$source_dir/tests/packaging/install_roundtrip.py" --port "$port" --login pkgtest \
  --password-file "$work/password" || fail "protocol round trip"
as_root test -s /var/lib/switchboard/switchboard.sqlite3 || fail "no database in /var/lib/switchboard"
as_root kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
[ $status -eq 0 ] || fail "the server exited with $status after SIGTERM"
pass "SIGTERM: the server drained and exited 0"

echo "== upgrading keeps the configuration and the data"
echo "# edited by the install test" | as_root tee -a /etc/switchboard/server.conf >/dev/null
as_root env DEBIAN_FRONTEND=noninteractive dpkg --force-confold -i "$server_deb" >"$work/upgrade.log" 2>&1 \
  || { cat "$work/upgrade.log" >&2; fail "reinstalling switchboard-server"; }
grep -q '^# edited by the install test$' /etc/switchboard/server.conf \
  || fail "the edited /etc/switchboard/server.conf was replaced on upgrade"
as_root test -s /var/lib/switchboard/switchboard.sqlite3 || fail "the database went on upgrade"
pass "upgrade kept the edited config file and the database"

echo "== the installed console"
console_version=$(QT_QPA_PLATFORM=offscreen /usr/bin/switchboard --version) \
  || fail "switchboard --version failed"
[ "$console_version" = "switchboard $version" ] || fail "switchboard --version says $console_version"
pass "QT_QPA_PLATFORM=offscreen switchboard --version: $console_version"

echo "== removing and purging"
apt_get remove "${packages[@]}" >"$work/remove.log" 2>&1 \
  || { cat "$work/remove.log" >&2; fail "apt-get remove"; }
if [ -e /usr/bin/switchboard-server ] || [ -e /usr/bin/switchboard ] \
  || [ -e /usr/share/switchboard/widget ]; then
  fail "binaries or the widget left after remove"
fi
[ -f /etc/switchboard/server.conf ] || fail "remove deleted the config file (only purge may)"
as_root test -s /var/lib/switchboard/switchboard.sqlite3 || fail "remove deleted the data (only purge may)"
pass "remove: binaries and widget gone, config and data kept"
# The console and the widget have no config files, so remove took them completely; the
# server is left in dpkg's "config-files" state until purged.
[ "$(dpkg-query -W -f='${db:Status-Abbrev}' switchboard-server)" = "rc " ] \
  || fail "switchboard-server is not in the config-files state after remove"
as_root dpkg --purge switchboard-server >"$work/purge.log" 2>&1 \
  || { cat "$work/purge.log" >&2; fail "dpkg --purge switchboard-server"; }
for package in "${packages[@]}"; do
  known "$package" && fail "dpkg still knows $package after purge"
done
for path in /etc/switchboard /var/lib/switchboard /usr/share/switchboard "$wants" \
  /etc/systemd/system/switchboard-server.service \
  /usr/lib/systemd/system/switchboard-server.service \
  /usr/share/applications/io.switchboard.Switchboard.desktop \
  /usr/share/icons/hicolor/scalable/apps/io.switchboard.Switchboard.svg; do
  if [ -e "$path" ] || [ -L "$path" ]; then
    fail "$path is left after purge"
  fi
done
pass "purge: packages, config, data and unit gone"
echo "install test: all passed"
