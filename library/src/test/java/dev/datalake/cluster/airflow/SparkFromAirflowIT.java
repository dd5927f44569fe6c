package dev.datalake.cluster.airflow;

import dev.datalake.cluster.RepositoryFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.DataLakeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark from a DAG on Airflow 3 with the default Spark line, on the whole stack of the run's image
 * set (the offline set on every build): the example DAG from a private (0700) folder writes an
 * object with boto3, then its SparkSubmitOperator, with no connection settings, counts a CSV the
 * host put in the store on the cluster's workers, sums a column with a Python UDF on the executors
 * and writes both to s3a; the host reads them (see {@link SparkSubmitDagRun}). The example DAG
 * that submits Spark SQL over the master's REST server runs there too, and the server says which
 * version it runs. The Python contract holds on both sides: one Python minor version.
 */
class SparkFromAirflowIT {

    private static final Logger LOG = LoggerFactory.getLogger(SparkFromAirflowIT.class);
    private static final String REST_DAG = "spark_sql_via_rest";

    @TempDir
    Path temp;

    @Test
    void aDagFromAPrivateFolderWritesWithBoto3AndSubmitsSparkToTheCluster() throws IOException {
        Path dags = SparkSubmitDagRun.privateDagFolder(temp);
        Files.copy(RepositoryFiles.path("examples/dags").resolve(REST_DAG + ".py"), dags.resolve(REST_DAG + ".py"));
        PrivateDagFolders.restrict(dags, "rwx------", "rw-------");
        try (DataLakeCluster cluster = DataLakeCluster.builder()
                .sparkWorkers(2)
                .jupyter(false)
                .airflowDags(dags)
                .airflowVersion(AirflowVersion.V3_3)
                .start()) {
            LOG.info("startup:\n{}", cluster.startupReport());
            assertThat(cluster.airflow().version()).isEqualTo(AirflowVersion.V3_3.version());
            SparkSubmitDagRun.runAndCheck(cluster, Duration.ofMinutes(10));
            SamePython.check(cluster);

            // the example that submits over the master's REST server, from the same container
            AirflowServer airflow = cluster.airflow();
            String run = airflow.triggerDag(REST_DAG);
            assertThat(airflow.awaitDagRun(REST_DAG, run, Duration.ofMinutes(10))).as(REST_DAG).isEqualTo("success");
        }
    }
}
