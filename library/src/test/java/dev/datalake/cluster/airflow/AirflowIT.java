package dev.datalake.cluster.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.EngineImages;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.storage.ObjectStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * Airflow alone on a network, from the library's Airflow image of the image set the run asks for
 * (offline: built here; upstream: on apache/airflow, skipped where that image is not present).
 * On Airflow 2.7.3 the test DAG, from a private folder (0700, files 0600, as a JUnit
 * {@code @TempDir}), is triggered over the REST API v1 and must succeed (Airflow 3 runs the example
 * DAGs in {@link SparkFromAirflowIT}); on Airflow 3 a folder Airflow cannot read fails the start,
 * saying so.
 */
class AirflowIT {

    private static final Logger LOG = LoggerFactory.getLogger(AirflowIT.class);
    private static final String DAG = "hello_datalake";

    @TempDir
    Path temp;

    @Test
    void runsTheTestDagFromAPrivateFolderOverTheRestApi() throws Exception {
        Path dags = privateFolder("dags");
        Files.copy(Path.of("src/test/resources/dags/hello_datalake.py"), dags.resolve("hello_datalake.py"));
        PrivateDagFolders.restrict(dags, "rwx------", "rw-------");
        try (Network network = Network.newNetwork();
                AirflowContainer airflow = new AirflowContainer(image(AirflowVersion.V2_7))
                        .withAirflowVersion(AirflowVersion.V2_7)
                        .withNetwork(network)
                        .withDags(dags)
                        .withObjectStore(new AddressOnlyStore())
                        .withAdminCredentials("datalake", "it-" + Long.toHexString(System.nanoTime()))) {
            airflow.start();
            AirflowServer server = new AirflowServer(airflow);
            LOG.info("Airflow is up at {} (user {}, running as {})", server.url(), server.username(),
                    airflow.containerUser());

            assertThat(server.version()).isEqualTo("2.7.3");
            String runId = server.triggerDag(DAG);
            String state = server.awaitDagRun(DAG, runId, Duration.ofMinutes(5));

            assertThat(state).as("run %s of %s; container log tail:%n%s", runId, DAG,
                    ContainerExec.tail(airflow.getLogs(), 80)).isEqualTo("success");
            assertThat(airflow.getLogs()).as("the password is never printed").doesNotContain(airflow.adminPassword());
        }
    }

    @Test
    void aDagFileAirflowCannotReadFailsTheStartNamingIt() throws Exception {
        Path dags = privateFolder("unreadable");
        Files.copy(Path.of("src/test/resources/dags/hello_datalake.py"), dags.resolve("hello_datalake.py"));
        // nobody but root may read it, and the container runs as the folder's owner (never root here)
        PrivateDagFolders.restrict(dags, "rwx------", "---------");
        try (Network network = Network.newNetwork();
                AirflowContainer airflow = new AirflowContainer(image(AirflowVersion.V3_3))
                        .withAirflowVersion(AirflowVersion.V3_3).withNetwork(network).withDags(dags)) {
            Assumptions.assumeFalse("0:0".equals(airflow.containerUser()),
                    "the DAG folder could not be given to another uid: root reads everything");
            assertThatThrownBy(airflow::start)
                    .satisfies(e -> assertThat(rootCause(e).getMessage())
                            .contains("cannot read the DAG folder " + dags)
                            .contains("hello_datalake.py")
                            .contains("uid:gid " + airflow.containerUser()));
        }
    }

    /** The library's Airflow image of the run's image set; skips upstream where apache/airflow is not present. */
    private static String image(AirflowVersion version) {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine is reachable: Airflow IT skipped");
        ImageSet set = ImageSet.fromEnvironment();
        if (!set.isOffline()) {
            String base = set.airflowImage(SparkVersion.DEFAULT, version);
            Assumptions.assumeTrue(EngineImages.present(base), base
                    + " is not present and no registry is reachable here: Airflow IT skipped");
        }
        return ClusterImages.of(set, SparkVersion.DEFAULT).airflow(version);
    }

    private Path privateFolder(String name) throws IOException {
        return Files.createDirectory(temp.resolve(name));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * Only the addresses a store gives containers: the test DAG checks the variables are there,
     * it does not talk to S3.
     */
    private static final class AddressOnlyStore implements ObjectStore {

        @Override
        public URI endpoint() {
            return URI.create("http://localhost:9000");
        }

        @Override
        public URI internalEndpoint() {
            return URI.create("http://minio:9000");
        }

        @Override
        public String accessKey() {
            return "airflow-it";
        }

        @Override
        public String secretKey() {
            return "airflow-it-secret";
        }

        @Override
        public void createBucket(String bucket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putObject(String bucket, String key, byte[] content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] getObject(String bucket, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> listObjects(String bucket, String prefix) {
            throw new UnsupportedOperationException();
        }
    }
}
