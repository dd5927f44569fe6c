package dev.datalake.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;

/** What reuse derives is the same in every JVM, and differs with the configuration. */
class ClusterReuseTest {

    @Test
    void idsAndSecretsAreDerivedFromTheConfigurationAndTheUsersSalt() {
        String salt = "a".repeat(64);
        String id = ClusterReuse.clusterId(salt, "workers=2|spark=datalake/spark:abc");
        assertThat(id).matches("[0-9a-f]{8}").isEqualTo(ClusterReuse.clusterId(salt, "workers=2|spark=datalake/spark:abc"));
        assertThat(ClusterReuse.clusterId(salt, "workers=3|spark=datalake/spark:abc")).isNotEqualTo(id);
        assertThat(ClusterReuse.clusterId(salt, "workers=2|spark=datalake/spark:abd")).isNotEqualTo(id);

        String secret = ClusterReuse.secret(salt, id, "object-store", 12);
        assertThat(secret).matches("[0-9a-f]{24}").isEqualTo(ClusterReuse.secret(salt, id, "object-store", 12));
        assertThat(ClusterReuse.secret(salt, id, "jupyter", 12)).isNotEqualTo(secret);
        assertThat(ClusterReuse.networkName(id)).isEqualTo("datalake-" + id);
        // the same library and settings without the user's salt give other ids and secrets
        String otherSalt = "b".repeat(64);
        assertThat(ClusterReuse.clusterId(otherSalt, "workers=2|spark=datalake/spark:abc")).isNotEqualTo(id);
        assertThat(ClusterReuse.secret(otherSalt, id, "object-store", 12)).isNotEqualTo(secret);
    }

    @Test
    void theSaltIsRandomKeptInAFileOnlyItsOwnerCanRead(@TempDir Path home) throws Exception {
        Path file = home.resolve(".datalake-cluster").resolve("reuse-salt");
        String salt = ClusterReuse.salt(file);

        assertThat(salt).matches("[0-9a-f]{64}").isEqualTo(ClusterReuse.salt(file));
        assertThat(ClusterReuse.salt(home.resolve("other").resolve("reuse-salt"))).isNotEqualTo(salt);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ClusterReuse.salt(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("can be read by others").hasMessageContaining("chmod 600");
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
        assertThat(ClusterResources.isStale(Map.of(ClusterResources.LABEL, "c0ffee00"))).as("no owner: not ours").isFalse();
    }
}
