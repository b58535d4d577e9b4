#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests of the shared registry.
#   scripts/pg-cluster.sh start DIR   initdb + start; prints the connection settings
#   scripts/pg-cluster.sh stop DIR    stop and remove
# The server runs as an unprivileged user: the current one, or (when run as root)
# the `postgres` account the Debian package creates. Password authentication
# (scram-sha-256) for a user `kps` whose password is written to DIR/password (0600).
set -euo pipefail

action="${1:?usage: pg-cluster.sh start|stop DIR}"
dir="${2:?usage: pg-cluster.sh start|stop DIR}"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
port="${KPS_PG_PORT:-55432}"

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    mkdir -p "$dir"
    local password
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    (umask 077 && printf '%s\n' "$password" > "$dir/password")
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -A scram-sha-256 -U kps --pwfile="$dir/password" >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off" start >/dev/null
    PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U kps kps
    # The same password for libpq's passfile option (pgpass format, 0600, owned by the
    # user who runs the tests): what a station's store.passwordFile names.
    (umask 077 && printf '127.0.0.1:%s:*:kps:%s\n' "$port" "$password" > "$dir/pgpass")
    chown "$(id -u):$(id -g)" "$dir/pgpass"
    echo "host=127.0.0.1 port=$port user=kps dbname=kps passfile=$dir/pgpass"
}

stop() {
    if [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
}

case "$action" in
start) start ;;
stop) stop ;;
*) echo "usage: pg-cluster.sh start|stop DIR" >&2; exit 1 ;;
esac
