package dev.datalake.cluster.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.internal.ServiceProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/**
 * The startup timeout given to a Spark node, before or after the settings its probe reads, is the
 * one its probe waits: a probe replaced at start would fall back to Testcontainers' default (a
 * master on a loaded machine whose JVM alone took 16 s then failed at 30 s).
 */
class StartupTimeoutTest {

    private static final DockerImageName IMAGE = DockerImageName.parse("datalake/spark:test");
    private static final Duration SEVEN_MINUTES = Duration.ofMinutes(7);

    @Test
    void masterAndWorkerProbesGetTheStartupTimeout() {
        SparkMasterContainer master = new SparkMasterContainer(IMAGE).withStartupTimeout(SEVEN_MINUTES);
        master.withExpectedWorkers(2).withJupyter("t").configure();
        assertThat(timeoutOf(master)).isEqualTo(SEVEN_MINUTES);
        assertThat(((ServiceProbe) master.waitStrategy()).description()).contains("aliveworkers = 2").contains("8888");

        SparkWorkerContainer worker = new SparkWorkerContainer(IMAGE, 1).withStartupTimeout(SEVEN_MINUTES);
        worker.configure();
        assertThat(timeoutOf(worker)).isEqualTo(SEVEN_MINUTES);
    }

    private static Duration timeoutOf(SparkNodeContainer<?> node) {
        return ((ServiceProbe) node.waitStrategy()).startupTimeout();
    }
}
