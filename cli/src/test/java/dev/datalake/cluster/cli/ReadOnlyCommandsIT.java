package dev.datalake.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code status} and {@code down --dry-run} only read: with Testcontainers' Ryuk enabled, which
 * would start a container (and, where its image cannot be pulled, wait minutes for it), they answer
 * at once.
 */
class ReadOnlyCommandsIT {

    private static final Path JAR = Path.of("target", "datalake-cluster-cli.jar");

    @Test
    void statusAndADryRunDownStartNoContainerEvenWithRyukEnabled() throws Exception {
        assertThat(JAR).as("built by mvn package").exists();
        for (List<String> command : List.of(List.of("status"), List.of("down", "--dry-run"))) {
            List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx128m", "-jar", JAR.toString()));
            line.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
            builder.environment().put("TESTCONTAINERS_RYUK_DISABLED", "false");
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                boolean ended = process.waitFor(60, TimeUnit.SECONDS);
                String output = ended ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("%s answered in %d ms%n", command, millis);
                assertThat(ended).as("%s ended within 60 s", command).isTrue();
                assertThat(process.exitValue()).as("%s exit code; output:%n%s", command, output).isZero();
                assertThat(output).doesNotContain("ryuk").doesNotContain("Ryuk");
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
