package dev.datalake.cluster.bench;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.StartupReport;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.spark.SparkNodeContainer;
import dev.datalake.cluster.spark.SparkWorkerContainer;
import dev.datalake.cluster.storage.MinioContainer;
import dev.datalake.cluster.storage.ObjectStoreContainer;
import dev.datalake.cluster.storage.S3ProxyContainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code bench/startup}: how long the data lake takes to start, against the floor of its slowest
 * service, on the images already built here. Prints, in one run:
 * <ol>
 *   <li>the image step, first in this JVM and again (nothing to build: the tags are found);</li>
 *   <li>each service started alone, with nothing else of ours running: the object store; the
 *       Spark master with 0 workers; a worker, from its start request until it has registered,
 *       with a master already up (a worker cannot be ready without one, so its fair "alone" time
 *       starts where the master's ends);</li>
 *   <li>their sum: object store + master + 2 workers, one after the other;</li>
 *   <li>the library's start of object store + master + 2 workers (no Jupyter), and its ratio to
 *       the slowest service alone;</li>
 *   <li>the default cluster (2 workers, Jupyter and Airflow on): its startup report and idle memory,
 *       summed over {@code docker stats --no-stream};</li>
 *   <li>{@code sql(...)} of a CSV count over s3a on that cluster, the first call and later ones,
 *       with a timeline from the Spark event log (millisecond timestamps of the driver's own
 *       events).</li>
 * </ol>
 * Options: {@code --runs N} (alone/library rounds, medians printed; default 1), {@code --no-sql}.
 * Containers are configured as {@link DataLakeCluster} configures them (defaults of the builder).
 */
public final class StartupBenchmark {

    private static final int WORKERS = 2;
    private static final long MB = 1024 * 1024;

    private final ImageSet set;
    private final SparkVersion line;
    private final int runs;
    private final boolean sql;
    private final boolean airflow;
    /** CPU seconds each container had used when it became ready: store, master, worker per round. */
    private final List<Double> aloneCpu = new ArrayList<>();
    private final List<Double> libraryCpu = new ArrayList<>();

    private StartupBenchmark(ImageSet set, SparkVersion line, int runs, boolean sql, boolean airflow) {
        this.set = ClusterImages.decide(set);
        this.line = line;
        this.runs = runs;
        this.sql = sql;
        this.airflow = airflow;
    }

    public static void main(String[] args) throws Exception {
        int runs = 1;
        boolean sql = true;
        boolean airflow = true;
        SparkVersion line = SparkVersion.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--no-sql" -> sql = false;
                case "--no-airflow" -> airflow = false;
                case "--spark" -> line = SparkVersion.parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--runs N, --no-sql, --no-airflow, --spark 3.5|4.0|4.2)");
            }
        }
        new StartupBenchmark(ImageSet.fromEnvironment(), line, runs, sql, airflow).run();
        System.exit(0);
    }

    private void run() throws Exception {
        out("datalake-cluster startup benchmark: %s images, Spark %s, %d CPU(s), load average %s", set,
                line.version(), Runtime.getRuntime().availableProcessors(), loadAverage());

        long t = System.nanoTime();
        DockerClientFactory.instance().client();
        double dockerInit = since(t);
        t = System.nanoTime();
        ClusterImages prepared = ClusterImages.of(set, line);
        Images images = new Images(prepared.objectStore(), prepared.spark());
        double firstImages = since(t);
        t = System.nanoTime();
        ClusterImages again = ClusterImages.of(set, line);
        again.objectStore();
        again.spark();
        double secondImages = since(t);
        out("");
        out("image step");
        out("  Testcontainers' Docker client, once per JVM   %6.2f s  (any container start pays it)", dockerInit);
        out("  image step, first in this JVM                  %6.2f s", firstImages);
        out("  image step, again (unchanged inputs)           %6.2f s", secondImages);

        List<double[]> rounds = new ArrayList<>();
        for (int round = 1; round <= runs; round++) {
            double store = storeAlone(images);
            double[] masterAndWorker = masterAloneThenWorker(images);
            StartupReport report = libraryStart();
            double library = report.total().toMillis() / 1000.0;
            rounds.add(new double[] {store, masterAndWorker[0], masterAndWorker[1], library});
            out("round %d: object store %.1f s, master %.1f s, worker %.1f s, library %.1f s", round, store,
                    masterAndWorker[0], masterAndWorker[1], library);
            if (round == runs) {
                out("library start of the last round, as start() logs it:\n%s", report);
            }
        }
        double store = median(rounds, 0);
        double master = median(rounds, 1);
        double worker = median(rounds, 2);
        double library = median(rounds, 3);
        double slowest = Math.max(store, Math.max(master, worker));
        out("");
        out("start to ready, seconds%s", runs > 1 ? " (median of " + runs + " rounds)" : "");
        out("  object store alone                             %6.1f", store);
        out("  spark master alone (0 workers)                 %6.1f", master);
        out("  spark worker alone (master already up)         %6.1f", worker);
        out("  sum, one after the other (store+master+2x worker) %4.1f", store + master + WORKERS * worker);
        out("  library: store + master + 2 workers, parallel %6.1f", library);
        out("  ratio library / slowest alone (%.1f)           %6.2f  (target <= 1.15)", slowest, library / slowest);
        int cores = Runtime.getRuntime().availableProcessors();
        double storeCpu = medianOf(aloneCpu, 0, 3);
        double masterCpu = medianOf(aloneCpu, 1, 3);
        double workerCpu = medianOf(aloneCpu, 2, 3);
        double aloneCpuSum = storeCpu + masterCpu + WORKERS * workerCpu;
        double libraryCpuMedian = medianOf(libraryCpu, 0, 1);
        out("");
        out("CPU seconds used until ready (cgroup cpuacct of each container)");
        out("  object store %.1f, master %.1f, worker %.1f: store + master + 2 workers %.1f", storeCpu, masterCpu,
                workerCpu, aloneCpuSum);
        out("  library start, all four containers            %6.1f", libraryCpuMedian);
        out("  CPU floor of a parallel start on %d cores      %6.1f s  (their CPU seconds / cores)", cores,
                libraryCpuMedian / cores);
        out("  ratio library / max(slowest alone, CPU floor) %6.2f", library / Math.max(slowest,
                libraryCpuMedian / cores));

        defaultCluster();
    }

    /** The object store alone on its own network, as the library configures it. */
    private double storeAlone(Images images) {
        return alone((id, network) -> {
            ObjectStoreContainer<?> store = objectStore(images);
            ClusterResources.join(store, id, network, ObjectStoreContainer.NETWORK_ALIAS, ClusterResources.LOOPBACK,
                    java.util.Map.of());
            return timedStart(store);
        });
    }

    /** The master alone (0 workers, no Jupyter), then one worker against that running master. */
    private double[] masterAloneThenWorker(Images images) {
        double[] times = new double[2];
        alone((id, network) -> {
            ObjectStoreContainer<?> store = objectStore(images); // not started: the nodes only read its settings
            DockerImageName image = DockerImageName.parse(images.spark());
            SparkMasterContainer master = node(new SparkMasterContainer(image).withExpectedWorkers(0)
                    .withSparkConnect(line.hasConnect()), store);
            ClusterResources.join(master, id, network, SparkMasterContainer.NETWORK_ALIAS, ClusterResources.LOOPBACK,
                    java.util.Map.of());
            times[0] = timedStart(master);
            SparkWorkerContainer worker = node(new SparkWorkerContainer(image, 1), store);
            ClusterResources.join(worker, id, network, SparkWorkerContainer.networkAlias(1), ClusterResources.LOOPBACK,
                    java.util.Map.of());
            times[1] = timedStart(worker);
            return 0;
        });
        return times;
    }

    private ObjectStoreContainer<?> objectStore(Images images) {
        ObjectStoreContainer<?> store = set.isOffline() ? new S3ProxyContainer(images.objectStore())
                : new MinioContainer(images.objectStore());
        store.withCredentials(ObjectStoreContainer.DEFAULT_ACCESS_KEY, "bench-" + hex(6));
        return store;
    }

    private static <T extends SparkNodeContainer<T>> T node(T node, ObjectStoreContainer<?> store) {
        return node.withObjectStore(store).withDaemonMemory(SparkNodeContainer.DEFAULT_DAEMON_MEMORY);
    }

    /** Runs {@code body} on a fresh labelled network and removes everything it started. */
    private double alone(AloneBody body) {
        String id = "bench" + hex(3);
        Network network = ClusterResources.newNetwork(id);
        try {
            return body.run(id, network);
        } finally {
            ClusterResources.removeLabelled(id);
        }
    }

    @FunctionalInterface
    private interface AloneBody {
        double run(String id, Network network);
    }

    private double timedStart(GenericContainer<?> container) {
        long t = System.nanoTime();
        container.start();
        double seconds = since(t);
        aloneCpu.add(DockerStats.cpuSeconds(container));
        return seconds;
    }

    private StartupReport libraryStart() {
        try (DataLakeCluster cluster = DataLakeCluster.builder().images(set).sparkVersion(line).sparkWorkers(WORKERS)
                .jupyter(false).airflow(false).start()) {
            double cpu = 0;
            for (GenericContainer<?> container : cluster.containers().values()) {
                cpu += DockerStats.cpuSeconds(container);
            }
            libraryCpu.add(cpu);
            return cluster.startupReport();
        }
    }

    /**
     * The default cluster (2 workers, Jupyter and Airflow on; Airflow off with --no-airflow, which
     * spares building the line's Airflow image): its start, idle memory, then sql() round trips.
     */
    private void defaultCluster() throws Exception {
        long t = System.nanoTime();
        try (DataLakeCluster cluster = DataLakeCluster.builder().images(set).sparkVersion(line)
                .airflow(airflow).start()) {
            out("");
            out("default cluster (2 workers, Jupyter%s): start() took %.1f s", airflow ? ", Airflow" : "", since(t));
            out("%s", cluster.startupReport());
            Thread.sleep(15_000);
            out("idle memory 15 s after ready (docker stats --no-stream):");
            long total = 0;
            for (var entry : cluster.containers().entrySet()) {
                long bytes = DockerStats.memoryBytes(entry.getValue().getContainerId());
                total += bytes;
                out("  %-16s %7.0f MiB", entry.getKey(), bytes / (double) MB);
            }
            out("  %-16s %7.0f MiB = %.2f GiB  (target < 3 GiB)", "total", total / (double) MB,
                    total / (double) (1024 * MB));
            if (sql) {
                new SqlTiming(cluster).run(6);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static double median(List<double[]> rounds, int column) {
        double[] values = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** The median of every {@code stride}-th value from {@code offset}. */
    private static double medianOf(List<Double> values, int offset, int stride) {
        List<double[]> column = new ArrayList<>();
        for (int i = offset; i < values.size(); i += stride) {
            column.add(new double[] {values.get(i)});
        }
        return column.isEmpty() ? Double.NaN : median(column, 0);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new Random().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static <T> T quietly(Supplier<T> body, T fallback) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** The images of the services timed alone. */
    private record Images(String objectStore, String spark) {}
}
