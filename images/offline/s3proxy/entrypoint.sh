#!/bin/bash
# Writes s3proxy's properties from the environment and runs it in the foreground (under tini).
#   S3PROXY_IDENTITY, S3PROXY_CREDENTIAL  access key / secret key (required)
#   S3PROXY_BACKEND                       transient (in memory, default) | filesystem (/data)
#                                         (jclouds' stores; see provider_for)
#   JAVA_OPTS                             JVM options (default in the image: small heap)
#   LOG_LEVEL                             s3proxy's log level (default info)
# Listens on 0.0.0.0:9000, path-style only, AWS signature v2 or v4.
# The credential goes to a file readable only by this user and is never logged.
# `s3proxy-entrypoint.sh --self-test` (run at build time) starts the server on the staged jars,
# checks that it answers S3 requests, and stops it: a broken jar set fails the build.
set -euo pipefail

die() { echo "s3proxy-entrypoint: $*" >&2; exit 2; }

MAIN_CLASS=org.gaul.s3proxy.Main
JAVA_CMD=(java)
# JAVA_OPTS is a list of options: split on whitespace on purpose
# shellcheck disable=SC2206
JAVA_CMD+=(${JAVA_OPTS:-} -Dlogback.configurationFile=/opt/s3proxy/logback.xml -cp '/opt/s3proxy/lib/*' "$MAIN_CLASS")

# The jclouds provider for a backend name. s3proxy 3.x renamed them: there "transient" and
# "filesystem" mean its nio2 stores, whose multi-object delete fails on the directory markers S3A
# deletes (DirectoryNotEmptyException, a 500 that S3A retries for ever: a Spark write never
# commits); the jclouds stores that work are "transient-jclouds" / "filesystem-jclouds" there.
# Explicit provider names are taken as they are.
provider_for() {
  local backend="$1" jar version major suffix=""
  jar="$(compgen -G '/opt/s3proxy/lib/s3proxy-*.jar' | head -n 1 || true)"
  version="${jar##*/s3proxy-}"
  major="${version%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 3)); then
    suffix="-jclouds"
  fi
  case "$backend" in
    transient | filesystem) echo "${backend}${suffix}" ;;
    transient-nio2 | filesystem-nio2 | transient-jclouds | filesystem-jclouds) echo "$backend" ;;
    *) die "S3PROXY_BACKEND must be 'transient' or 'filesystem', not '$backend'" ;;
  esac
}

# write_properties FILE IDENTITY CREDENTIAL BACKEND
write_properties() {
  local file="$1" identity="$2" credential="$3" backend="$4" provider backend_lines
  provider="$(provider_for "$backend")" || exit 2
  backend_lines="jclouds.provider=$provider"
  if [[ "$provider" == filesystem* ]]; then
    backend_lines+=$'\njclouds.filesystem.basedir=/data'
    mkdir -p /data
  fi
  # Java properties treat '\' as an escape: double it so any secret survives verbatim
  local esc_identity="${identity//\\/\\\\}" esc_credential="${credential//\\/\\\\}"
  (
    umask 077
    {
      echo "s3proxy.endpoint=http://0.0.0.0:9000"
      echo "s3proxy.authorization=aws-v2-or-v4"
      echo "s3proxy.identity=$esc_identity"
      echo "s3proxy.credential=$esc_credential"
      # no s3proxy.virtual-host: path-style requests only
      # the local backends ignore jclouds credentials: placeholders, as in s3proxy's README
      echo "jclouds.identity=local-identity"
      echo "jclouds.credential=local-credential"
      echo "$backend_lines"
    } > "$file"
  )
}

conf_file() {
  local dir="${S3PROXY_CONF_DIR:-/opt/s3proxy/conf}"
  # run as another uid (docker run --user): fall back to a private temp dir
  if ! { mkdir -p "$dir" && [[ -w "$dir" ]]; } 2>/dev/null; then
    dir="$(mktemp -d)"
  fi
  echo "$dir/s3proxy.properties"
}

self_test() {
  local dir props pid answer=""
  dir="$(mktemp -d)"
  props="$dir/s3proxy.properties"
  write_properties "$props" "self-test" "self-test-$RANDOM$RANDOM" transient
  "${JAVA_CMD[@]}" --properties "$props" > "$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$dir/log" >&2
      die "self-test: s3proxy exited before listening (see above)"
    fi
    if answer="$( { exec 3<>/dev/tcp/127.0.0.1/9000 \
        && printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && timeout 10 cat <&3; } 2>/dev/null)" \
        && [[ -n "$answer" ]]; then
      break
    fi
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ "$answer" != *AccessDenied* ]]; then
    cat "$dir/log" >&2
    printf '%s\n' "$answer" >&2
    die "self-test: s3proxy did not answer an anonymous GET / with AccessDenied"
  fi
  rm -rf "$dir"
  echo "s3proxy-entrypoint: self-test passed (anonymous GET / -> ${answer%%$'\r'*})"
}

if [[ "${1:-}" == "--self-test" ]]; then
  self_test
  exit 0
fi

[[ -n "${S3PROXY_IDENTITY:-}" ]] || die "S3PROXY_IDENTITY (the access key) is required"
[[ -n "${S3PROXY_CREDENTIAL:-}" ]] || die "S3PROXY_CREDENTIAL (the secret key) is required"
backend="${S3PROXY_BACKEND:-transient}"
props="$(conf_file)"
write_properties "$props" "$S3PROXY_IDENTITY" "$S3PROXY_CREDENTIAL" "$backend"

echo "s3proxy-entrypoint: backend $backend ($(provider_for "$backend")), listening on 0.0.0.0:9000 (path-style, aws-v2-or-v4)"
exec "${JAVA_CMD[@]}" --properties "$props"
