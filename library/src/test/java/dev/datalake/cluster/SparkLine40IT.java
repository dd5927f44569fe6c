package dev.datalake.cluster;

import dev.datalake.cluster.spark.SparkVersion;
import org.junit.jupiter.api.BeforeAll;

/** {@link SparkLineChecks} on the 4.0 line. */
class SparkLine40IT extends SparkLineChecks {

    @BeforeAll
    static void startLine() {
        start(SparkVersion.V4_0);
    }
}
