#!/usr/bin/env bash
# Entrypoint of the offline Airflow base, with the behaviour of the apache/airflow image's
# entrypoint that the library relies on (scripts/docker/entrypoint_prod.sh upstream):
#   - any uid may run the image as long as its group is 0; a uid missing from /etc/passwd gets an
#     entry (the file is group-writable) with HOME=/home/airflow
#   - umask 0002, so that what one uid creates stays writable for another with group 0
#   - CONNECTION_CHECK_MAX_COUNT > 0 (default 20): waits for `airflow db check` first
#   - `bash ...` and `python ...` are exec'd as they are; anything else runs as `airflow ...`
#     (a leading `airflow` is accepted too)
set -euo pipefail

log() { echo "airflow-entrypoint: $*" >&2; }

# Airflow's own pip runs (e.g. PythonVirtualenvOperator) must not install with --user
unset PIP_USER

if [[ "$(id -g)" != 0 ]]; then
  if [[ "$(id -u)" == 50000 ]]; then
    log "WARNING: run the image with group 0 (started with uid $(id -u), gid $(id -g))"
  else
    log "ERROR: run the image with group 0 (started with uid $(id -u), gid $(id -g)):" \
        "the image's files are writable for group 0 only"
    exit 1
  fi
fi

umask 0002

if ! whoami > /dev/null 2>&1; then
  if [[ -w /etc/passwd ]]; then
    echo "default:x:$(id -u):0:default user:${AIRFLOW_USER_HOME_DIR}:/sbin/nologin" >> /etc/passwd
  fi
  export HOME="${AIRFLOW_USER_HOME_DIR}"
fi

: "${CONNECTION_CHECK_MAX_COUNT:=20}"
: "${CONNECTION_CHECK_SLEEP_TIME:=3}"
if ((CONNECTION_CHECK_MAX_COUNT > 0)); then
  attempt=1
  until last="$(airflow db check 2>&1)"; do
    if ((attempt >= CONNECTION_CHECK_MAX_COUNT)); then
      log "the metadata database did not answer after $attempt attempts:"
      printf '%s\n' "$last" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep "$CONNECTION_CHECK_SLEEP_TIME"
  done
fi

case "${1:-}" in
  bash) shift; exec /bin/bash "$@" ;;
  python) shift; exec python "$@" ;;
  airflow) shift ;;
esac
exec airflow "$@"
