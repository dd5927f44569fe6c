#!/usr/bin/env python3
"""The Python contract of the Spark image and of the Airflow image, the same for both image sets.

Run in a container of the image (the library's tests run it with `docker exec`, as the image's
user): python3 /opt/datalake/check_python_contract.py [--airflow]
Prints one line per check ("ok" or "FAIL", the check, what it found) and exits 1 when any check
fails. Secrets are never printed, only whether they are set. With --airflow (the Airflow image,
where drivers of SparkSubmitOperator run) Jupyter and the notebook libraries are not asked for.
Both modes check that the Python that Spark starts for Python workers (spark.pyspark.python /
PYSPARK_PYTHON, default python3) is this Python's minor version and print it on a line
"spark python X.Y": drivers and executors must run the same one, which the library's tests
compare across the containers.
"""
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

NOTEBOOK_ENV = ("SPARK_MASTER", "S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION")
SECRET_ENV = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
MODULES = ("boto3", "pandas", "pyarrow")
AIRFLOW_MODULES = ("boto3",)
# the notebook libraries of the sources beside the lake (import name, distribution)
SOURCE_MODULES = (("psycopg2", "psycopg2-binary"), ("kafka", "kafka-python"), ("pymongo", "pymongo"),
                  ("dotenv", "python-dotenv"))
# the Airflow image has the sources' clients, not the notebook's helpers
AIRFLOW_SOURCE_MODULES = SOURCE_MODULES[:3]

results = []


def check(name, ok, detail):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)


def attempt(name, probe):
    """Runs probe() -> (ok, detail); an exception is a failure that names it."""
    try:
        ok, detail = probe()
    except Exception as e:  # noqa: BLE001 - every failure becomes one line
        ok, detail = False, f"{type(e).__name__}: {e}"
    check(name, ok, detail)


def spark_version():
    """The image's Spark version: $SPARK_HOME/RELEASE, else spark-submit --version."""
    release = Path(os.environ.get("SPARK_HOME", "/nonexistent")) / "RELEASE"
    if release.is_file():
        match = re.search(r"Spark (\d+\.\d+\.\d+)", release.read_text())
        if match:
            return match.group(1), str(release)
    out = subprocess.run(["spark-submit", "--version"], capture_output=True, text=True, timeout=120)
    match = re.search(r"version (\d+\.\d+\.\d+)", out.stdout + out.stderr)
    if not match:
        raise RuntimeError("neither $SPARK_HOME/RELEASE nor spark-submit --version names a Spark version")
    return match.group(1), "spark-submit --version"


def spark_home():
    home = os.environ.get("SPARK_HOME")
    if not home:
        return False, "not set"
    return Path(home).is_dir(), home


def spark_submit():
    path = shutil.which("spark-submit")
    return path is not None, path or f"not on PATH ({os.environ.get('PATH', '')})"


def pyspark_version():
    import pyspark

    expected, source = spark_version()
    return pyspark.__version__ == expected, (
        f"pyspark {pyspark.__version__} from {Path(pyspark.__file__).parent}; Spark {expected} ({source})")


def module(name):
    def probe():
        m = importlib.import_module(name)
        return True, f"{name} {getattr(m, '__version__', '?')}"

    return probe


def distribution(name, dist):
    def probe():
        from importlib.metadata import version

        importlib.import_module(name)
        return True, f"{dist} {version(dist)}"

    return probe


def delta_spark():
    """delta-spark imports (DeltaTable) and is the version of the Delta jars in $SPARK_HOME/jars."""
    from importlib.metadata import version

    from delta.tables import DeltaTable  # noqa: F401 - the import is the check

    python = version("delta-spark")
    jars = sorted(p.name for p in (Path(os.environ.get("SPARK_HOME", "/nonexistent")) / "jars").glob("delta-spark_*.jar"))
    jar_versions = {re.sub(r"^delta-spark_[0-9.]+-(.+)\.jar$", r"\1", name) for name in jars}
    return jar_versions == {python}, f"delta-spark {python}; Delta jars {jars or 'none'}"


def jupyter_server():
    import jupyter_server as js

    major = int(js.__version__.split(".")[0])
    return major >= 2, f"jupyter_server {js.__version__} (2 or newer required)"


def env(name):
    def probe():
        value = os.environ.get(name, "")
        if not value:
            return False, "not set"
        return True, "set" if name in SECRET_ENV else value

    return probe


def spark_python():
    """The interpreter Spark runs for Python workers, as the driver here names it."""
    # what executors run: spark.pyspark.python first, then PYSPARK_PYTHON (Spark's order)
    name = pyspark_python_conf() or os.environ.get("PYSPARK_PYTHON") or "python3"
    out = subprocess.run([name, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                         capture_output=True, text=True, timeout=60)
    theirs = out.stdout.strip()
    ours = "%d.%d" % sys.version_info[:2]
    print(f"spark python {theirs or '?'}", flush=True)
    return theirs == ours, f"{name} runs Python {theirs or out.stderr.strip()}; this Python is {ours}"


def pyspark_python_conf():
    conf = Path(os.environ.get("SPARK_CONF_DIR", "/nonexistent")) / "spark-defaults.conf"
    if conf.is_file():
        for line in conf.read_text().splitlines():
            parts = line.split(None, 1)
            if len(parts) == 2 and parts[0] == "spark.pyspark.python":
                return parts[1].strip()
    return None


def main():
    airflow = "--airflow" in sys.argv[1:]
    print(f"python {sys.version.split()[0]} at {sys.executable}", flush=True)
    attempt("SPARK_HOME", spark_home)
    attempt("spark-submit", spark_submit)
    attempt("import pyspark", pyspark_version)
    attempt("Python of Spark's Python workers", spark_python)
    for name in AIRFLOW_MODULES if airflow else MODULES:
        attempt("import " + name, module(name))
    for name, dist in AIRFLOW_SOURCE_MODULES if airflow else SOURCE_MODULES:
        attempt("import " + name, distribution(name, dist))
    if not airflow:
        attempt("from delta.tables import DeltaTable", delta_spark)
        attempt("Jupyter Server", jupyter_server)
    for name in NOTEBOOK_ENV:
        attempt("env " + name, env(name))
    failed = results.count(False)
    verdict = "holds" if not failed else f"broken ({failed} of {len(results)} checks failed)"
    print(f"python contract {verdict}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
