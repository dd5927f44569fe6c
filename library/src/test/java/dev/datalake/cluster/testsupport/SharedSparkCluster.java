package dev.datalake.cluster.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The cluster of one Spark line that IT classes share (store, master with Spark Connect and the
 * SQL gateway, 2 workers, Jupyter, no Airflow): the first class of the test run that asks starts
 * it, JUnit's root store keeps it (as {@code @DataLakeTest} keeps its clusters), and it is removed
 * when the run ends, then checked for containers and a network left behind. A class registers it
 * on a static field and reads {@link #cluster()} from its {@code @BeforeAll} on:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedSparkCluster LINE = new SharedSparkCluster(SparkVersion.V3_5);
 * }</pre>
 */
public final class SharedSparkCluster implements BeforeAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSparkCluster.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSparkCluster.class);

    private final SparkVersion line;
    private volatile DataLakeCluster cluster;

    public SharedSparkCluster(SparkVersion line) {
        this.line = line;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(line, key -> Stored.start(line), Stored.class).cluster();
    }

    /** The line's cluster, from the class's {@code @BeforeAll} on. */
    public DataLakeCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster yet: register " + this + " with @RegisterExtension on a static field");
        }
        return cluster;
    }

    @Override
    public String toString() {
        return "the shared Spark " + line.version() + " cluster";
    }

    /** A started cluster, or why it did not start (so the next class fails at once instead of trying again). */
    @SuppressWarnings("deprecation") // CloseableResource: what the root store closes at the end of the run
    private record Stored(DataLakeCluster started, RuntimeException failure)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static Stored start(SparkVersion line) {
            try {
                DataLakeCluster cluster = DataLakeCluster.builder()
                        .images(ImageSet.fromEnvironment())
                        .sparkVersion(line)
                        .sparkWorkers(2)
                        .jupyter(true).airflow(false)
                        .start();
                LOG.info("startup report of the shared Spark {} cluster:\n{}", line.version(), cluster.startupReport());
                return new Stored(cluster, null);
            } catch (RuntimeException e) {
                return new Stored(null, e);
            }
        }

        DataLakeCluster cluster() {
            if (failure != null) {
                throw new IllegalStateException("the shared cluster did not start: " + failure.getMessage(), failure);
            }
            return started;
        }

        /** close() removes every container and the network: a failure here fails the run. */
        @Override
        public void close() {
            if (started == null) {
                return;
            }
            String id = started.id();
            started.close();
            DockerClient docker = DockerClientFactory.lazyClient();
            assertThat(docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(ClusterResources.LABEL + "=" + id)).exec())
                    .as("containers of the shared cluster %s after close()", id).isEmpty();
            assertThat(docker.listNetworksCmd().withFilter("label", List.of(ClusterResources.LABEL + "=" + id)).exec())
                    .as("networks of the shared cluster %s after close()", id).isEmpty();
        }
    }
}
