package dev.datalake.cluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The extension against Docker: injection into constructors and methods, one cluster shared by
 * classes with the same configuration (nested or not), another for another configuration.
 */
@DataLakeTest(workers = 1, jupyter = false, airflow = false)
class DataLakeTestIT {

    private final DataLakeCluster cluster;

    DataLakeTestIT(DataLakeCluster cluster) {
        this.cluster = cluster;
        SharedClusterIds.sameAsBefore("1 worker, no jupyter", cluster.id());
    }

    @Test
    void injectsTheClusterAndItsParts(DataLakeCluster injected, ObjectStore store, SparkCluster spark) {
        assertThat(injected).isSameAs(cluster);
        assertThat(store).isSameAs(cluster.objectStore());
        assertThat(spark).isSameAs(cluster.spark());
        assertThat(spark.aliveWorkers()).isEqualTo(1);
        store.createBucket("junit-extension");
        store.putObject("junit-extension", "hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(store.listObjects("junit-extension", "")).containsExactly("hello.txt");
    }

    @Nested
    class NestedWithoutItsOwnAnnotation {
        @Test
        void getsTheEnclosingClassesCluster(DataLakeCluster injected) {
            assertThat(injected.id()).isEqualTo(cluster.id());
        }
    }

    @Nested
    @DataLakeTest(workers = 1, jupyter = false, airflow = false)
    class NestedWithTheSameAttributes {
        @Test
        void getsTheSameCluster(DataLakeCluster injected) {
            assertThat(injected).isSameAs(cluster);
        }
    }

    @Nested
    @DataLakeTest(workers = 0, jupyter = false, airflow = false)
    class NestedWithOtherAttributes {
        @Test
        void getsAnotherCluster(DataLakeCluster injected, SparkCluster spark) {
            assertThat(injected.id()).isNotEqualTo(cluster.id());
            assertThat(spark.aliveWorkers()).isZero();
        }
    }
}
