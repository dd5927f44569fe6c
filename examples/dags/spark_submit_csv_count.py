"""Spark from Airflow the way Airflow users write it: a boto3 task, then a SparkSubmitOperator.

In the data lake's Airflow container nothing needs configuring:

- ``boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])`` reaches the object store; the
  keys and the region come from ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and ``AWS_REGION``.
- ``SparkSubmitOperator(task_id=..., application=...)`` uses the connection ``spark_default``
  (``AIRFLOW_CONN_SPARK_DEFAULT``: the cluster's master, client mode). The driver runs in the
  Airflow container with the cluster's S3A and Delta settings and connector jars
  (spark-defaults.conf of the image); the executors run on the cluster's workers.

The first task writes ``s3://lake/airflow/boto3.txt``; the second runs ``count_csv.py`` (next to
this file) on the cluster: it counts the rows of the CSV files under ``s3a://lake/input/``, sums
the letters of their ``name`` column with a Python UDF (Python on the workers: the driver here and
the executors there run the same Python version, which the data lake keeps so), and writes both as
CSV to ``s3a://lake/output/count/``. The bucket and the input are the host's to create
(DataLakeCluster.objectStore()).

It runs on Airflow 2.7 and 3: the imports take the Task SDK and the standard provider where they
exist, else Airflow 2's paths.
"""
from __future__ import annotations

import os

import boto3
import pendulum
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3: the Task SDK and the standard provider
    from airflow.providers.standard.operators.python import PythonOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.python import PythonOperator

BUCKET = "lake"
MARKER_KEY = "airflow/boto3.txt"
INPUT = f"s3a://{BUCKET}/input/"
OUTPUT = f"s3a://{BUCKET}/output/count/"


def write_marker(run_id: str) -> None:
    """Writes one object with boto3: endpoint from S3_ENDPOINT, credentials from the environment."""
    s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])
    s3.put_object(Bucket=BUCKET, Key=MARKER_KEY, Body=f"written by {run_id}\n".encode())


with DAG(
    dag_id="spark_submit_csv_count",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["datalake", "example"],
) as dag:
    marker = PythonOperator(
        task_id="write_marker_with_boto3",
        python_callable=write_marker,
        op_kwargs={"run_id": "{{ run_id }}"},
    )
    count = SparkSubmitOperator(
        task_id="count_csv_on_the_cluster",
        application=os.path.join(os.path.dirname(os.path.abspath(__file__)), "count_csv.py"),
        application_args=[INPUT, OUTPUT],
    )
    marker >> count
