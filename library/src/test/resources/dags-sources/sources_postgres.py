"""A task on the sources beside the lake, through the connections the cluster gives Airflow.

SourcesEndToEndIT triggers it: it writes a row with postgres_default and reads the other two
connections (kafka_default, mongo_default) as the providers would.
"""
from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.hooks.base import BaseHook
from airflow.operators.python import PythonOperator


def write_with_postgres_default() -> None:
    from airflow.providers.postgres.hooks.postgres import PostgresHook

    hook = PostgresHook(postgres_conn_id="postgres_default")
    hook.run("CREATE TABLE IF NOT EXISTS airflow_runs (note text)")
    hook.run("INSERT INTO airflow_runs VALUES ('written by airflow')")
    print("people rows:", hook.get_first("SELECT count(*) FROM people")[0])
    kafka = BaseHook.get_connection("kafka_default").extra_dejson
    mongo = BaseHook.get_connection("mongo_default")
    if kafka.get("bootstrap.servers") != "kafka:9092" or mongo.host != "mongo":
        raise RuntimeError(f"unexpected connections: kafka {kafka}, mongo host {mongo.host}")


with DAG(
    dag_id="sources_postgres",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
):
    PythonOperator(task_id="write_with_postgres_default", python_callable=write_with_postgres_default)
