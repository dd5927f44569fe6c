package dev.datalake.cluster.junit;

import dev.datalake.cluster.Service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.DataLakeCluster;
import org.junit.jupiter.api.Test;

/** Another top-level class with the attributes of {@link DataLakeTestIT}: the same cluster, whichever runs first. */
@DataLakeTest(workers = 1, jupyter = false, airflow = false)
class DataLakeTestSharedIT {

    @Test
    void getsTheClusterOfTheOtherClassWithTheseAttributes(DataLakeCluster cluster) {
        SharedClusterIds.sameAsBefore("1 worker, no jupyter", cluster.id());
        assertThat(cluster.containers()).containsKeys(Service.OBJECT_STORE.id(), Service.SPARK_MASTER.id());
    }
}
