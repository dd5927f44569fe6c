#!/usr/bin/env bash
# Entrypoint of the custom Spark image (both image sets), run under `tini -g`.
#
# 1. Writes $SPARK_HOME/conf/spark-defaults.conf: the base image's own lines
#    (spark-defaults.conf.base, saved at build time), then this block from the environment:
#      S3_ENDPOINT            S3A endpoint                        (default http://minio:9000)
#      AWS_ACCESS_KEY_ID,     S3A credentials (simple provider); both or neither
#      AWS_SECRET_ACCESS_KEY
#      AWS_REGION             S3A endpoint region                 (default us-east-1)
#      SPARK_MASTER_URL       spark.master, and the worker's master (default spark://spark-master:7077)
#      SPARK_REST_ENABLED     spark.master.rest.enabled, port 6066 (default true)
#      SPARK_EXTRA_CONF       extra "key value" lines, newline-separated, appended last; for
#                             spark.driver.extraJavaOptions and spark.executor.extraJavaOptions
#                             the value is ADDED to the base image's (upstream's
#                             -Dio.netty.tryReflectionSetAccessible=true, which Arrow needs)
# 2. Runs by SPARK_MODE:
#      master  Master on 7077 (UI 8080) as SPARK_MASTER_HOST (default spark-master);
#              with JUPYTER_ENABLED=true also Jupyter on 0.0.0.0:8888 (token JUPYTER_TOKEN,
#              required; root dir /home/jovyan/work); with SPARK_CONNECT_ENABLED=true
#              also the Spark Connect server on 15002, a long-lived application on this master
#              (driver memory SPARK_CONNECT_DRIVER_MEMORY, default 512m) that gives its executors
#              back when idle (dynamic allocation with shuffle tracking, idle timeout
#              SPARK_CONNECT_IDLE_TIMEOUT, default 60s; one executor from the start, at most
#              SPARK_CONNECT_MAX_EXECUTORS, default 1), so other applications get them. The
#              server itself starts without SPARK_REMOTE (spark-submit refuses a master beside it),
#              which the container may set for notebooks. Beside it the SQL gateway
#              (/opt/datalake/sql_gateway.py, asked with datalake-sql) on 127.0.0.1 only, port
#              DATALAKE_SQL_PORT (default 15003): a long-running Connect client that runs each
#              request in a new session, warmed up at start. All are
#              supervised: the first to exit stops the others and its exit code is the container's.
#      worker  Worker (UI 8081) as SPARK_WORKER_HOST (default: this container's IP) with
#              SPARK_WORKER_CORES (default 2) and SPARK_WORKER_MEMORY (default 1g). Waits up to
#              SPARK_MASTER_WAIT seconds (default 120) for the master's port first.
#    Daemon heap: SPARK_DAEMON_MEMORY; options SPARK_DAEMON_JAVA_OPTS plus SPARK_MASTER_OPTS or
#    SPARK_WORKER_OPTS, as Spark's launcher reads them. Master and worker start from the class-data
#    sharing archives made when the image was built (/opt/datalake/cds, make-cds.sh).
#    With arguments instead (docker run IMAGE spark-submit ...), writes the configuration and
#    runs them.
# Credentials and tokens are never printed.
set -euo pipefail

log() { echo "datalake-entrypoint: $*" >&2; }
die() { log "$*"; exit 2; }

: "${SPARK_HOME:=/usr/local/spark}"
export SPARK_HOME
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
SPARK_CLASS="${SPARK_HOME}/bin/spark-class"
MASTER_URL="${SPARK_MASTER_URL:-spark://spark-master:7077}"

# A value for a Java properties file (Spark reads spark-defaults.conf with java.util.Properties):
# backslashes escaped. Single-line values are checked by check_single_line first.
prop_value() {
  printf '%s' "${1//\\/\\\\}"
}

check_single_line() {
  local name
  for name in "$@"; do
    [[ "${!name:-}" != *$'\n'* ]] || die "$name must be a single line"
  done
}

# Keys whose SPARK_EXTRA_CONF value adds to the one before it instead of replacing it.
ADDITIVE_KEYS=" spark.driver.extraJavaOptions spark.executor.extraJavaOptions "

# The key of a properties line ("key value", "key=value" or "key: value").
conf_key() {
  local line="${1#"${1%%[![:space:]]*}"}"
  printf '%s' "${line%%[[:space:]=:]*}"
}

# The value of a properties line: after the key, blanks, one optional = or :, blanks.
conf_value() {
  local line="${1#"${1%%[![:space:]]*}"}" key rest
  key="${line%%[[:space:]=:]*}"
  rest="${line:${#key}}"
  rest="${rest#"${rest%%[![:space:]]*}"}"
  [[ "$rest" == [=:]* ]] && rest="${rest:1}"
  rest="${rest#"${rest%%[![:space:]]*}"}"
  printf '%s' "${rest%"${rest##*[![:space:]]}"}"
}

# The value of $1 in the properties file $2 (the last line with that key), empty when none.
file_value() {
  local key="$1" file="$2" line value=""
  [[ -f "$file" ]] || return 0
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%$'\r'}"
    [[ "$line" =~ ^[[:space:]]*([#!]|$) ]] && continue
    [[ "$(conf_key "$line")" == "$key" ]] && value="$(conf_value "$line")"
  done < "$file"
  printf '%s' "$value"
}

write_spark_defaults() {
  local conf_dir="${SPARK_CONF_DIR:-${SPARK_HOME}/conf}"
  local target="${conf_dir}/spark-defaults.conf" base="${conf_dir}/spark-defaults.conf.base"
  local endpoint="${S3_ENDPOINT:-http://minio:9000}" region="${AWS_REGION:-us-east-1}"
  local rest="${SPARK_REST_ENABLED:-true}" ssl=false extra_lines=0 line
  [[ -w "$conf_dir" ]] || die "$conf_dir is not writable by uid $(id -u)"
  check_single_line S3_ENDPOINT AWS_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY SPARK_MASTER_URL \
    SPARK_REST_ENABLED
  [[ "$endpoint" == https://* ]] && ssl=true

  local tmp
  tmp="$(mktemp "${conf_dir}/.spark-defaults.XXXXXX")"
  chmod 0600 "$tmp"
  {
    if [[ -f "$base" ]]; then
      cat "$base"
      echo
    fi
    echo "# ---- written by datalake-entrypoint.sh at container start; later lines win ----"
    echo "spark.master $(prop_value "$MASTER_URL")"
    echo "spark.master.rest.enabled $(prop_value "$rest")"
    echo "spark.master.rest.port 6066"
    echo "spark.hadoop.fs.s3a.impl org.apache.hadoop.fs.s3a.S3AFileSystem"
    echo "spark.hadoop.fs.s3a.endpoint $(prop_value "$endpoint")"
    echo "spark.hadoop.fs.s3a.endpoint.region $(prop_value "$region")"
    echo "spark.hadoop.fs.s3a.path.style.access true"
    echo "spark.hadoop.fs.s3a.connection.ssl.enabled $ssl"
    # deleting directory markers costs s3proxy's filesystem backend 10 s each (240 s vs 20 s, measured)
    echo "spark.hadoop.fs.s3a.directory.marker.retention keep"
    if [[ -n "${AWS_ACCESS_KEY_ID:-}" && -n "${AWS_SECRET_ACCESS_KEY:-}" ]]; then
      echo "spark.hadoop.fs.s3a.aws.credentials.provider org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"
      echo "spark.hadoop.fs.s3a.access.key $(prop_value "$AWS_ACCESS_KEY_ID")"
      echo "spark.hadoop.fs.s3a.secret.key $(prop_value "$AWS_SECRET_ACCESS_KEY")"
    elif [[ -n "${AWS_ACCESS_KEY_ID:-}${AWS_SECRET_ACCESS_KEY:-}" ]]; then
      die "set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither"
    fi
    echo "spark.sql.extensions io.delta.sql.DeltaSparkSessionExtension"
    echo "spark.sql.catalog.spark_catalog org.apache.spark.sql.delta.catalog.DeltaCatalog"
    if [[ -n "${SPARK_EXTRA_CONF:-}" ]]; then
      echo "# SPARK_EXTRA_CONF"
      local -A added=()
      local -a added_order=()
      local key value before
      while IFS= read -r line || [[ -n "$line" ]]; do
        line="${line%$'\r'}"
        [[ -z "${line//[[:space:]]/}" ]] && continue
        extra_lines=$((extra_lines + 1))
        key="$(conf_key "$line")"
        if [[ "$ADDITIVE_KEYS" == *" $key "* ]]; then
          value="$(conf_value "$line")"
          if [[ -v "added[$key]" ]]; then
            before="${added[$key]}"
          else
            before="$(file_value "$key" "$base")"
            added_order+=("$key")
          fi
          # the same options twice (a restart with the same settings) are kept once
          if [[ -z "$before" || " $before " == *" $value "* ]]; then
            added[$key]="${before:-$value}"
          else
            added[$key]="$before $value"
          fi
          continue
        fi
        echo "$line"
      done <<< "$SPARK_EXTRA_CONF"
      for key in "${added_order[@]}"; do
        echo "$key ${added[$key]}"
      done
    fi
  } > "$tmp"
  mv -f "$tmp" "$target"
  log "wrote $target (S3A endpoint $endpoint, region $region, master $MASTER_URL," \
      "REST $rest, $extra_lines line(s) from SPARK_EXTRA_CONF)"
}

# The Jupyter command of this image: Jupyter Server 2 in both sets, as JupyterLab (or the plain
# server where a base has no lab). The token comes from the environment (JUPYTER_TOKEN), so it is on
# no command line, and the server then logs it as "...".
jupyter_command() {
  local root_dir="$1"
  local -a cmd
  if command -v jupyter-lab > /dev/null 2>&1; then
    cmd=(jupyter lab)
  elif command -v jupyter-server > /dev/null 2>&1; then
    cmd=(jupyter server)
  else
    die "JUPYTER_ENABLED=true but this image has no jupyter-lab or jupyter-server"
  fi
  cmd+=(--ServerApp.root_dir="$root_dir" --no-browser --ip=0.0.0.0 --port=8888 --ServerApp.port_retries=0)
  if [[ "$(id -u)" == 0 ]]; then
    cmd+=(--allow-root)
  fi
  printf '%s\0' "${cmd[@]}"
}

# Runs the master and Jupyter side by side; the first to exit ends the container with its code.
CHILDREN=()
stop_children() {
  local sig="$1" pid
  for pid in "${CHILDREN[@]}"; do
    kill "-$sig" "$pid" 2> /dev/null || true
  done
}
wait_children_gone() {
  # up to $1 seconds for every child to exit, then SIGKILL
  local deadline=$((SECONDS + $1)) pid alive
  while :; do
    alive=0
    for pid in "${CHILDREN[@]}"; do
      kill -0 "$pid" 2> /dev/null && alive=1
    done
    ((alive)) || return 0
    ((SECONDS < deadline)) || break
    sleep 0.2
  done
  stop_children KILL
}

supervise() {
  local -a names=("$@")
  local first_pid code=0 i name="a process"
  TERMINATING=""
  # children started with & by a non-interactive shell ignore SIGINT: stop them with SIGTERM
  trap 'TERMINATING=TERM; stop_children TERM' TERM
  trap 'TERMINATING=INT; stop_children TERM' INT
  set +e
  while :; do
    first_pid=""
    wait -n -p first_pid "${CHILDREN[@]}"
    code=$?
    # (wait unsets first_pid when a trapped signal interrupts it)
    [[ -n "${first_pid:-}" ]] && break   # a child exited
    ((code == 127)) && break             # no child left
    # a trapped signal interrupted wait; the children were told to stop: wait for the first
  done
  set -e
  for i in "${!CHILDREN[@]}"; do
    [[ "${CHILDREN[$i]}" == "${first_pid:-}" ]] && name="${names[$i]}"
  done
  if [[ -n "$TERMINATING" ]]; then
    log "SIG$TERMINATING received: stopping"
  else
    log "$name exited with code $code: stopping the rest"
  fi
  stop_children TERM
  wait_children_gone 20
  wait 2> /dev/null || true
  if [[ -n "$TERMINATING" && "$code" == 0 ]]; then
    code=143
  fi
  exit "$code"
}

# The Spark Connect server: a client-mode application on this master, started once the master
# accepts connections. Its executors come and go with its load (dynamic allocation; shuffle
# tracking stands in for the external shuffle service standalone workers do not run here).
run_connect_server() {
  local memory="${SPARK_CONNECT_DRIVER_MEMORY:-512m}" idle="${SPARK_CONNECT_IDLE_TIMEOUT:-60s}"
  local max="${SPARK_CONNECT_MAX_EXECUTORS:-1}"
  wait_for_port "$1" 7077 "${SPARK_MASTER_WAIT:-120}" "the master"
  exec env -u SPARK_REMOTE "${SPARK_HOME}/bin/spark-submit" --master "spark://${1}:7077" --deploy-mode client \
    --class org.apache.spark.sql.connect.service.SparkConnectServer --name "Spark Connect server" \
    --driver-memory "$memory" \
    --conf spark.connect.grpc.binding.port=15002 \
    --conf spark.ui.port=4040 \
    --conf spark.ui.showConsoleProgress=false \
    --conf spark.dynamicAllocation.enabled=true \
    --conf spark.dynamicAllocation.shuffleTracking.enabled=true \
    --conf spark.dynamicAllocation.minExecutors=0 \
    --conf spark.dynamicAllocation.initialExecutors=1 \
    --conf "spark.dynamicAllocation.maxExecutors=$max" \
    --conf "spark.dynamicAllocation.executorIdleTimeout=$idle" \
    --conf "spark.dynamicAllocation.shuffleTracking.timeout=$idle" \
    --conf "spark.dynamicAllocation.cachedExecutorIdleTimeout=$idle" \
    spark-internal
}

# DAEMON_CMD: the java command of a Spark daemon, as Spark's launcher builds it (heap
# SPARK_DAEMON_MEMORY, SPARK_DAEMON_JAVA_OPTS and the daemon's own options; JDK_JAVA_OPTIONS opens
# the JDK), but with conf/ last on the classpath: a class-data sharing archive cannot be made or
# used with a non-empty directory before the jars ("Cannot have non-empty directory in paths").
# The daemon starts from CDS_DIR/<name>.jsa (made when the image was built, see make-cds.sh) when
# it is there; with DATALAKE_CDS_DUMP=true it writes that archive when it exits instead.
CDS_DIR="${DATALAKE_CDS_DIR:-/opt/datalake/cds}"
daemon_cmd() {
  local class="$1" name="$2" own_opts="$3" archive
  shift 3
  local -a opts=()
  read -ra opts <<< "${SPARK_DAEMON_JAVA_OPTS:-} ${own_opts}"
  archive="${CDS_DIR}/${name}.jsa"
  if [[ "${DATALAKE_CDS_DUMP:-false}" == true ]]; then
    opts+=("-XX:ArchiveClassesAtExit=${archive}")
  elif [[ -f "$archive" ]]; then
    # -Xshare:auto (the default): an archive that does not fit this JVM is skipped, not fatal
    opts+=("-XX:SharedArchiveFile=${archive}" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  DAEMON_CMD=("${JAVA_HOME:+${JAVA_HOME}/bin/}java" -cp "${SPARK_HOME}/jars/*:${SPARK_CONF_DIR:-${SPARK_HOME}/conf}/"
    "-Xmx${SPARK_DAEMON_MEMORY:-1g}" "${opts[@]}" "$class" "$@")
}

run_master() {
  local host="${SPARK_MASTER_HOST:-spark-master}"
  daemon_cmd org.apache.spark.deploy.master.Master master "${SPARK_MASTER_OPTS:-}" \
    --host "$host" --port 7077 --webui-port 8080
  local -a master_cmd=("${DAEMON_CMD[@]}")
  local jupyter="${JUPYTER_ENABLED:-false}" connect="${SPARK_CONNECT_ENABLED:-false}"
  if [[ "$jupyter" != true && "$connect" != true ]]; then
    log "starting the Spark master as $host:7077 (UI 8080)"
    exec "${master_cmd[@]}"
  fi

  local -a names=("Spark master")
  log "starting the Spark master as $host:7077 (UI 8080)"
  "${master_cmd[@]}" &
  CHILDREN+=($!)
  if [[ "$connect" == true ]]; then
    log "starting the Spark Connect server on 0.0.0.0:15002 once the master is up"
    run_connect_server "$host" &
    CHILDREN+=($!)
    names+=("Spark Connect server")
    log "starting the SQL gateway on 127.0.0.1:${DATALAKE_SQL_PORT:-15003} (a Spark Connect client)"
    python3 /opt/datalake/sql_gateway.py sc://localhost:15002 "${DATALAKE_SQL_PORT:-15003}" &
    CHILDREN+=($!)
    names+=("SQL gateway")
  fi
  if [[ "$jupyter" == true ]]; then
    [[ -n "${JUPYTER_TOKEN:-}" ]] || die "JUPYTER_ENABLED=true needs JUPYTER_TOKEN"
    export JUPYTER_TOKEN
    local root_dir=/home/jovyan/work
    mkdir -p "$root_dir"
    local -a jupyter_cmd=()
    local arg
    while IFS= read -r -d '' arg; do jupyter_cmd+=("$arg"); done < <(jupyter_command "$root_dir")
    ((${#jupyter_cmd[@]} > 0)) || exit 2
    log "starting ${jupyter_cmd[0]} ${jupyter_cmd[1]} on 0.0.0.0:8888 (root $root_dir)"
    (cd "$root_dir" && exec "${jupyter_cmd[@]}") &
    CHILDREN+=($!)
    names+=("Jupyter")
  fi
  supervise "${names[@]}"
}

# Waits up to $3 seconds for $1:$2 to accept connections ($4 names it in the log).
wait_for_port() {
  local host="$1" port="$2" wait="$3" what="$4" deadline
  deadline=$((SECONDS + wait))
  until (exec 3<> "/dev/tcp/$host/$port") 2> /dev/null; do
    if ((SECONDS >= deadline)); then
      log "$what $host:$port did not accept connections within ${wait}s: starting anyway"
      return 0
    fi
    sleep 0.2
  done
  log "$what $host:$port accepts connections"
}

# Workers start beside the master, not after it. A worker that finds no master backs off for 5 to
# 15 s between attempts: waiting for the port here makes it register within a second of the master.
wait_for_master() {
  local hostport="${MASTER_URL#spark://}"
  [[ "$hostport" =~ ^[^:,/]+:[0-9]+$ ]] || return 0   # HA or unusual URLs: let Spark deal with them
  wait_for_port "${hostport%%:*}" "${hostport##*:}" "${SPARK_MASTER_WAIT:-120}" "the master"
}

run_worker() {
  wait_for_master
  local host="${SPARK_WORKER_HOST:-}"
  if [[ -z "$host" ]]; then
    host="$(hostname -i | awk '{print $1}')"
  fi
  local cores="${SPARK_WORKER_CORES:-2}" memory="${SPARK_WORKER_MEMORY:-1g}"
  log "starting a Spark worker as $host ($cores cores, $memory) for $MASTER_URL (UI 8081)"
  daemon_cmd org.apache.spark.deploy.worker.Worker worker "${SPARK_WORKER_OPTS:-}" \
    --host "$host" --cores "$cores" --memory "$memory" --webui-port 8081 "$MASTER_URL"
  exec "${DAEMON_CMD[@]}"
}

main() {
  [[ -x "$SPARK_CLASS" ]] || die "no $SPARK_CLASS: is SPARK_HOME ($SPARK_HOME) right?"
  if (($# == 0)); then
    case "${SPARK_MODE:-}" in
      master | worker) ;;
      "") die "SPARK_MODE is not set: use SPARK_MODE=master or SPARK_MODE=worker (or pass a command)" ;;
      *) die "unknown SPARK_MODE '${SPARK_MODE}': use master or worker" ;;
    esac
  fi
  write_spark_defaults
  if (($# > 0)); then
    exec "$@"
  fi
  case "$SPARK_MODE" in
    master) run_master ;;
    worker) run_worker ;;
  esac
}

main "$@"
