package dev.datalake.cluster.bench;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.airflow.AirflowServer;
import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Network;

/**
 * Airflow alone, per version, as the library configures it: the time from the start request until
 * its probe says ready (migration, admin user, every process up, first heartbeats) and its memory
 * after {@value #IDLE_SECONDS} s idle ({@code docker stats --no-stream}); medians of {@code --runs N}.
 *   bench/airflow [--runs N]
 */
public final class AirflowBenchmark {

    static final int IDLE_SECONDS = 30;

    private AirflowBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 3;
        ImageSet set = ClusterImages.decide(ImageSet.fromEnvironment());
        System.out.printf("Airflow alone: %s images, %d CPU(s), %d run(s) per version%n", set,
                Runtime.getRuntime().availableProcessors(), runs);
        for (AirflowVersion version : AirflowVersion.values()) {
            String image = ClusterImages.of(set, SparkVersion.DEFAULT).airflow(version);
            List<Double> ready = new ArrayList<>();
            List<Double> idle = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                try (Network network = Network.newNetwork();
                        AirflowContainer airflow = new AirflowContainer(image).withAirflowVersion(version)
                                .withNetwork(network)) {
                    long t = System.nanoTime();
                    airflow.start();
                    ready.add((System.nanoTime() - t) / 1e9);
                    String running = new AirflowServer(airflow).version();
                    Thread.sleep(IDLE_SECONDS * 1000L);
                    idle.add(DockerStats.memoryBytes(airflow.getContainerId()) / 1024.0 / 1024.0);
                    System.out.printf("  %s (server says %s) run %d: ready %.1f s, idle %.0f MiB%n",
                            version.version(), running, i + 1, ready.get(i), idle.get(i));
                }
            }
            System.out.printf("Airflow %s: ready %.1f s, idle %.0f MiB (medians of %d)%n", version.version(),
                    median(ready), median(idle), runs);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
