package dev.datalake.cluster.airflow;

import dev.datalake.cluster.DataLakeCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark from a DAG on the whole stack of the run's image set (the offline set on every build): the
 * example DAG from a private (0700) folder writes an object with boto3, then its
 * SparkSubmitOperator, with no connection settings, counts a CSV the host put in the store on the
 * cluster's workers and writes the count to s3a; the host reads both (see {@link SparkSubmitDagRun}).
 */
class SparkFromAirflowIT {

    private static final Logger LOG = LoggerFactory.getLogger(SparkFromAirflowIT.class);

    @TempDir
    Path temp;

    @Test
    void aDagFromAPrivateFolderWritesWithBoto3AndSubmitsSparkToTheCluster() {
        Path dags = SparkSubmitDagRun.privateDagFolder(temp);
        try (DataLakeCluster cluster = DataLakeCluster.builder()
                .sparkWorkers(2)
                .jupyter(false)
                .airflowDags(dags)
                .start()) {
            LOG.info("startup:\n{}", cluster.startupReport());
            SparkSubmitDagRun.runAndCheck(cluster, Duration.ofMinutes(10));
        }
    }
}
