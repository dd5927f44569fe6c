package dev.datalake.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datalake.cluster.internal.ClusterResources;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * {@code java -jar target/datalake-cluster-cli.jar up} in a child JVM: the ready line and the
 * table, then SIGTERM: exit code 0 and nothing of the cluster left.
 */
class DataLakeCliUpIT {

    private static final Path JAR = Path.of("target", "datalake-cluster-cli.jar");
    private static final Pattern CLUSTER_ID = Pattern.compile("Cluster ([0-9a-f]+);");

    @Test
    void upPrintsTheServicesWhenReadyAndRemovesEverythingOnSigterm() throws Exception {
        assertThat(JAR).as("built by mvn package").exists();
        Path folder = Files.createDirectories(Path.of("target", "cli-it"));
        Path log = folder.resolve("up-stderr.log");
        // stdout to a file, not a pipe: Process.destroy() closes the pipes, and the last lines come after it
        Path stdout = folder.resolve("up-stdout.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString(),
                "up", "--images", "offline", "--workers", "1", "--no-jupyter", "--no-airflow", "--random-ports")
                .redirectError(log.toFile())
                .redirectOutput(stdout.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            List<String> out = Files.readAllLines(stdout);
            while (out.stream().noneMatch(l -> l.startsWith(UpCommand.READY)) && process.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                out = Files.readAllLines(stdout);
            }
            assertThat(out).as("stdout of up; stderr in %s:%n%s", log, Files.readString(log))
                    .anyMatch(l -> l.startsWith(UpCommand.READY));
            String table = String.join("\n", out);
            assertThat(table).contains("SERVICE", "object store (S3)", "access key datalake", "Spark master",
                    "spark://spark-master:7077", "Spark master UI").doesNotContain("Jupyter", "Airflow", "MinIO console");
            Matcher id = CLUSTER_ID.matcher(table);
            assertThat(id.find()).isTrue();
            String clusterId = id.group(1);

            // the table's UI URL is the real master, and it counts the worker
            String uiUrl = out.stream().filter(l -> l.startsWith("Spark master UI")).findFirst().orElseThrow()
                    .split("\\s{2,}")[1];
            JsonNode state = new ObjectMapper().readTree(URI.create(uiUrl + "/json/").toURL());
            assertThat(state.path("status").asText()).isEqualTo("ALIVE");
            assertThat(state.path("aliveworkers").asInt()).isEqualTo(1);
            assertThat(labelled(clusterId)).isPositive();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("up stopped within 90 s").isTrue();
            assertThat(process.exitValue()).as("exit code; stderr:%n%s", Files.readString(log)).isZero();
            assertThat(Files.readAllLines(stdout)).anyMatch(l -> l.startsWith("Removed"));
            assertThat(labelled(clusterId)).as("containers and networks labelled %s", clusterId).isZero();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Containers (running or not) and networks with the cluster's label. */
    private static int labelled(String clusterId) {
        var docker = DockerClientFactory.lazyClient();
        String filter = ClusterResources.LABEL + "=" + clusterId;
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec().size()
                + docker.listNetworksCmd().withFilter("label", List.of(filter)).exec().size();
    }
}
