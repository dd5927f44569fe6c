#!/usr/bin/env bash
# pip for every image the library builds (the Airflow and Spark images stage this one file), at
# build time:
#   pip-install.sh PIP PINS CA_BUNDLE [install|download] PIP_ARGS...
# runs `PIP install PIP_ARGS...` (or download), trusting CA_BUNDLE when it is not empty (builds behind a
# TLS-inspecting proxy). When pip fails, its last lines go to the build log and ONE line that
# starts with "datalake-build: error:" names the package it could not get and PINS, the file that
# pins it (the library puts that line first in its exception).
set -euo pipefail

pip="$1" pins="$2" ca_bundle="$3"
shift 3
command=install
if [[ "${1:-}" == install || "${1:-}" == download ]]; then
  command="$1"
  shift
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_NO_INPUT=1 PIP_PROGRESS_BAR=off
if [[ -s "$ca_bundle" ]]; then
  export PIP_CERT="$ca_bundle"
  echo "pip-install: pip trusts the extra CA bundle of this build"
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if "$pip" "$command" "$@" > "$log" 2>&1; then
  grep -E '^(Successfully|Saved)' "$log" || true
  exit 0
fi
tail -n 15 "$log"
what="$(grep -oE '(No matching distribution found for|satisfies the requirement) [^ ]+' "$log" \
  | tail -1 | awk '{print $NF}' || true)"
[[ -n "$what" ]] || what="$(grep -oE '^Collecting [^ ]+' "$log" | tail -1 | awk '{print $2}' || true)"
hint=""
if grep -qiE 'SSL|certificate' "$log"; then
  hint=" pip reported a TLS error: behind a TLS-inspecting proxy hand the build its CA bundle"
  hint+=" (system property datalake.build.caBundle, or DATALAKE_BUILD_CA_BUNDLE, or SSL_CERT_FILE)."
fi
echo "datalake-build: error: pip could not ${command} ${what:-a package} (pinned in $pins) from PyPI." \
  "Check that this machine reaches PyPI and that the version is still served, then build again.${hint}"
exit 1
