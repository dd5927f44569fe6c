"""A PySpark application: counts the rows of the CSV files under argv[1] (with a header line) and
writes the count as one CSV file under argv[2]. spark_submit_csv_count.py submits it.

(This file is not a workflow definition: its text avoids the scheduler's two keywords, so the
scheduler does not try to import it.)
"""
import sys

from pyspark.sql import SparkSession


def main(source: str, target: str) -> None:
    spark = SparkSession.builder.appName("count_csv").getOrCreate()
    try:
        rows = spark.read.option("header", "true").csv(source).count()
        print(f"count_csv: {rows} rows in {source}")
        # built in the JVM: a DataFrame from Python data would need Python on the workers
        spark.range(1).selectExpr(f"{rows}L AS rows").write.mode("overwrite").csv(target)
    finally:
        spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: count_csv.py SOURCE TARGET")
    main(sys.argv[1], sys.argv[2])
