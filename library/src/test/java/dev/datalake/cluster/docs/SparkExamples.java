package dev.datalake.cluster.docs;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SparkJob;
import dev.datalake.cluster.spark.SparkJobResult;
import dev.datalake.cluster.spark.SparkSqlException;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.spark.SqlResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The snippets of docs/spark.md (compiled, not run). */
class SparkExamples {

    void cluster(DataLakeCluster cluster) {
        // tag::cluster[]
        SparkCluster spark = cluster.spark();
        String version = spark.version();          // "3.5.7", "4.0.1" or "4.2.0"
        String master = spark.masterUrl();         // spark://spark-master:7077, as containers reach it
        URI ui = spark.webUiUrl();                 // the master's web UI from the host
        int workers = spark.aliveWorkers();        // asked from the master now
        // end::cluster[]
    }

    void sql(SparkCluster spark) {
        // tag::sql[]
        SqlResult result = spark.sql(
                "CREATE TABLE people USING delta LOCATION 's3a://lake/people' AS SELECT id, id % 3 AS team FROM range(10)",
                "SELECT team, count(*) AS n FROM delta.`s3a://lake/people` GROUP BY team ORDER BY team");
        List<String> columns = result.columns();        // [team, n]
        List<List<String>> rows = result.rows();        // [[0, 4], [1, 3], [2, 3]], as Spark prints them
        String n = result.value(0, "n");                // "4"; null for SQL NULL
        // end::sql[]
    }

    void sqlErrors(SparkCluster spark) {
        // tag::sql-errors[]
        try {
            spark.sql("SELECT * FROM no_such_table");
        } catch (SparkSqlException e) {
            String message = e.getMessage();            // Spark's own message: TABLE_OR_VIEW_NOT_FOUND ...
            String driverOutput = e.output();
        }
        // end::sql-errors[]
    }

    void submit(SparkCluster spark) {
        // tag::submit[]
        SparkJobResult result = spark.submit(SparkJob.jar(Path.of("target/my-job.jar"))
                .mainClass("com.example.CountPeople")
                .args("s3a://raw/people/", "s3a://lake/counts/")
                .conf("spark.sql.shuffle.partitions", "4"));
        boolean ok = result.succeeded();                // exit code 0
        String output = result.output();                // what spark-submit printed
        // end::submit[]
    }

    void connect() {
        // tag::connect[]
        try (DataLakeCluster cluster = DataLakeCluster.builder().sparkVersion(SparkVersion.V4_0).start()) {
            SparkCluster spark = cluster.spark();
            String url = spark.connectUrl();            // sc://localhost:<port>
            SparkSession session = spark.session();     // needs spark-connect-client-jvm_2.13 on your classpath
            long count = session.read().option("header", "true").csv("s3a://raw/people/").count();
        }
        // end::connect[]
    }

    void workers(SparkCluster spark) {
        // tag::workers[]
        spark.stopWorker(1);                            // its tasks move to the other workers
        int added = spark.addWorker();                  // a new worker, registered when this returns
        spark.awaitWorkers(2, Duration.ofMinutes(1));
        // end::workers[]
    }
}
