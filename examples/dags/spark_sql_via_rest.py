"""Runs Spark SQL on the data lake's Spark cluster from Airflow, over HTTP.

The stock Airflow image has no Spark. The Spark standalone master's REST submission server
(port 6066, ``spark.master.rest.enabled``) takes a ``CreateSubmissionRequest`` and starts the
driver on a worker (deploy mode ``cluster``); this DAG posts one, then polls the submission's
status until the driver has FINISHED, and fails on FAILED, ERROR or KILLED.

The application is the data lake's SQL runner, present in every Spark container of the cluster
(``/opt/datalake/lib/datalake-spark-runner.jar``): it takes SQL statements as Base64-encoded
arguments and prints the last one's rows to the driver's stdout (see the worker's web UI).

Only the Python standard library is used, so the DAG runs on the stock image. The master comes
from ``SPARK_MASTER`` and the REST server from ``SPARK_MASTER_REST_URL``, both set in the data
lake's Airflow container (defaults: ``spark://spark-master:7077`` and ``http://spark-master:6066``).
"""
from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pendulum

try:  # Airflow 3: the Task SDK and the standard provider
    from airflow.providers.standard.operators.python import PythonOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.python import PythonOperator

RUNNER_JAR = "file:/opt/datalake/lib/datalake-spark-runner.jar"
RUNNER_CLASS = "dev.datalake.cluster.spark.runner.SqlRunner"
CLIENT_SPARK_VERSION = "3.5.3"
DEFAULT_MASTER = "spark://spark-master:7077"
REST_PORT = 6066
STATEMENTS = ["SELECT count(*) FROM range(1000)"]
FAILED_STATES = {"FAILED", "ERROR", "KILLED"}
POLL_SECONDS = 3
TIMEOUT_SECONDS = 600


def rest_url(master: str) -> str:
    """The REST submission server of the master: from SPARK_MASTER_REST_URL, else the master's host."""
    configured = os.environ.get("SPARK_MASTER_REST_URL")
    if configured:
        return configured.rstrip("/")
    return f"http://{urlsplit(master).hostname}:{REST_PORT}"


def lake_properties() -> dict:
    """S3A and Delta settings from this container's environment.

    A REST submission carries its own configuration: the driver that a worker starts does not read
    the cluster's spark-defaults.conf, so S3A's endpoint and keys and Delta's extension go along.
    """
    props = {
        "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    }
    endpoint = os.environ.get("S3_ENDPOINT")
    if endpoint:
        props.update({
            "spark.hadoop.fs.s3a.endpoint": endpoint,
            "spark.hadoop.fs.s3a.endpoint.region": os.environ.get("AWS_REGION", "us-east-1"),
            "spark.hadoop.fs.s3a.path.style.access": "true",
            "spark.hadoop.fs.s3a.connection.ssl.enabled": str(endpoint.startswith("https://")).lower(),
            "spark.hadoop.fs.s3a.directory.marker.retention": "keep",
        })
    if os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY"):
        props.update({
            "spark.hadoop.fs.s3a.aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
            "spark.hadoop.fs.s3a.access.key": os.environ["AWS_ACCESS_KEY_ID"],
            "spark.hadoop.fs.s3a.secret.key": os.environ["AWS_SECRET_ACCESS_KEY"],
        })
    return props


def submission_request(statements: list[str], master: str, app_name: str) -> dict:
    """A CreateSubmissionRequest that runs the SQL runner on the cluster."""
    return {
        "action": "CreateSubmissionRequest",
        "clientSparkVersion": CLIENT_SPARK_VERSION,
        "appResource": RUNNER_JAR,
        "mainClass": RUNNER_CLASS,
        "appArgs": [base64.b64encode(s.encode("utf-8")).decode("ascii") for s in statements],
        "environmentVariables": {},
        "sparkProperties": {
            "spark.master": master,
            "spark.submit.deployMode": "cluster",
            "spark.app.name": app_name,
            "spark.jars": RUNNER_JAR,
            "spark.driver.supervise": "false",
            "spark.driver.memory": "512m",
            "spark.executor.memory": "512m",
            **lake_properties(),
        },
    }


def call(method: str, url: str, body: dict | None = None) -> dict:
    """One JSON request; an HTTP error becomes a RuntimeError with the status and the body."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json;charset=UTF-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace")
        raise RuntimeError(f"{method} {url} answered HTTP {e.code}: {detail}") from e


def run_sql_on_spark(statements: list[str], app_name: str) -> str:
    """Submits the statements, waits for the driver to finish, returns the submission id."""
    master = os.environ.get("SPARK_MASTER") or DEFAULT_MASTER
    rest = rest_url(master)
    created = call("POST", f"{rest}/v1/submissions/create", submission_request(statements, master, app_name))
    submission_id = created.get("submissionId")
    if not created.get("success") or not submission_id:
        raise RuntimeError(f"Spark refused the submission: {created}")
    print(f"submitted {submission_id} to {rest}: {created.get('message')}")

    deadline = time.monotonic() + TIMEOUT_SECONDS
    state = None
    while time.monotonic() < deadline:
        status = call("GET", f"{rest}/v1/submissions/status/{quote(submission_id)}")
        if state != status.get("driverState"):
            state = status.get("driverState")
            print(f"{submission_id}: {state} on {status.get('workerHostPort') or 'no worker yet'}")
        if state == "FINISHED":
            return submission_id
        if state in FAILED_STATES:
            raise RuntimeError(f"Spark driver {submission_id} ended {state}: {status.get('message') or status}")
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"Spark driver {submission_id} did not finish in {TIMEOUT_SECONDS} s; last state {state}")


with DAG(
    dag_id="spark_sql_via_rest",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["datalake", "spark", "example"],
) as dag:
    PythonOperator(
        task_id="count_range",
        python_callable=run_sql_on_spark,
        op_kwargs={"statements": STATEMENTS, "app_name": "airflow-spark_sql_via_rest"},
        execution_timeout=timedelta(seconds=TIMEOUT_SECONDS + 60),
    )
