#!/usr/bin/env bash
# The offline MongoDB image's entrypoint: FerretDB on SQLite (/data/db) on 0.0.0.0:27017, with the
# mongo image's environment contract. With MONGO_INITDB_ROOT_USERNAME and _PASSWORD set, FerretDB's
# SCRAM authentication (still flagged experimental in 1.24) is turned on and the user is made in
# the admin database; without them the server is open, as the mongo image is then.
# Other FERRETDB_* variables pass through (e.g. FERRETDB_LOG_LEVEL).
set -euo pipefail

if [[ "${1:-}" != ferretdb ]]; then
  exec "$@"
fi
shift

export FERRETDB_HANDLER=sqlite
export FERRETDB_SQLITE_URL="file:/data/db/"
export FERRETDB_STATE_DIR=/var/lib/ferretdb
export FERRETDB_LISTEN_ADDR="${FERRETDB_LISTEN_ADDR:-0.0.0.0:27017}"
export FERRETDB_TELEMETRY=disable
export FERRETDB_DEBUG_ADDR="${FERRETDB_DEBUG_ADDR:-127.0.0.1:8088}"

if [[ -n "${MONGO_INITDB_ROOT_USERNAME:-}" || -n "${MONGO_INITDB_ROOT_PASSWORD:-}" ]]; then
  if [[ -z "${MONGO_INITDB_ROOT_USERNAME:-}" || -z "${MONGO_INITDB_ROOT_PASSWORD:-}" ]]; then
    echo "mongo-entrypoint: set both MONGO_INITDB_ROOT_USERNAME and MONGO_INITDB_ROOT_PASSWORD, or neither" >&2
    exit 1
  fi
  export FERRETDB_TEST_ENABLE_NEW_AUTH=true
  export FERRETDB_SETUP_DATABASE=admin
  export FERRETDB_SETUP_USERNAME="$MONGO_INITDB_ROOT_USERNAME"
  export FERRETDB_SETUP_PASSWORD="$MONGO_INITDB_ROOT_PASSWORD"
  unset MONGO_INITDB_ROOT_PASSWORD
fi

exec ferretdb "$@"
