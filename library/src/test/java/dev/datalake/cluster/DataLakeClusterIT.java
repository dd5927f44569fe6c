package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.spark.SparkJob;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.runner.SqlRunner;
import dev.datalake.cluster.spark.SparkJobResult;
import dev.datalake.cluster.spark.SparkSqlException;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.spark.SqlResult;
import dev.datalake.cluster.storage.ObjectStore;
import dev.datalake.cluster.testjobs.RangeCountJob;
import dev.datalake.cluster.testsupport.SharedSparkCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.MountableFile;

/**
 * The foundation: object store + master + 2 workers, real Spark over real S3. The 3.5 line's
 * cluster, shared with {@link SparkLine35IT} (its removal is checked when the run ends).
 */
class DataLakeClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(DataLakeClusterIT.class);

    @RegisterExtension
    static final SharedSparkCluster LINE = new SharedSparkCluster(SparkVersion.V3_5);

    private static DataLakeCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LINE.cluster();
    }

    @Test
    void countsA500RowCsvOverS3a() {
        ObjectStore s3 = cluster.objectStore();
        s3.createBucket("raw");
        String csv = "id,name\n" + IntStream.range(0, 500).mapToObj(i -> i + ",person" + i)
                .collect(Collectors.joining("\n")) + "\n";
        s3.putObject("raw", "people/people.csv", csv.getBytes(StandardCharsets.UTF_8));

        SqlResult r = cluster.spark().sql(
                "CREATE TEMPORARY VIEW p USING csv OPTIONS (path 's3a://raw/people/', header 'true')",
                "SELECT count(*) FROM p");

        assertThat(r.rows()).containsExactly(List.of("500"));
    }

    @Test
    void objectStoreRoundTripsThroughARealS3Client() {
        ObjectStore s3 = cluster.objectStore();
        s3.createBucket("roundtrip");
        s3.putObject("roundtrip", "a/1.txt", "one".getBytes(StandardCharsets.UTF_8));
        s3.putObject("roundtrip", "a/2.txt", "two".getBytes(StandardCharsets.UTF_8));
        s3.putObject("roundtrip", "b/3.txt", "three".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(s3.getObject("roundtrip", "a/2.txt"), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(s3.listObjects("roundtrip", "a/")).containsExactly("a/1.txt", "a/2.txt");
        assertThat(s3.listObjects("roundtrip", "")).hasSize(3);
        assertThat(s3.endpoint().getHost()).isEqualTo("localhost");
        assertThat(s3.internalEndpoint()).hasToString("http://minio:9000");
        assertThatThrownBy(() -> s3.createBucket("Bad_Name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void masterCountsTheWorkersAndNamesItsUrls() {
        assertThat(cluster.spark().aliveWorkers()).isEqualTo(2);
        assertThat(cluster.spark().masterUrl()).isEqualTo("spark://spark-master:7077");
        assertThat(cluster.spark().webUiUrl().getHost()).isEqualTo("localhost");
    }

    @Test
    void parquetWriteThenReadOverS3aIsQuick() {
        cluster.objectStore().createBucket("lake");
        long started = System.nanoTime();
        SqlResult r = cluster.spark().sql(
                "CREATE TEMPORARY VIEW nums AS SELECT id, id % 7 AS k FROM range(0, 10000, 1, 4)",
                "INSERT OVERWRITE DIRECTORY 's3a://lake/nums' USING parquet SELECT * FROM nums",
                "CREATE TEMPORARY VIEW back USING parquet OPTIONS (path 's3a://lake/nums')",
                "SELECT count(*), sum(k) FROM back");
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("S3A parquet write-then-read of 10000 rows took {} ms", millis);
        assertThat(r.rows()).containsExactly(List.of("10000", String.valueOf(
                IntStream.range(0, 10000).map(i -> i % 7).asLongStream().sum())));
        assertThat(cluster.objectStore().listObjects("lake", "nums/")).anyMatch(k -> k.endsWith(".parquet"));
    }

    @Test
    void sqlErrorsCarrySparksOwnMessage() {
        assertThatThrownBy(() -> cluster.spark().sql("SELEC 1"))
                .isInstanceOf(SparkSqlException.class)
                .hasMessageContaining("PARSE_SYNTAX_ERROR");
        cluster.objectStore().createBucket("errors");
        assertThatThrownBy(() -> cluster.spark().sql(
                "CREATE TEMPORARY VIEW missing USING parquet OPTIONS (path 's3a://errors/does-not-exist/')",
                "SELECT count(*) FROM missing"))
                .isInstanceOf(SparkSqlException.class)
                .hasMessageContaining("PATH_NOT_FOUND")
                .hasMessageContaining("s3a://errors/does-not-exist");
        assertThatThrownBy(() -> cluster.spark().sql(
                "CREATE TEMPORARY VIEW nobucket USING parquet OPTIONS (path 's3a://no-such-bucket/x/')"))
                .isInstanceOf(SparkSqlException.class)
                .hasMessageContaining("The specified bucket does not exist");
    }

    @Test
    void submitRunsAJarOnTheClusterAndReturnsItsOutput() throws Exception {
        Path jar = JobJars.jarOf(RangeCountJob.class);
        SparkJobResult ok = cluster.spark().submit(SparkJob.jar(jar).mainClass(RangeCountJob.class.getName()).args("1234"));
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.output()).contains("RANGE-COUNT=1234");

        SparkJobResult failed = cluster.spark().submit(SparkJob.jar(jar).mainClass(RangeCountJob.class.getName()).args("fail"));
        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.output()).contains("IllegalStateException: this job fails on purpose")
                .contains("at dev.datalake.cluster.testjobs.RangeCountJob.main");
    }

    /**
     * What the example DAG does from Airflow, done from the master's container without Airflow (the
     * offline set has none): its task function, loaded from examples/dags, submits the SQL runner
     * to the master's REST server (6066) in cluster mode and polls until the driver has finished.
     */
    @Test
    void theExampleDagsTaskRunsSqlThroughTheRestSubmissionServer() {
        SparkMasterContainer master = cluster.spark().master();
        master.copyFileToContainer(MountableFile.forHostPath(RepositoryFiles.path("examples/dags/spark_sql_via_rest.py"), 0644),
                "/tmp/rest-it/spark_sql_via_rest.py");
        master.copyFileToContainer(MountableFile.forClasspathResource("rest/run_dag_task.py", 0644),
                "/tmp/rest-it/run_dag_task.py");

        cluster.objectStore().createBucket("from-rest");
        // S3A and Delta in the driver a worker starts: the DAG passes the settings from its environment
        ContainerExec.Result run = ContainerExec.run(master, Duration.ofMinutes(5), List.of("python3",
                "/tmp/rest-it/run_dag_task.py", "/tmp/rest-it/spark_sql_via_rest.py",
                "CREATE TABLE rest_t USING delta LOCATION 's3a://from-rest/t' AS SELECT * FROM range(1234)",
                "SELECT count(*) FROM delta.`s3a://from-rest/t`"));

        assertThat(run.exitCode()).as("%s%nthe driver's stderr:%n%s", run.output(), driverLogs("stderr")).isZero();
        assertThat(run.output()).contains(": FINISHED on ");
        String submission = run.stdout().lines().filter(l -> l.startsWith("SUBMISSION=")).findFirst().orElseThrow()
                .substring("SUBMISSION=".length());
        // the driver ran on a worker; its stdout holds the runner's row
        assertThat(cluster.objectStore().listObjects("from-rest", "t/_delta_log/")).isNotEmpty();
        assertThat(driverLogs(submission + "/stdout")).contains(SqlRunner.ROW + Base64.getEncoder().encodeToString("1234".getBytes(StandardCharsets.UTF_8)));
    }

    /** A file of the drivers' work folders on every worker ({@code <driver-id>/stdout}, or a glob). */
    private static String driverLogs(String file) {
        return cluster.spark().workers().stream()
                .map(w -> ContainerExec.run(w, Duration.ofSeconds(30), List.of("sh", "-c",
                        "tail -n 60 /usr/local/spark/work/" + (file.contains("/") ? file : "driver-*/" + file)
                                + " 2>/dev/null || true")).stdout())
                .collect(Collectors.joining());
    }

    @Test
    void everyContainerAndTheNetworkCarryTheClusterLabelAndAliases() {
        DockerClient docker = DockerClientFactory.lazyClient();
        List<Container> containers = docker.listContainersCmd()
                .withLabelFilter(List.of(ClusterResources.LABEL + "=" + cluster.id())).exec();
        assertThat(containers).hasSize(4);
        assertThat(containers).allSatisfy(c -> assertThat(c.getNames()[0]).doesNotContain("spark-master"));
        var aliases = containers.stream()
                .flatMap(c -> docker.inspectContainerCmd(c.getId()).exec().getNetworkSettings().getNetworks()
                        .values().stream())
                .flatMap(n -> n.getAliases() == null ? java.util.stream.Stream.empty() : n.getAliases().stream())
                .toList();
        assertThat(aliases).contains("minio", "spark-master", "spark-worker-1", "spark-worker-2");
        assertThat(docker.listNetworksCmd().withFilter("label", List.of(ClusterResources.LABEL + "=" + cluster.id()))
                .exec()).hasSize(1);
        // published on loopback only
        containers.forEach(c -> java.util.Arrays.stream(c.getPorts()).filter(p -> p.getPublicPort() != null)
                .forEach(p -> assertThat(p.getIp()).isEqualTo("127.0.0.1")));
    }
}
