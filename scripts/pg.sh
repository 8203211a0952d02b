#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback for the storage tests (Debian's `postgresql` package).
#
#   url=$(bash scripts/pg.sh start DIR)   # installs postgresql with apt when missing (as root), starts a server
#                                         # with its data in DIR on a free port, prints its SQLAlchemy URL
#   bash scripts/pg.sh stop DIR           # stops that server and removes DIR
#
# The server refuses to run as root, so as root it runs as the `postgres` user from a folder that user owns.
set -euo pipefail
cmd="${1:-}"
dir="${2:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

pgbin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

case "$cmd" in
start)
    if [ -z "$(pgbin)" ]; then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "==> installing Debian postgresql (needed by the storage tests)" >&2
            apt-get update -q >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
        else
            echo "error: PostgreSQL is not installed and we are not root: sudo apt-get install -y postgresql" >&2
            exit 1
        fi
    fi
    bin="$(pgbin)"
    mkdir -p "$dir"
    chmod 755 "$dir"  # the postgres user must reach it (give a folder directly under /tmp, as mktemp -d does)
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_owner "$bin/initdb -D '$dir/data' -A trust -U postgres" >/dev/null
    as_owner "$bin/pg_ctl -D '$dir/data' -o \"-k '$dir' -p $port -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off\" -l '$dir/server.log' -w start" >&2
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    bin="$(pgbin)"
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl -D '$dir/data' -m fast -w stop" >&2 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
