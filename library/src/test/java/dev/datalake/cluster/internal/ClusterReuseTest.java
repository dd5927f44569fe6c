package dev.datalake.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/** What reuse derives is the same in every JVM, and differs with the configuration. */
class ClusterReuseTest {

    @Test
    void idsAndSecretsAreDerivedFromTheConfiguration() {
        String id = ClusterReuse.clusterId("workers=2|spark=datalake/spark:abc");
        assertThat(id).matches("[0-9a-f]{8}").isEqualTo(ClusterReuse.clusterId("workers=2|spark=datalake/spark:abc"));
        assertThat(ClusterReuse.clusterId("workers=3|spark=datalake/spark:abc")).isNotEqualTo(id);
        assertThat(ClusterReuse.clusterId("workers=2|spark=datalake/spark:abd")).isNotEqualTo(id);

        String secret = ClusterReuse.secret(id, "object-store", 12);
        assertThat(secret).matches("[0-9a-f]{24}").isEqualTo(ClusterReuse.secret(id, "object-store", 12));
        assertThat(ClusterReuse.secret(id, "jupyter", 12)).isNotEqualTo(secret);
        assertThat(ClusterReuse.networkName(id)).isEqualTo("datalake-" + id);
    }

    @Test
    void aReusedContainerHasTheSameLabelsInEveryJvm() {
        GenericContainer<?> container = new GenericContainer<>("datalake/spark:test");
        ClusterResources.join(container, "c0ffee00", ClusterReuse.network("c0ffee00"), "spark-master",
                ClusterResources.LOOPBACK, Map.of());
        ClusterReuse.mark(container);
        assertThat(container.isShouldBeReused()).isTrue();
        assertThat(container.getLabels()).containsEntry(ClusterResources.OWNER_LABEL, ClusterReuse.OWNER)
                .containsEntry(ClusterReuse.REUSE_LABEL, "true");
        // Testcontainers' random "tc-..." alias would change every creation request
        assertThat(container.getNetworkAliases()).containsExactly("spark-master");
    }

    @Test
    void removeStaleLeavesReusedClustersAlone() {
        assertThat(ClusterResources.isStale(Map.of(ClusterResources.LABEL, "c0ffee00",
                ClusterResources.OWNER_LABEL, ClusterReuse.OWNER, ClusterReuse.REUSE_LABEL, "true"))).isFalse();
        assertThat(ClusterResources.isStale(Map.of(ClusterResources.LABEL, "c0ffee00"))).isTrue();
    }
}
