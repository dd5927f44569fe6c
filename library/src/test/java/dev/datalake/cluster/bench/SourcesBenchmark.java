package dev.datalake.cluster.bench;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.StartupReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.testcontainers.containers.GenericContainer;

/**
 * What the sources beside the lake cost (bench/sources): the start of store + master + one worker
 * with and without Kafka, PostgreSQL and MongoDB (images made ready first, so both starts are
 * container time only), each service's time to ready, and the idle memory of each container.
 */
public final class SourcesBenchmark {

    private SourcesBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 1;
        ImageSet images = ImageSet.fromEnvironment();
        System.out.printf("sources benchmark: %s images, %d CPU(s), load average %s%n", images,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
        // once, so that neither timed start builds or resolves anything
        try (DataLakeCluster warm = builder(images, true).start()) {
            System.out.println("images ready (warm-up start " + warm.startupReport().total().toMillis() / 1000.0 + " s)");
        }
        for (int run = 1; run <= runs; run++) {
            double without = start(images, false, false);
            double with = start(images, true, run == runs);
            System.out.printf("round %d: store + master + 1 worker %.1f s; with kafka, postgres, mongo %.1f s; ratio %.2f%n",
                    run, without, with, with / without);
        }
    }

    private static DataLakeCluster.Builder builder(ImageSet images, boolean sources) {
        return DataLakeCluster.builder().images(images).sparkWorkers(1).jupyter(false).airflow(false)
                .kafka(sources).postgres(sources).mongo(sources);
    }

    /** Starts the cluster, prints its report (and idle memory when asked), returns start()'s seconds. */
    private static double start(ImageSet images, boolean sources, boolean memory) throws Exception {
        long begin = System.nanoTime();
        try (DataLakeCluster cluster = builder(images, sources).start()) {
            double seconds = (System.nanoTime() - begin) / 1e9;
            StartupReport report = cluster.startupReport();
            System.out.printf("%s: start() %.1f s%n%s%n", sources ? "with the sources" : "without", seconds, report);
            if (memory) {
                Thread.sleep(30_000);
                Map<String, Long> idle = new TreeMap<>();
                for (Map.Entry<String, GenericContainer<?>> container : cluster.containers().entrySet()) {
                    idle.put(container.getKey(), DockerStats.memoryBytes(container.getValue().getContainerId()));
                }
                System.out.println("idle memory after 30 s (docker stats --no-stream):");
                idle.forEach((name, bytes) -> System.out.printf("  %-16s %6.1f MiB%n", name, bytes / 1048576.0));
            }
            return seconds;
        }
    }
}
