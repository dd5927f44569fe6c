package dev.datalake.cluster.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.DataLakeContainer;
import dev.datalake.cluster.junit.DataLakeTest;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.storage.ObjectStore;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/** The snippets of docs/junit.md (compiled, not run: no runner picks up these inner classes). */
class JUnitExamples {

    // tag::data-lake-test[]
    @DataLakeTest(workers = 1, jupyter = false)         // defaults: workers 2, jupyter true, airflow true
    class PeopleJobTest {

        PeopleJobTest(DataLakeCluster cluster) {        // constructors and lifecycle methods get them too
        }

        @Test
        void countsPeople(ObjectStore s3, SparkCluster spark) {
            s3.createBucket("people");
            assertEquals("0", spark.sql("SELECT count(*) FROM range(0)").singleValue());
        }

        @Nested
        class WhenEmpty {                               // runs on the enclosing class's cluster
        }
    }
    // end::data-lake-test[]

    // tag::container-field[]
    @Testcontainers
    class LakeAsContainerTest {

        @Container
        static DataLakeContainer lake = DataLakeCluster.builder()
                .sparkWorkers(1).jupyter(false).airflow(false)
                .build();                               // checked now, started by @Testcontainers

        @Test
        void storesObjects() {
            ObjectStore s3 = lake.cluster().objectStore();
            s3.createBucket("raw");
            s3.putObject("raw", "a.txt", "a".getBytes(UTF_8));
            assertEquals(List.of("a.txt"), s3.listObjects("raw", ""));
        }
    }
    // end::container-field[]

    // tag::depends-on[]
    @Testcontainers
    class AppBesideTheLakeTest {

        @Container                                      // so that it is removed after the class too
        static DataLakeContainer lake = DataLakeCluster.builder().sparkWorkers(1).airflow(false).build();

        @Container
        static IngestContainer app = new IngestContainer().dependsOn(lake);

        @Test
        void ingests() {
            // the app and the lake both run here; both are removed after the class
        }

        /** The application under test: it joins the lake's network once dependsOn has started the lake. */
        static class IngestContainer extends GenericContainer<IngestContainer> {

            IngestContainer() {
                super(DockerImageName.parse("my-company/ingest:1.4"));
            }

            @Override
            protected void configure() {                // runs after the lake has started
                DataLakeCluster cluster = lake.cluster();
                withNetwork(cluster.network());
                withEnv(cluster.objectStore().containerEnvironment());   // S3_ENDPOINT=http://minio:9000, AWS_*
                withEnv("SPARK_MASTER", cluster.spark().masterUrl());
            }
        }
    }
    // end::depends-on[]

    void byHand() {
        // tag::by-hand[]
        DataLakeContainer lake = DataLakeCluster.builder().sparkWorkers(1).build();
        lake.start();                                   // does nothing when it runs already
        DataLakeCluster cluster = lake.cluster();       // IllegalStateException before start()
        lake.stop();                                    // removes it; close() does the same
        // end::by-hand[]
    }

    void reuse() {
        // tag::reuse[]
        DataLakeCluster cluster = DataLakeCluster.builder().sparkWorkers(1).reuse(true).start();
        // ... tests ...
        cluster.close();                                // keeps it running for the next run
        // end::reuse[]
        // tag::remove-reused[]
        cluster.remove();                               // this one, although it is reused
        DataLakeCluster.removeReused();                 // every reused cluster on this Docker engine
        // end::remove-reused[]
    }
}
