package dev.datalake.cluster.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.Service;
import dev.datalake.cluster.StartupReport;
import dev.datalake.cluster.junit.DataLakeTest;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SqlResult;
import dev.datalake.cluster.storage.ObjectStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The snippets of README.md and docs/getting-started.md, compiled with the tests and compared with
 * the pages by {@link DocsSnippetsTest}. Not run: the classes here carry no test a runner picks up.
 */
class GettingStarted {

    // tag::junit[]
    @DataLakeTest(workers = 1, jupyter = false, airflow = false)
    class PeopleCountTest {

        @Test
        void sparkCountsWhatTheStoreHolds(ObjectStore s3, SparkCluster spark) {
            s3.createBucket("raw");
            s3.putObject("raw", "people/people.csv", "name,age\nada,36\nalan,41\ngrace,85\n".getBytes(UTF_8));

            SqlResult result = spark.sql(
                    "CREATE TEMPORARY VIEW people USING csv OPTIONS (path 's3a://raw/people/', header 'true')",
                    "SELECT count(*) FROM people");

            assertEquals("3", result.singleValue());
        }
    }
    // end::junit[]

    void oneCall() {
        // tag::one-call[]
        try (DataLakeCluster cluster = DataLakeCluster.start()) {
            ObjectStore s3 = cluster.objectStore();
            s3.createBucket("landing");
            s3.putObject("landing", "hello.txt", "hello".getBytes(UTF_8));

            assertEquals(List.of("hello.txt"), s3.listObjects("landing", ""));
            assertEquals(2, cluster.spark().aliveWorkers());
        }
        // end::one-call[]
    }

    void running(DataLakeCluster cluster) {
        // tag::running[]
        String id = cluster.id();                       // the value of the dev.datalake.cluster label
        Network network = cluster.network();            // for your own containers
        ImageSet images = cluster.images();             // upstream or offline, once auto has decided
        boolean airflow = cluster.runs(Service.AIRFLOW);
        Map<String, GenericContainer<?>> containers = cluster.containers();   // object-store, spark-master, ...
        StartupReport report = cluster.startupReport(); // when each service started and became ready
        // end::running[]
    }

    void builder() {
        // tag::builder[]
        try (DataLakeCluster cluster = DataLakeCluster.builder()
                .sparkWorkers(1)                    // default 2
                .sparkWorkerMemory("1g")            // default 1g, at least 512m
                .jupyter(false)                     // default on
                .airflow(false)                     // default on
                .startupTimeout(Duration.ofMinutes(5))
                .start()) {
            System.out.println(cluster.startupReport());
        }
        // end::builder[]
    }
}
