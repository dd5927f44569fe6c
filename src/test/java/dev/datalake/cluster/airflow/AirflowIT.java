package dev.datalake.cluster.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.EngineImages;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.storage.ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * Airflow alone on a network, from the upstream image, with the test DAG folder: the test DAG is
 * triggered over the REST API and must succeed. Skipped where the image is not present (no
 * registry can be reached on this project's machines).
 */
class AirflowIT {

    private static final Logger LOG = LoggerFactory.getLogger(AirflowIT.class);
    private static final String IMAGE = AirflowContainer.DEFAULT_IMAGE;
    private static final String DAG = "hello_datalake";

    @Test
    void triggersTheTestDagOverTheRestApiAndItSucceeds() throws Exception {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine is reachable: Airflow IT skipped");
        Assumptions.assumeTrue(EngineImages.present(IMAGE),
                IMAGE + " is not present and no registry is reachable here: Airflow IT skipped");

        Path dags = Path.of(AirflowIT.class.getResource("/dags").toURI());
        try (Network network = Network.newNetwork();
                AirflowContainer airflow = new AirflowContainer(IMAGE)
                        .withNetwork(network)
                        .withDags(dags)
                        .withObjectStore(new AddressOnlyStore())
                        .withAdminCredentials("datalake", "it-" + Long.toHexString(System.nanoTime()))) {
            airflow.start();
            AirflowServer server = new AirflowServer(airflow);
            LOG.info("Airflow is up at {} (user {})", server.url(), server.username());

            String runId = server.triggerDag(DAG);
            String state = server.awaitDagRun(DAG, runId, Duration.ofMinutes(5));

            assertThat(state).as("run %s of %s; container log tail:%n%s", runId, DAG,
                    ContainerExec.tail(airflow.getLogs(), 80)).isEqualTo("success");
            assertThat(airflow.getLogs()).as("the password is never printed").doesNotContain(airflow.adminPassword());
        }
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
