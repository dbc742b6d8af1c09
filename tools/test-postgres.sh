#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL tests, listening on 127.0.0.1 and a free
# port, so it never meets a PostgreSQL the machine already runs.
#   tools/test-postgres.sh start DIR   prints postgresql://USER:PASS@127.0.0.1:PORT/DB
#   tools/test-postgres.sh stop DIR    stops it and deletes DIR
# As root it runs the server as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
command=${1:-}
dir=${2:-}
if [ -z "$command" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "$0: PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(runuser -u postgres --)
fi

case "$command" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # fsync off: a test cluster is thrown away, so durability of the machine is not at stake.
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  "${as_owner[@]}" "$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt \
    -v ON_ERROR_STOP=1 -c "CREATE ROLE switchboard_test LOGIN CREATEDB PASSWORD '$password'" \
    -c "CREATE DATABASE switchboard_test OWNER switchboard_test" >/dev/null
  echo "postgresql://switchboard_test:$password@127.0.0.1:$port/switchboard_test"
  ;;
stop)
  if [ -d "$dir/data" ]; then
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
