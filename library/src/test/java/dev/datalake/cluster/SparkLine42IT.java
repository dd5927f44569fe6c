package dev.datalake.cluster;

import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.testsupport.SharedSparkCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SparkLineChecks} on the 4.2 line (the newest). */
class SparkLine42IT extends SparkLineChecks {

    @RegisterExtension
    static final SharedSparkCluster LINE = new SharedSparkCluster(SparkVersion.V4_2);

    @BeforeAll
    static void startLine() {
        use(LINE);
    }
}
