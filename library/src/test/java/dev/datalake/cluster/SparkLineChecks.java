package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.jupyter.NotebookResult;
import dev.datalake.cluster.jupyter.PythonContract;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SparkJob;
import dev.datalake.cluster.spark.SparkJobResult;
import dev.datalake.cluster.spark.SparkSqlException;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.spark.SqlResult;
import dev.datalake.cluster.testjobs.RangeCountJob;
import dev.datalake.cluster.testsupport.SharedSparkCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Spark line on its cluster (store, master with Spark Connect and the SQL gateway, 2 workers,
 * Jupyter), which other classes of the run may share ({@link SharedSparkCluster}): sql() through
 * Connect with its timings, isolation of sql() calls, NULL apart from 'NULL', Delta and Parquet on
 * s3a, the connectors on executors, submit() beside an open Connect session, a PySpark notebook on
 * SPARK_REMOTE, and session() in this JVM where the line's client is on the test classpath (the 4.x
 * client is; a 3.5 client cannot be beside it). One subclass per line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SparkLineChecks {

    private static final Logger LOG = LoggerFactory.getLogger(SparkLineChecks.class);
    private static DataLakeCluster cluster;
    private static SparkCluster spark;

    /** The line's shared cluster ({@link SharedSparkCluster}), from the subclass's {@code @BeforeAll}. */
    static void use(SharedSparkCluster line) {
        cluster = line.cluster();
        spark = cluster.spark();
    }

    /** Whether this test JVM has the line's Connect client (the library's tests carry the 4.2 one, for every 4.x line). */
    private static boolean clientOnClasspath() {
        return spark.sparkVersion() != SparkVersion.V3_5;
    }

    @Test
    @Order(1)
    void sqlRunsThroughConnectFastAndEachCallIsItsOwnSession() {
        assertThat(spark.version()).isEqualTo(spark.sparkVersion().version());
        assertThat(spark.connectUrl()).matches("sc://localhost:\\d+");
        long started = System.nanoTime();
        assertThat(spark.sql("SELECT count(*) FROM range(1000)").singleValue()).isEqualTo("1000");
        long first = millisSince(started);
        List<Long> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started = System.nanoTime();
            assertThat(spark.sql("SELECT count(*) FROM range(" + (1000 + i) + ")").singleValue())
                    .isEqualTo(String.valueOf(1000 + i));
            later.add(millisSince(started));
        }
        List<Long> sorted = later.stream().sorted().toList();
        LOG.info("sql() on {} through Spark Connect: first call of the class {} ms, later calls {} ms (median {} ms)",
                spark.version(), first, later, sorted.get(sorted.size() / 2));

        spark.sql("CREATE TEMPORARY VIEW only_here AS SELECT 1 AS one");
        assertThatThrownBy(() -> spark.sql("SELECT * FROM only_here"))
                .isInstanceOf(SparkSqlException.class)
                .hasMessageContaining("only_here");
        assertThat(spark.sql("CREATE TEMPORARY VIEW v AS SELECT 2 AS two", "SELECT two FROM v").singleValue())
                .isEqualTo("2");
    }

    /**
     * The SQL gateway's warm-up makes the S3A client with a read of a bucket that does not exist; the
     * image's logging drops that expected failure (two stack traces), and only it.
     */
    @Test
    void theWarmUpLeavesNoStackTraceInTheMastersLog() {
        String log = cluster.containers().get(Service.SPARK_MASTER.id()).getLogs();
        assertThat(log).contains("datalake-sql-gateway: warm in", "Running Spark version " + spark.version());
        // its failure names the bucket (s3a://datalake-warm-up/none); other classes on this shared
        // cluster read missing buckets on purpose, and those errors stay in the log
        assertThat(log).doesNotContain("datalake-warm-up");
    }

    @Test
    void typedValuesKeepNullApartFromTheStringNull() {
        SqlResult r = spark.sql("SELECT CAST(NULL AS STRING) AS a, 'NULL' AS b, 7 AS c");
        assertThat(r.rows()).containsExactly(List.of("NULL", "NULL", "7"));
        assertThat(r.value(0, "a")).isNull();
        assertThat(r.value(0, "b")).isEqualTo("NULL");
        assertThat(r.isNull(0, 0)).isTrue();
        assertThat(r.isNull(0, 1)).isFalse();
        assertThat(r.values().get(0)).containsExactly(null, "NULL", "7");
    }

    @Test
    void aSessionInThisJvmCountsAndReadsCsvOnS3a() {
        if (!clientOnClasspath()) {
            // the 4.x client of the library's tests is here: session() names the 3.5 client to add
            assertThatThrownBy(spark::session).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("org.apache.spark:spark-connect-client-jvm_2.12:" + spark.version())
                    .hasMessageContaining("found client 4.");
            return;
        }
        SparkSession session = spark.session();
        assertThat(session.range(1000).count()).isEqualTo(1000L);
        cluster.objectStore().createBucket("raw4");
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 0; i < 500; i++) {
            csv.append(i).append(",person-").append(i).append('\n');
        }
        cluster.objectStore().putObject("raw4", "people/people.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        Dataset<Row> people = session.read().option("header", "true").csv("s3a://raw4/people/");
        assertThat(people.count()).isEqualTo(500L);
        assertThat(people.filter("name = 'person-42'").count()).isEqualTo(1L);
    }

    @Test
    void deltaAndParquetRoundTripOnS3a() {
        cluster.objectStore().createBucket("lake4");
        long started = System.nanoTime();
        SqlResult delta = spark.sql(
                "CREATE TABLE t USING delta LOCATION 's3a://lake4/t' AS SELECT id, cast(id AS STRING) AS s FROM range(5)",
                "SELECT count(*), max(s) FROM delta.`s3a://lake4/t`");
        long deltaMillis = millisSince(started);
        assertThat(delta.rows()).containsExactly(List.of("5", "4"));
        assertThat(cluster.objectStore().listObjects("lake4", "t/_delta_log/")).isNotEmpty();
        started = System.nanoTime();
        spark.sql("INSERT OVERWRITE DIRECTORY 's3a://lake4/p' USING parquet SELECT id FROM range(1000)");
        assertThat(spark.sql("SELECT count(*) FROM parquet.`s3a://lake4/p`").singleValue()).isEqualTo("1000");
        LOG.info("on {} over S3A: Delta create+read {} ms, Parquet write+read {} ms", spark.version(), deltaMillis,
                millisSince(started));
    }

    @Test
    void everyConnectorClassLoadsOnTheExecutors() {
        List<String> classes = List.of(
                "org.apache.hadoop.fs.s3a.S3AFileSystem",
                // the AWS SDK hadoop-aws is built against: v1 for Hadoop 3.3 (3.5), v2 for 3.4 (4.x)
                spark.sparkVersion() == SparkVersion.V3_5 ? "com.amazonaws.services.s3.AmazonS3Client"
                        : "software.amazon.awssdk.services.s3.S3Client",
                "org.postgresql.Driver",
                "com.mysql.cj.jdbc.Driver",
                "org.apache.spark.sql.kafka010.KafkaSourceProvider",
                "org.apache.spark.kafka010.KafkaTokenUtil",
                "org.apache.kafka.clients.consumer.KafkaConsumer",
                "com.mongodb.spark.sql.connector.MongoTableProvider",
                "com.mongodb.client.MongoClients",
                "io.delta.sql.DeltaSparkSessionExtension",
                "io.delta.storage.LogStore");
        String names = classes.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        // reflect() is nondeterministic, so Spark evaluates it in tasks on the executors, not on the driver
        SqlResult r = spark.sql("SELECT DISTINCT name, reflect('java.lang.Class', 'forName', name) AS loaded "
                + "FROM (SELECT explode(array(" + names + ")) AS name) CROSS JOIN range(0, 4, 1, 4) ORDER BY name");
        Map<String, String> loaded = r.rows().stream().collect(Collectors.toMap(row -> row.get(0), row -> row.get(1)));
        assertThat(loaded).hasSize(classes.size());
        classes.forEach(c -> assertThat(loaded.get(c)).as(c).isIn("class " + c, "interface " + c));
    }

    @Test
    void submitGetsExecutorsWhileAConnectSessionIsOpen() throws Exception {
        // the gateway's sessions are Connect sessions too: the Connect server holds its executor
        SparkSession session = clientOnClasspath() ? spark.session() : null;
        if (session != null) {
            assertThat(session.range(100).count()).isEqualTo(100L);
        }
        assertThat(spark.sql("SELECT count(*) FROM range(100)").singleValue()).isEqualTo("100");
        long started = System.nanoTime();
        SparkJobResult job = spark.submit(SparkJob.jar(JobJars.jarOf(RangeCountJob.class))
                .mainClass(RangeCountJob.class.getName()).args("4321"));
        LOG.info("submit() beside an open Connect session took {} ms", millisSince(started));
        assertThat(job.exitCode()).as(job.output()).isZero();
        assertThat(job.output()).contains("RANGE-COUNT=4321");
        if (session != null) {
            assertThat(session.range(10).count()).isEqualTo(10L);
        }
    }

    @Test
    void aPySparkNotebookWorksOnSparkRemote(@TempDir Path dir) throws Exception {
        NotebookResult result = cluster.jupyter().execute(PythonContract.notebook(dir, "connect.ipynb",
                "import os\nfrom pyspark.sql import SparkSession\n"
                        + "spark = SparkSession.builder.remote(os.environ['SPARK_REMOTE']).getOrCreate()\n"
                        + "print('REMOTE', os.environ['SPARK_REMOTE'])\n"
                        + "print('COUNT', spark.range(100).count())"));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("REMOTE sc://spark-master:15002").contains("COUNT 100");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
