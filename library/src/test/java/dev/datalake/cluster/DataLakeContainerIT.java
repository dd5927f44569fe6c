package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.internal.ClusterResources;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The cluster as Testcontainers users write containers: a {@code @Container} field started by
 * {@code @Testcontainers}, and a {@code dependsOn} target of another container on its network.
 */
@Testcontainers
class DataLakeContainerIT {

    @Container
    static final DataLakeContainer LAKE = DataLakeCluster.builder().sparkWorkers(0).jupyter(false).airflow(false)
            .build();

    private static String lakeId;

    @Test
    void aContainerFieldIsStartedBeforeTheTests() {
        DataLakeCluster cluster = LAKE.cluster();
        lakeId = cluster.id();
        assertThat(cluster.spark().aliveWorkers()).isZero();
        cluster.objectStore().createBucket("startable");
        cluster.objectStore().putObject("startable", "a.txt", "a".getBytes(StandardCharsets.UTF_8));
        assertThat(cluster.objectStore().listObjects("startable", "")).containsExactly("a.txt");
        LAKE.start(); // idempotent: the same cluster
        assertThat(LAKE.cluster().id()).isEqualTo(lakeId);
    }

    @Test
    void aDependsOnTargetStartsFirstAndIsReachableOnItsNetwork() {
        DataLakeContainer lake = DataLakeCluster.builder().sparkWorkers(0).jupyter(false).airflow(false).build();
        assertThatThrownBy(lake::cluster).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
        // any container that needs the lake: debian (seeded or pulled) asks the store's S3 port over the network
        GenericContainer<?> client = new GenericContainer<>(DockerImageName.parse(ImageSet.OFFLINE_BASE_IMAGE))
                .dependsOn(lake)
                .withCommand("bash", "-c", "exec 3<>/dev/tcp/minio/9000 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 "
                        + "&& cat <&3 && sleep 300")
                .waitingFor(Wait.forLogMessage(".*HTTP/1.1.*", 1));
        try {
            // the network exists only once the lake started: set it lazily, as dependsOn starts the lake first
            client.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                    .withNetworkMode(lake.cluster().network().getId()));
            client.start();
            assertThat(lake.cluster().spark().aliveWorkers()).isZero();
            assertThat(client.getLogs()).contains("HTTP/1.1");
        } finally {
            client.stop();
            String id = lake.cluster().id();
            lake.stop();
            assertThatThrownBy(lake::cluster).isInstanceOf(IllegalStateException.class);
            assertThat(labelled(id)).as("nothing of the stopped lake is left").isZero();
        }
    }

    @AfterAll
    static void theFieldsClusterIsRemovedByTestcontainers() {
        // @Testcontainers stops static fields after this method; checked in the next class's run is not
        // possible, so check the label is still ours now and rely on stop() (tested above) for removal
        assertThat(labelled(lakeId)).isPositive();
    }

    private static long labelled(String clusterId) {
        return DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(ClusterResources.LABEL, clusterId)).exec().size();
    }
}
