package dev.datalake.cluster;

import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.testsupport.SharedSparkCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SparkLineChecks} on the 4.0 line. */
class SparkLine40IT extends SparkLineChecks {

    @RegisterExtension
    static final SharedSparkCluster LINE = new SharedSparkCluster(SparkVersion.V4_0);

    @BeforeAll
    static void startLine() {
        use(LINE);
    }
}
