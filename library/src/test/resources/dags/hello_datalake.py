"""The library's test DAG: a shell step, then a check that the cluster's environment is there.

Airflow runs it in the AirflowContainer; AirflowIT triggers it and expects the run to succeed.
"""
from __future__ import annotations

import os

import pendulum

try:  # Airflow 3: the Task SDK and the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.providers.standard.operators.python import PythonOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.bash import BashOperator
    from airflow.operators.python import PythonOperator

REQUIRED_VARIABLES = ("SPARK_MASTER", "S3_ENDPOINT")


def check_environment() -> None:
    """Fails the task when a variable the data lake's tasks rely on is missing."""
    missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name)]
    if missing:
        raise RuntimeError("not set in the Airflow container: " + ", ".join(missing))
    for name in REQUIRED_VARIABLES:
        print(f"{name}={os.environ[name]}")


with DAG(
    dag_id="hello_datalake",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["datalake", "test"],
) as dag:
    hello = BashOperator(task_id="hello", bash_command="echo 'hello from the data lake'")
    environment = PythonOperator(task_id="check_environment", python_callable=check_environment)
    hello >> environment
