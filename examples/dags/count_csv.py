"""A PySpark application: counts the rows of the CSV files under argv[1] (with a header line and a
``name`` column), sums the letters of the names with a Python UDF, which runs in Python on the
executors, and writes ``rows,name_letters`` as one CSV file under argv[2].
spark_submit_csv_count.py submits it.

(This file is not a workflow definition: its text avoids the scheduler's two keywords, so the
scheduler does not try to import it.)
"""
import sys

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, udf
from pyspark.sql.functions import sum as sum_
from pyspark.sql.types import IntegerType


@udf(returnType=IntegerType())
def letters(name: str) -> int:
    # Python on the executors: it fails with PYTHON_VERSION_MISMATCH where the workers' Python
    # differs from the driver's
    return len(name)


def main(source: str, target: str) -> None:
    spark = SparkSession.builder.appName("count_csv").getOrCreate()
    try:
        people = spark.read.option("header", "true").csv(source)
        rows = people.count()
        name_letters = people.select(sum_(letters(col("name")))).first()[0]
        print(f"count_csv: {rows} rows in {source}, {name_letters} letters in their names")
        spark.range(1).selectExpr(f"{rows}L AS rows", f"{name_letters}L AS name_letters") \
            .write.mode("overwrite").csv(target)
    finally:
        spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: count_csv.py SOURCE TARGET")
    main(sys.argv[1], sys.argv[2])
