#!/usr/bin/env bash
# Start a throwaway PostgreSQL on 127.0.0.1 for tests, run a command with DATABASE_URL
# pointing at it, then stop it:   scripts/postgres.sh run COMMAND...
set -euo pipefail
PORT=${PGTEST_PORT:-54329}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL is not installed (Debian package: postgresql)." >&2
  exit 1
fi
DATA=$(mktemp -d /tmp/selfhelphub-pg.XXXXXX)
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
chmod 700 "$DATA"
stop() {
  as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap stop EXIT
# Trust authentication is acceptable only because this cluster listens on loopback and is
# deleted when the command ends.
as_owner "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA -c fsync=off" start >/dev/null
as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres selfhelphub
shift  # "run"
DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/selfhelphub" "$@"
