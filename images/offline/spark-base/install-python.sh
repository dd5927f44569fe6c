#!/usr/bin/env bash
# Installs the pinned Python stack of the offline Spark base, once, at build time, as root:
#   install-python.sh REQUIREMENTS [CA_BUNDLE]
# - a virtual environment in $VIRTUAL_ENV on Debian's python3 (PEP 668 keeps pip out of Debian's
#   own site-packages), owned by NB_UID as upstream's conda directory is;
# - every package of REQUIREMENTS but pyspark as wheels, without resolution (the file pins all of
#   them), then `pip check`;
# - pyspark: the python sources of its sdist unpacked into $SPARK_HOME/python, upstream's layout.
#   PySpark then starts $SPARK_HOME/bin/spark-submit with $SPARK_HOME/jars: no second copy of the jars;
# - CA_BUNDLE: trusted by pip when it is not empty (builds behind a TLS-inspecting proxy).
# A package that cannot be downloaded fails the build with ONE line that starts with
# "datalake-build: error:" and names it; the library puts that line first in its exception.
set -euo pipefail

requirements="$1"
ca_bundle="${2:-}"
: "${VIRTUAL_ENV:?}" "${SPARK_HOME:?}" "${NB_UID:?}" "${NB_GID:?}"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_NO_INPUT=1 PIP_PROGRESS_BAR=off
if [[ -s "$ca_bundle" ]]; then
  export PIP_CERT="$ca_bundle"
  echo "install-python: pip trusts the extra CA bundle of this build"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pins="images/offline/spark-base/$(basename "$requirements")"

# One line that names the package pip was fetching, from pip's log ($1), then exit 1.
fail() {
  local log="$1" what hint=""
  what="$(grep -oE '(No matching distribution found for|satisfies the requirement) [^ ]+' "$log" \
    | tail -1 | awk '{print $NF}' || true)"
  if [[ -z "$what" ]]; then
    what="$(grep -oE '^Collecting [^ ]+' "$log" | tail -1 | awk '{print $2}' || true)"
  fi
  if grep -qiE 'SSL|certificate' "$log"; then
    hint=" pip reported a TLS error: behind a TLS-inspecting proxy hand the build its CA bundle"
    hint+=" (system property datalake.build.caBundle, or DATALAKE_BUILD_CA_BUNDLE, or SSL_CERT_FILE)."
  fi
  echo "datalake-build: error: pip could not download ${what:-a package} (pinned in $pins) from PyPI." \
    "Check that this machine reaches PyPI and that the version is still served, then build again.${hint}"
  exit 1
}

# pip's own output goes to the build log; only its last lines matter when it fails
pip_logged() {
  local log="$work/pip.log"
  if ! "$VIRTUAL_ENV/bin/python" -m pip "$@" > "$log" 2>&1; then
    tail -n 15 "$log"
    fail "$log"
  fi
  grep -E '^(Successfully|Saved)' "$log" || true
}

python3 -m venv "$VIRTUAL_ENV"

grep -vE '^pyspark==' "$requirements" > "$work/wheels.txt"
pip_logged install --no-deps --only-binary :all: -r "$work/wheels.txt"
"$VIRTUAL_ENV/bin/python" -m pip check

spark_version="$(grep -E '^pyspark==' "$requirements" | cut -d= -f3)"
[[ -n "$spark_version" ]] || { echo "datalake-build: error: $pins pins no pyspark==<version>"; exit 1; }
# the sdist's metadata step runs its setup.py with the setuptools pinned above: nothing unpinned
pip_logged download --no-deps --no-binary :all: --no-build-isolation -d "$work" "pyspark==$spark_version"
tar -xzf "$work/pyspark-$spark_version.tar.gz" -C "$work" "pyspark-$spark_version/pyspark"
mkdir -p "$SPARK_HOME/python"
rm -rf "$SPARK_HOME/python/pyspark"
mv "$work/pyspark-$spark_version/pyspark" "$SPARK_HOME/python/pyspark"
"$VIRTUAL_ENV/bin/python" -m compileall -q "$SPARK_HOME/python/pyspark" > /dev/null
found="$(PYTHONPATH="$SPARK_HOME/python" "$VIRTUAL_ENV/bin/python" -c 'import pyspark; print(pyspark.__version__)')"
[[ "$found" == "$spark_version" ]] \
  || { echo "datalake-build: error: unpacked pyspark is $found, expected $spark_version"; exit 1; }

chown -R "$NB_UID:$NB_GID" "$VIRTUAL_ENV"
echo "install-python: $(grep -cE "^[A-Za-z0-9]" "$work/wheels.txt") pinned packages installed into $VIRTUAL_ENV," \
  "pyspark $spark_version in $SPARK_HOME/python"
