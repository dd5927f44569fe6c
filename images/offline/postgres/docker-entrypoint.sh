#!/usr/bin/env bash
# The offline PostgreSQL image's entrypoint, with the behaviour of the official image's
# docker-entrypoint.sh that the library relies on: on an empty PGDATA, initdb with
# POSTGRES_USER / POSTGRES_PASSWORD, scram-sha-256 for TCP clients, POSTGRES_DB created; then
# `postgres` listening on every address. The password goes to initdb through a private file,
# never the command line or the log.
set -euo pipefail

die() { echo "postgres-entrypoint: $*" >&2; exit 1; }

if [[ "${1:-}" != postgres ]]; then
  exec "$@"
fi

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  [[ -n "${POSTGRES_PASSWORD:-}" ]] || die "POSTGRES_PASSWORD must be set (the database would be open to anyone)"
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --no-instructions ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [[ "$POSTGRES_DB" != postgres ]]; then
    # single-user mode: no server listens before the database exists
    echo "CREATE DATABASE \"${POSTGRES_DB//\"/\"\"}\";" | postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "postgres-entrypoint: initialised $PGDATA for user $POSTGRES_USER, database $POSTGRES_DB"
fi

shift
exec postgres -c listen_addresses='*' "$@"
