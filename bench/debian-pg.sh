#!/usr/bin/env bash
# A throw-away PostgreSQL server from the machine's Debian packages, durable (fsync and synchronous_commit on):
#   bench/debian-pg.sh start DIR PORT [--no-stat-statements]   initdb into DIR, start on localhost:PORT, print its URL
#   bench/debian-pg.sh stop DIR                                  stop it (DIR is left for rm -rf)
# Binaries from PG_BIN, else /usr/lib/postgresql/15/bin, else the newest /usr/lib/postgresql/*/bin. User postgres,
# password postgres (scram-sha-256 over TCP). As root the server runs as the system user postgres, which initdb
# requires. Used by bench/run.sh --debian-pg; by hand: bench/run.sh --pg-url "$(bench/debian-pg.sh start DIR PORT)".
set -euo pipefail

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
  bin=/usr/lib/postgresql/15/bin
  [ -x "$bin/initdb" ] || bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)
fi
[ -x "$bin/initdb" ] || { echo "no PostgreSQL server binaries (apt-get install postgresql-15, or set PG_BIN)" >&2; exit 1; }

as_owner() { # runs a command as the data directory's owner: postgres when started by root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$2 port=$3 preload=pg_stat_statements
    [ "${4:-}" != --no-stat-statements ] || preload=
    mkdir -p "$dir"
    [ "$(id -u)" != 0 ] || chown postgres: "$dir"
    as_owner test -w "$dir" || { echo "$dir: not writable by $(as_owner id -un) (are its parents searchable?)" >&2; exit 1; }
    as_owner sh -c "echo postgres > '$dir/pwfile'"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync and synchronous_commit are on by default; stated here so that the run's header can show them
    as_owner tee -a "$dir/data/postgresql.conf" > /dev/null <<EOF
port = $port
listen_addresses = 'localhost'
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 300
shared_preload_libraries = '$preload'
pg_stat_statements.max = 10000
EOF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 start > /dev/null \
      || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres:postgres@localhost:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$2/data" -m fast -w -t 60 stop > /dev/null
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
