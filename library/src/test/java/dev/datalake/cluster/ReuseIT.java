package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.github.dockerjava.api.DockerClient;
import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ClusterReuse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Reuse across JVMs, as a test class run twice would see it: two child JVMs with Testcontainers'
 * reuse enabled ({@code TESTCONTAINERS_REUSE_ENABLE=true}) start the same reused cluster. The first
 * stores an object and exits; the second finds the same cluster (id, containers) and the object.
 * This JVM then removes the cluster. Timings go to the log.
 */
class ReuseIT {

    private static final Logger LOG = LoggerFactory.getLogger(ReuseIT.class);
    private static final List<String> reusedIds = new ArrayList<>();

    /** The configuration both runs use: small, one worker, no Jupyter. */
    static DataLakeCluster.Builder builder() {
        return DataLakeCluster.builder().images(ImageSet.fromEnvironment()).sparkWorkers(1)
                .sparkWorkerMemory("512m").jupyter(false).airflow(false).reuse(true);
    }

    /** With Airflow, a DAG folder new in every run and a fixed host port: what a test class run twice has. */
    static DataLakeCluster.Builder airflowBuilder(Path dags, int airflowHostPort) {
        return DataLakeCluster.builder().images(ImageSet.fromEnvironment()).sparkWorkers(0).jupyter(false)
                .airflow(true).airflowDags(dags).hostPort(Service.AIRFLOW, AirflowContainer.PORT, airflowHostPort)
                .reuse(true);
    }

    @AfterAll
    static void removeReusedClusters() {
        for (String id : reusedIds) {
            int removed = ClusterResources.removeLabelled(id);
            ClusterReuse.forget(id);
            LOG.info("removed reused cluster {} ({} containers and networks)", id, removed);
            DockerClient docker = DockerClientFactory.lazyClient();
            assertThat(docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(ClusterResources.LABEL + "=" + id)).exec()).isEmpty();
        }
    }

    @Test
    void theNextJvmFindsTheSameClusterWithItsObjects() throws Exception {
        Map<String, String> first = runChild("put");
        reusedIds.add(first.get("id"));
        LOG.info("first run (creates the cluster): start() {} ms, {} ms since its JVM started",
                first.get("startMs"), first.get("sinceJvmStartMs"));
        assertThat(first).containsEntry("reused", "true");

        DockerClient docker = DockerClientFactory.lazyClient();
        assertThat(docker.listContainersCmd().withLabelFilter(List.of(ClusterResources.LABEL + "=" + first.get("id")))
                .exec()).as("close() keeps a reused cluster running").hasSize(3);

        Map<String, String> second = runChild("get");
        LOG.info("second run (reuses it): start() {} ms, {} ms since its JVM started (target: ready in < 3 s)",
                second.get("startMs"), second.get("sinceJvmStartMs"));
        assertThat(second.get("id")).isEqualTo(first.get("id"));
        assertThat(second.get("containers")).isEqualTo(first.get("containers"));
        assertThat(second.get("secret")).isEqualTo(first.get("secret"));
        assertThat(second).containsEntry("object", "kept");
    }

    @Test
    void theNextJvmReusesEveryContainerAirflowIncludedWithATemporaryDagFolderAndAFixedPort() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> first = runChild("airflow", String.valueOf(port));
        reusedIds.add(first.get("id"));
        LOG.info("first run with Airflow: start() {} ms", first.get("startMs"));
        assertThat(first).containsEntry("reused", "true");

        Map<String, String> second = runChild("airflow", String.valueOf(port));
        LOG.info("second run with Airflow: start() {} ms", second.get("startMs"));
        assertThat(second.get("id")).isEqualTo(first.get("id"));
        assertThat(second.get("containers")).contains("airflow=").isEqualTo(first.get("containers"));
        assertThat(DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ClusterResources.LABEL + "=" + first.get("id"))).exec())
                .as("one container per service, no second Airflow").hasSize(3);
    }

    @Test
    void withoutTestcontainersReuseItIsANormalCluster() {
        assumeFalse(ClusterReuse.environmentSupportsReuse(), "Testcontainers' reuse is enabled in this JVM");
        String id;
        try (DataLakeCluster cluster = DataLakeCluster.builder().images(ImageSet.fromEnvironment()).sparkWorkers(0)
                .jupyter(false).airflow(false).reuse(true).start()) {
            id = cluster.id();
            assertThat(cluster.reused()).isFalse();
        }
        assertThat(DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ClusterResources.LABEL + "=" + id)).exec()).as("close() removed it").isEmpty();
    }

    /** Runs {@link ReuseRun} in a new JVM with reuse enabled; returns its REUSE lines. */
    private static Map<String, String> runChild(String... args) throws IOException, InterruptedException {
        String mode = args[0];
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path")));
        for (String property : List.of(ImageSet.PROPERTY, "org.slf4j.simpleLogger.defaultLogLevel",
                "org.slf4j.simpleLogger.showDateTime", "org.slf4j.simpleLogger.dateTimeFormat")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add(ReuseRun.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TESTCONTAINERS_REUSE_ENABLE", "true");
        Process process = builder.start();
        Map<String, String> values = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                LOG.info("[{} run] {}", mode, line);
                if (line.startsWith("REUSE ")) {
                    int eq = line.indexOf('=');
                    values.put(line.substring(6, eq), line.substring(eq + 1));
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("the " + mode + " run failed:\n" + output);
        }
        return values;
    }
}
