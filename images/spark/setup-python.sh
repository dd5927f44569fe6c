#!/usr/bin/env bash
# The Python half of the Spark layer, at build time, as NB_UID (who owns the base's Python, conda
# upstream, a virtual environment offline):
#   setup-python.sh FOLDER   (FOLDER holds requirements-boto3.txt, pip-install.sh (images/airflow's,
#                             staged by the library) and maybe extra-ca.pem)
# 1. PySpark on sys.path of python3 for every process, not only for those docker-stacks' start.sh
#    starts (its before-notebook.d/10spark-config.sh sets PYTHONPATH; `docker exec python3`, a
#    kernel of a directly started `jupyter lab` and nbconvert skip it): a .pth file in python3's
#    site-packages names $SPARK_HOME/python and, where the base has it, the py4j zip beside it.
# 2. boto3, pinned, where the base lacks it (upstream), through pip-install.sh: pip trusts
#    extra-ca.pem when not empty, and a package it cannot get fails with one line naming it.
# 3. Fails the build unless pyspark (of $SPARK_HOME's version) and boto3 import.
set -euo pipefail

folder="$1"
: "${SPARK_HOME:?}"

site="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
{
  echo "${SPARK_HOME}/python"
  ls "${SPARK_HOME}"/python/lib/py4j-*-src.zip 2> /dev/null || true
} > "${site}/datalake-pyspark.pth"
echo "setup-python: ${site}/datalake-pyspark.pth puts $(paste -sd ' ' "${site}/datalake-pyspark.pth") on sys.path"

if ! python3 -c 'import boto3' 2> /dev/null; then
  bash "${folder}/pip-install.sh" pip images/spark/requirements-boto3.txt "${folder}/extra-ca.pem" \
    install --no-deps --only-binary :all: -r "${folder}/requirements-boto3.txt"
fi

python3 - <<'PY'
import os, pathlib, re
import boto3, pyspark
release = (pathlib.Path(os.environ["SPARK_HOME"]) / "RELEASE").read_text()
spark = re.search(r"Spark (\d+\.\d+\.\d+)", release).group(1)
if pyspark.__version__ != spark:
    raise SystemExit(f"datalake-build: error: pyspark {pyspark.__version__} in {pyspark.__file__} is not Spark {spark}")
print(f"setup-python: pyspark {pyspark.__version__} ({pyspark.__file__}), boto3 {boto3.__version__}")
PY
