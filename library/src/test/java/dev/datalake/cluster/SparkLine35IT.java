package dev.datalake.cluster;

import dev.datalake.cluster.spark.SparkVersion;
import org.junit.jupiter.api.BeforeAll;

/** {@link SparkLineChecks} on the 3.5 line. */
class SparkLine35IT extends SparkLineChecks {

    @BeforeAll
    static void startLine() {
        start(SparkVersion.V3_5);
    }
}
