package dev.datalake.cluster.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The memory a container uses now, as {@code docker stats --no-stream} reports it. */
final class DockerStats {

    private static final Pattern SIZE = Pattern.compile("([0-9.]+)\\s*([KMGT]?i?B)", Pattern.CASE_INSENSITIVE);

    private DockerStats() {}

    /** CPU seconds the container has used so far, from its cgroup (v1 cpuacct or v2 cpu.stat). */
    static double cpuSeconds(org.testcontainers.containers.GenericContainer<?> container) {
        var result = dev.datalake.cluster.internal.ContainerExec.run(container, java.time.Duration.ofSeconds(30),
                java.util.List.of("sh", "-c", "cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null "
                        + "|| awk '/^usage_usec/ {printf \"%d\\n\", $2 * 1000}' /sys/fs/cgroup/cpu.stat"));
        try {
            return Long.parseLong(result.stdout().trim()) / 1e9;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static long memoryBytes(String containerId) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("docker", "stats", "--no-stream", "--format", "{{.MemUsage}}", containerId)
                .redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IOException("docker stats failed: " + text);
        }
        return parse(text.split("/")[0]);
    }

    /** {@code 215.3MiB} → bytes; docker prints binary units with "i" and decimal ones without. */
    static long parse(String usage) {
        Matcher m = SIZE.matcher(usage.trim());
        if (!m.find()) {
            throw new IllegalArgumentException("not a memory size: " + usage);
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        double base = unit.contains("I") ? 1024 : 1000;
        int power = switch (unit.charAt(0)) {
            case 'K' -> 1;
            case 'M' -> 2;
            case 'G' -> 3;
            case 'T' -> 4;
            default -> 0;
        };
        return (long) (value * Math.pow(base, power));
    }
}
