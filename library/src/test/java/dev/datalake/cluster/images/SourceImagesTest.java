package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The offline images of Kafka, PostgreSQL and MongoDB (FerretDB): their inputs, their tags, their scripts. */
class SourceImagesTest {

    private static final Supplier<MavenArtifacts> NO_MAVEN = () -> {
        throw new AssertionError("Maven was asked to compute a tag");
    };

    @Test
    void kafkaIsTheBrokerOfOneVersionWithTheDistributionsLoggingBinding() {
        assertThat(SourceImages.kafkaCoordinates()).containsExactly(
                "org.apache.kafka:kafka_2.13:" + SourceImages.KAFKA_VERSION,
                "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3", "org.apache.kafka:kafka-tools:" + SourceImages.KAFKA_VERSION);
        assertThat(SourceImages.kafkaExclusions()).contains("org.apache.kafka:connect-runtime");
        BuildSpec spec = SourceImages.kafka("datalake/offline-jre:1", NO_MAVEN);
        assertThat(spec.buildArgs).containsEntry("BASE_IMAGE", "datalake/offline-jre:1");
        assertThat(spec.jarFolders).containsOnlyKeys("libs");
        assertThat(ImageBuilder.tag(spec)).startsWith("datalake/offline-kafka:")
                .isNotEqualTo(ImageBuilder.tag(SourceImages.kafka("datalake/offline-jre:2", NO_MAVEN)));
    }

    @Test
    void theFerretDbBinaryIsNotBuiltToComputeTheTag() {
        BuildSpec spec = SourceImages.ferretDb("debian:bookworm-slim");
        assertThat(spec.builtFiles).containsOnlyKeys("bin/ferretdb");
        // the supplier would run Go: the tag comes from the module version, tags and architecture
        assertThat(ImageBuilder.tag(spec)).startsWith("datalake/offline-ferretdb:");
        assertThat(spec.fingerprints).containsExactly("bin/ferretdb=github.com/FerretDB/FerretDB@v1.24.2 tags="
                + "ferretdb_no_postgresql arch=" + FerretDbBinary.goArch());
    }

    @Test
    void postgresIsDebiansAndNeedsNothingStaged() {
        BuildSpec spec = SourceImages.postgres("debian:bookworm-slim");
        assertThat(spec.jarFolders).isEmpty();
        assertThat(spec.builtFiles).isEmpty();
        assertThat(text("offline/postgres", "Dockerfile")).contains("postgresql-15", "ENTRYPOINT [\"docker-entrypoint.sh\"]",
                "CMD [\"postgres\"]", "EXPOSE 5432");
    }

    @Test
    void eachOfflineImageKeepsItsUpstreamContract() {
        // apache/kafka: no entrypoint, CMD /etc/kafka/docker/run, Kafka's own wrapper turns KAFKA_* into properties
        assertThat(text("offline/kafka", "Dockerfile")).contains("CMD [\"/etc/kafka/docker/run\"]").doesNotContainPattern("(?m)^ENTRYPOINT");
        assertThat(text("offline/kafka", "run")).contains("kafka.docker.KafkaDockerWrapper setup", "CLUSTER_ID",
                "KAFKA_HEAP_OPTS", "already formatted", "kafka.Kafka /opt/kafka/config/server.properties");
        // the distribution's tool the compose health check runs, at the distribution's path
        assertThat(text("offline/kafka", "bin/kafka-metadata-quorum.sh")).contains("org.apache.kafka.tools.MetadataQuorumCommand");
        assertThat(text("offline/kafka", "Dockerfile")).contains("COPY bin/ /opt/kafka/bin/");
        // postgres: the password never reaches a command line
        assertThat(text("offline/postgres", "docker-entrypoint.sh")).contains("--pwfile", "scram-sha-256",
                "POSTGRES_DB", "listen_addresses='*'");
        // mongo: the root user and authentication from MONGO_INITDB_ROOT_*
        assertThat(text("offline/ferretdb", "docker-entrypoint.sh")).contains("MONGO_INITDB_ROOT_USERNAME",
                "FERRETDB_TEST_ENABLE_NEW_AUTH=true", "FERRETDB_SETUP_DATABASE=admin", "0.0.0.0:27017");
        assertThat(text("offline/ferretdb", "Dockerfile")).contains("EXPOSE 27017", "COPY bin/ferretdb");
    }

    @Test
    void aBuiltFileIsStagedWhereTheDockerfileCopiesIt() throws Exception {
        Path binary = java.nio.file.Files.createTempFile("ferretdb", "");
        java.nio.file.Files.writeString(binary, "binary");
        BuildSpec spec = new BuildSpec("offline-ferretdb", "offline/ferretdb").builtFile("bin/ferretdb", "f", () -> binary);
        Path context = ImageBuilder.stage(spec, new byte[0]);
        assertThat(context.resolve("bin/ferretdb")).hasContent("binary");
        assertThat(context.resolve("Dockerfile")).exists();
    }

    private static String text(String folder, String file) {
        Map<String, byte[]> files = ImageBuilder.resourceFiles(folder);
        assertThat(files).containsKey(file);
        return new String(files.get(file), StandardCharsets.UTF_8);
    }
}
