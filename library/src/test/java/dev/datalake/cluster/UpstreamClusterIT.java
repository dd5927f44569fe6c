package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.airflow.AirflowServer;
import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.airflow.PrivateDagFolders;
import dev.datalake.cluster.airflow.SamePython;
import dev.datalake.cluster.airflow.SparkSubmitDagRun;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.jupyter.PythonContract;
import dev.datalake.cluster.spark.SqlResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The whole upstream stack through the public API: MinIO, the Spark layer on all-spark-notebook
 * (Jupyter Server 2), and the library's Airflow layer on apache/airflow running, from a private
 * folder, the test DAG, the example DAG that submits Spark SQL over the master's REST server and
 * the SparkSubmitOperator DAG that SparkFromAirflowIT runs offline. Runs where the upstream images are present on the engine; on
 * machines with no registry (this project's CI) it is skipped, saying which image is missing.
 */
class UpstreamClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClusterIT.class);
    private static final List<String> IMAGES = List.of(ImageSet.DEFAULT_MINIO_IMAGE,
            ImageSet.DEFAULT_SPARK_BASE_IMAGE, ImageSet.DEFAULT_AIRFLOW_IMAGE);

    @TempDir
    static Path temp;
    private static DataLakeCluster cluster;

    @BeforeAll
    static void start() throws IOException {
        String skip = !DockerClientFactory.instance().isDockerAvailable()
                ? "no Docker engine is reachable"
                : IMAGES.stream().filter(image -> !EngineImages.present(image)).findFirst()
                        .map(image -> image + " is not on this Docker engine (this test does not pull; docker pull it "
                                + "to run the test)").orElse(null);
        if (skip != null) {
            // a class-level skip shows as "Tests run: 0" in Maven's summary: say why in the log too
            LOG.warn("UpstreamClusterIT skipped: {}", skip);
            Assumptions.abort("UpstreamClusterIT skipped: " + skip);
        }
        // a private folder, as on the offline set: Airflow runs as its owner
        Path dags = SparkSubmitDagRun.privateDagFolder(temp);
        Files.copy(Path.of("src/test/resources/dags/hello_datalake.py"), dags.resolve("hello_datalake.py"));
        Files.copy(RepositoryFiles.path("examples/dags/spark_sql_via_rest.py"), dags.resolve("spark_sql_via_rest.py"));
        PrivateDagFolders.restrict(dags, "rwx------", "rw-------");
        cluster = DataLakeCluster.builder()
                .images(ImageSet.upstream())
                .sparkWorkers(2).sparkWorkerMemory("1g")
                .jupyter(true).airflow(true)
                .airflowDags(dags)
                .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sparkReadsWhatTheHostPutInMinio() {
        cluster.objectStore().createBucket("upstream");
        cluster.objectStore().putObject("upstream", "n.csv", "n\n1\n2\n".getBytes(StandardCharsets.UTF_8));
        SqlResult r = cluster.spark().sql(
                "CREATE TEMPORARY VIEW n USING csv OPTIONS (path 's3a://upstream/n.csv', header 'true')",
                "SELECT count(*) FROM n");
        assertThat(r.rows()).containsExactly(List.of("2"));
    }

    @Test
    void airflowRunsTheTestDagAndTheExampleSparkDag() {
        AirflowServer airflow = cluster.airflow();
        for (String dag : List.of("hello_datalake", "spark_sql_via_rest")) {
            String run = airflow.triggerDag(dag);
            assertThat(airflow.awaitDagRun(dag, run, Duration.ofMinutes(10))).as(dag).isEqualTo("success");
        }
    }

    @Test
    void airflowRunsTheSparkSubmitDagFromAPrivateFolder() {
        SparkSubmitDagRun.runAndCheck(cluster, Duration.ofMinutes(10));
    }

    @Test
    void airflow3OfThePythonOfTheSparkImageRunsBesideTheWorkers() {
        assertThat(cluster.airflow().version()).isEqualTo(AirflowVersion.DEFAULT.version());
        SamePython.check(cluster);
    }

    @Test
    void thePythonContractHoldsInTheMastersContainer() {
        ContainerExec.Result check = PythonContract.check(cluster);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void aPySparkNotebookReadsCsvFromTheStoreAndWritesDelta(@TempDir Path dir) throws IOException {
        PythonContract.NotebookRun run = PythonContract.runPySparkNotebook(cluster, dir);
        assertThat(run.result().succeeded()).as(run.result().output()).isTrue();
        run.assertHostSeesIt();
    }
}
