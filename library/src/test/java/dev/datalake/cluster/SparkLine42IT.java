package dev.datalake.cluster;

import dev.datalake.cluster.spark.SparkVersion;
import org.junit.jupiter.api.BeforeAll;

/** {@link SparkLineChecks} on the 4.2 line (the newest). */
class SparkLine42IT extends SparkLineChecks {

    @BeforeAll
    static void startLine() {
        start(SparkVersion.V4_2);
    }
}
