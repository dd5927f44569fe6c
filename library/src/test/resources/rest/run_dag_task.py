"""Runs the task of examples/dags/spark_sql_via_rest.py without Airflow, for the ITs.

The offline image set has no Airflow, but the DAG's task is plain Python over HTTP: this stubs the
three names the DAG file imports from Airflow and pendulum, loads the DAG file, and calls its task
function against the cluster's REST submission server. Usage: run_dag_task.py DAG_FILE SQL...
"""
import importlib.util
import sys
import types


class _Anything:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _stub(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module


_stub("airflow", DAG=_Anything)
_stub("airflow.operators")
_stub("airflow.operators.python", PythonOperator=_Anything)
_stub("pendulum", datetime=lambda *a, **k: None)

spec = importlib.util.spec_from_file_location("dag", sys.argv[1])
dag = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dag)
submission = dag.run_sql_on_spark(sys.argv[2:], "it-spark_sql_via_rest")
print("SUBMISSION=" + submission)
