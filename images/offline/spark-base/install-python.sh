#!/usr/bin/env bash
# Installs the pinned Python stack of the offline Spark base, once, at build time, as root:
#   install-python.sh REQUIREMENTS [CA_BUNDLE]
# - a virtual environment in $VIRTUAL_ENV on Debian's python3 (PEP 668 keeps pip out of Debian's
#   own site-packages), owned by NB_UID as upstream's conda directory is;
# - every package of REQUIREMENTS but pyspark as wheels, without resolution (the file pins all of
#   them), then `pip check`;
# - pyspark: the python sources of its sdist unpacked into $SPARK_HOME/python, upstream's layout.
#   PySpark then starts $SPARK_HOME/bin/spark-submit with $SPARK_HOME/jars: no second copy of the jars;
# - pip runs through pip-install.sh beside this script (images/airflow's, staged by the library):
#   it trusts CA_BUNDLE when that is not empty (builds behind a TLS-inspecting proxy), and a
#   package that cannot be downloaded fails the build with ONE line that starts with
#   "datalake-build: error:" and names it; the library puts that line first in its exception.
set -euo pipefail

requirements="$1"
ca_bundle="${2:-}"
: "${VIRTUAL_ENV:?}" "${SPARK_HOME:?}" "${NB_UID:?}" "${NB_GID:?}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pins="images/offline/spark-base/$(basename "$requirements")"

# pip through the library's wrapper: a package it cannot get fails with one line naming it
pip_pinned() {
  bash "$(dirname "$0")/pip-install.sh" "$VIRTUAL_ENV/bin/pip" "$pins" "$ca_bundle" "$@"
}

python3 -m venv "$VIRTUAL_ENV"

grep -vE '^pyspark==' "$requirements" > "$work/wheels.txt"
pip_pinned install --no-deps --only-binary :all: -r "$work/wheels.txt"
"$VIRTUAL_ENV/bin/python" -m pip check

spark_version="$(grep -E '^pyspark==' "$requirements" | cut -d= -f3)"
[[ -n "$spark_version" ]] || { echo "datalake-build: error: $pins pins no pyspark==<version>"; exit 1; }
# the sdist's metadata step runs its setup.py with the setuptools pinned above: nothing unpinned
pip_pinned download --no-deps --no-binary :all: --no-build-isolation -d "$work" "pyspark==$spark_version"
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
