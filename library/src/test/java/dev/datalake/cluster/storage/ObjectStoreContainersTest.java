package dev.datalake.cluster.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.internal.ServiceProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObjectStoreContainersTest {

    @Test
    void minioUsesRootCredentialsPortsAndTheReadinessEndpoint() {
        MinioContainer minio = configured(new MinioContainer().withCredentials("access", "secret-key"));

        // the constant, not getDockerImageName(): that one resolves (pulls) the image
        assertThat(MinioContainer.DEFAULT_IMAGE).isEqualTo("quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z");
        assertThat(minio.getEnvMap())
                .containsEntry("MINIO_ROOT_USER", "access")
                .containsEntry("MINIO_ROOT_PASSWORD", "secret-key")
                .doesNotContainKeys("MINIO_ACCESS_KEY", "MINIO_SECRET_KEY");
        assertThat(minio.getCommandParts()).containsExactly("server", "/data", "--address", ":9000",
                "--console-address", ":9001");
        assertThat(minio.getExposedPorts()).containsExactlyInAnyOrder(9000, 9001);
        assertThat(minio.waitStrategy()).isInstanceOfSatisfying(ServiceProbe.class,
                probe -> assertThat(probe.description()).isEqualTo("GET :9000/minio/health/cluster answers 200"));
    }

    @Test
    void minioImageIsASubstituteForMinioMinio() {
        new MinioContainer("quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z");
        new MinioContainer(org.testcontainers.utility.DockerImageName.parse(MinioContainer.DEFAULT_IMAGE));
        new MinioContainer(org.testcontainers.utility.DockerImageName.parse("minio/minio:latest"));
        new MinioContainer(org.testcontainers.utility.DockerImageName.parse("registry.example/mirror/minio:1")
                .asCompatibleSubstituteFor("minio/minio"));
        assertThatThrownBy(() -> new MinioContainer(org.testcontainers.utility.DockerImageName.parse("nginx:1")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void s3proxyGetsCredentialsBackendAndAListBucketsProbe() {
        S3ProxyContainer proxy = configured(new S3ProxyContainer("datalake/offline-s3proxy:test")
                .withCredentials("access", "secret-key"));

        assertThat(proxy.getEnvMap())
                .containsEntry("S3PROXY_IDENTITY", "access")
                .containsEntry("S3PROXY_CREDENTIAL", "secret-key")
                .containsEntry("S3PROXY_BACKEND", "transient");
        assertThat(proxy.getExposedPorts()).containsExactly(9000);
        assertThat(((ServiceProbe) proxy.waitStrategy()).description()).contains("ListBuckets");
        assertThatThrownBy(() -> proxy.withBackend("filesystem-nio2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transient");
    }

    @Test
    void probesGetTheStartupTimeoutGivenAfterTheConstructor() {
        Duration sevenMinutes = Duration.ofMinutes(7);
        S3ProxyContainer proxy = new S3ProxyContainer("datalake/offline-s3proxy:test").withStartupTimeout(sevenMinutes);
        assertThat(((ServiceProbe) configured(proxy).waitStrategy()).startupTimeout()).isEqualTo(sevenMinutes);
        MinioContainer minio = new MinioContainer().withStartupTimeout(sevenMinutes);
        assertThat(((ServiceProbe) configured(minio).waitStrategy()).startupTimeout()).isEqualTo(sevenMinutes);
    }

    @Test
    void credentialsFollowMinioLimits() {
        assertThatThrownBy(() -> new MinioContainer().withCredentials("ab", "12345678"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("access key").hasMessageContaining("3");
        assertThatThrownBy(() -> new MinioContainer().withCredentials("abc", "1234567"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret key").hasMessageContaining("8");
        assertThatThrownBy(() -> new MinioContainer().withCredentials(null, "12345678"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containersReachTheStoreUnderTheMinioAlias() {
        MinioContainer minio = new MinioContainer();
        minio.withNetworkAliases("minio");
        assertThat(minio.internalEndpoint()).hasToString("http://minio:9000");
        assertThat(minio.containerEnvironment())
                .containsEntry("S3_ENDPOINT", "http://minio:9000")
                .containsEntry("AWS_ACCESS_KEY_ID", "datalake")
                .containsKey("AWS_SECRET_ACCESS_KEY");
    }

    /** Runs {@code configure()} as {@code start()} would, without Docker. */
    private static <T extends ObjectStoreContainer<?>> T configured(T container) {
        container.configure();
        return container;
    }
}
