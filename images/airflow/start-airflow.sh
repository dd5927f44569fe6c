#!/usr/bin/env bash
# What the library's Airflow container runs (bash start-airflow.sh, through the base image's
# entrypoint), for both Airflow versions of the image (its $AIRFLOW_VERSION):
#   2.x: the scheduler and the webserver, an admin user made with `airflow users create`
#   3.x: the API server, the scheduler, the DAG processor and the triggerer; the admin is a user of
#        the simple auth manager (AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS names it and its role),
#        whose password this script writes to the manager's password file
# First it migrates the metadata database. It exits as soon as any of the processes does, with its
# status, stopping the others.
# Environment: DATALAKE_AIRFLOW_ADMIN_USERNAME, DATALAKE_AIRFLOW_ADMIN_PASSWORD (never printed; not
# left in the environment of the processes, so tasks never see it); AIRFLOW_PORT (default 8080);
# on 3.x AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE (default
# $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated, Airflow's own default).
set -euo pipefail

log() { echo "airflow-start: $*" >&2; }

: "${DATALAKE_AIRFLOW_ADMIN_USERNAME:?the admin's username}"
: "${DATALAKE_AIRFLOW_ADMIN_PASSWORD:?the admin's password}"
port="${AIRFLOW_PORT:-8080}"
major="${AIRFLOW_VERSION%%.*}"

airflow db migrate

if [[ "$major" == 2 ]]; then
  if ! created="$(airflow users create --role Admin \
      --username "$DATALAKE_AIRFLOW_ADMIN_USERNAME" --password "$DATALAKE_AIRFLOW_ADMIN_PASSWORD" \
      --firstname Data --lastname Lake --email "$DATALAKE_AIRFLOW_ADMIN_USERNAME@datalake.invalid" 2>&1)"; then
    case "$created" in
      *'already exist'*) ;;
      *) printf '%s\n' "$created" >&2; log "could not create the admin user"; exit 1 ;;
    esac
  fi
  printf '%s\n' "$created"
  commands=("airflow scheduler" "airflow webserver --port $port")
else
  # the simple auth manager takes a password from this file for each configured user it names;
  # users it does not find there get a generated one, printed to the log
  passwords="${AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE:-${AIRFLOW_HOME:-/opt/airflow}/simple_auth_manager_passwords.json.generated}"
  (umask 077 && python3 -c 'import json, os, sys
with open(sys.argv[1], "w") as out:
    json.dump({os.environ["DATALAKE_AIRFLOW_ADMIN_USERNAME"]: os.environ["DATALAKE_AIRFLOW_ADMIN_PASSWORD"]}, out)
    out.write("\n")' "$passwords")
  log "admin user '$DATALAKE_AIRFLOW_ADMIN_USERNAME' written to the simple auth manager's password file"
  # the API server reads task logs from the files here: no log-serving process beside the
  # scheduler and the triggerer (each would be one more Python process)
  commands=("airflow api-server --port $port" "airflow scheduler --skip-serve-logs" "airflow dag-processor"
    "airflow triggerer --skip-serve-logs")
fi
unset DATALAKE_AIRFLOW_ADMIN_PASSWORD

pids=()
for command in "${commands[@]}"; do
  # word splitting is intended: each entry is a command and its plain arguments
  $command &
  pids+=("$!")
done
trap 'kill -TERM "${pids[@]}" 2>/dev/null || true' TERM INT
status=0
wait -n || status=$?
log "one of: ${commands[*]} exited (status $status); stopping"
kill -TERM "${pids[@]}" 2>/dev/null || true
wait || true
exit "$status"
