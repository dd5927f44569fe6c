package dev.datalake.cluster.spark;

import static dev.datalake.cluster.TestContainers.configured;
import static dev.datalake.cluster.TestContainers.waitStrategy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.storage.S3ProxyContainer;
import java.lang.reflect.Field;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The builder's startup timeout reaches the probes that {@code configure()} sets at start. It used
 * not to: the master waited 30 s at most (WaitAllStrategy's own default), whatever was asked for,
 * and failed on a loaded machine where its JVM alone took 16 s to come up.
 */
class StartupTimeoutTest {

    private static final DockerImageName IMAGE = DockerImageName.parse("datalake/spark:test");
    private static final Duration SEVEN_MINUTES = Duration.ofMinutes(7);

    @Test
    void masterWorkerAndObjectStoreProbesGetTheStartupTimeout() throws Exception {
        assertThat(timeoutOf(new SparkMasterContainer(IMAGE).withExpectedWorkers(2).withJupyter("t")))
                .isEqualTo(SEVEN_MINUTES);
        assertThat(timeoutOf(new SparkWorkerContainer(IMAGE, 1))).isEqualTo(SEVEN_MINUTES);
        assertThat(timeoutOf(new S3ProxyContainer("datalake/offline-s3proxy:test"))).isEqualTo(SEVEN_MINUTES);
    }

    private static Duration timeoutOf(GenericContainer<?> container) throws Exception {
        container.withStartupTimeout(SEVEN_MINUTES);
        WaitStrategy wait = waitStrategy(configured(container));
        for (Class<?> type = wait.getClass(); type != null; type = type.getSuperclass()) {
            for (String name : new String[] {"timeout", "startupTimeout"}) {
                try {
                    Field field = type.getDeclaredField(name);
                    field.setAccessible(true);
                    return (Duration) field.get(wait);
                } catch (NoSuchFieldException e) {
                    // look further up
                }
            }
        }
        throw new IllegalStateException("no timeout field in " + wait.getClass());
    }
}
