package dev.datalake.cluster.spark;

import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.Require;
import dev.datalake.cluster.internal.ServiceProbe;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.utility.DockerImageName;

/**
 * A Spark standalone worker, from the custom image (entrypoint mode {@code worker}). Ready when
 * its own {@code /json/} names the master it registered with.
 */
public class SparkWorkerContainer extends SparkNodeContainer<SparkWorkerContainer> {

    public static final int WEB_UI_PORT = 8081;
    public static final int DEFAULT_CORES = 2;
    public static final MemorySize DEFAULT_MEMORY = MemorySize.parse("1g");
    /** Spark refuses executors under 450 MiB; a worker gives its whole memory to one executor. */
    public static final MemorySize MIN_MEMORY = MemorySize.ofMegabytes(512);

    private final int index;
    private int cores = DEFAULT_CORES;
    private MemorySize memory = DEFAULT_MEMORY;
    private String masterUrl = SparkMasterContainer.MASTER_URL;

    /** Worker number {@code index} (1-based), reached by others as {@code spark-worker-<index>}. */
    public SparkWorkerContainer(DockerImageName image, int index) {
        super(image, "worker");
        this.index = Require.atLeast("worker index", index, 1);
        addExposedPort(WEB_UI_PORT);
    }

    public static String networkAlias(int index) {
        return "spark-worker-" + index;
    }

    /** Cores the worker offers to executors, 1 or more. */
    public SparkWorkerContainer withCores(int cores) {
        this.cores = Require.atLeast("Spark worker cores", cores, 1);
        return this;
    }

    /** Memory the worker offers to executors, at least 512m. */
    public SparkWorkerContainer withMemory(MemorySize memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
        return this;
    }

    public SparkWorkerContainer withMasterUrl(String masterUrl) {
        this.masterUrl = masterUrl;
        return this;
    }

    public int index() {
        return index;
    }

    public int cores() {
        return cores;
    }

    /** Memory the worker offers to executors, in Spark's syntax. */
    public String memory() {
        return memory.toString();
    }

    /** Memory the worker offers to executors. */
    public MemorySize memorySize() {
        return memory;
    }

    /** The worker's own word: its {@code /json/} names the master it registered with. */
    @Override
    protected ServiceProbe readinessProbe() {
        return ServiceProbe.httpJson(WEB_UI_PORT, STATUS_PATH, "a master URL (registered)",
                json -> !json.path("masterurl").asText("").isEmpty());
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = super.environment();
        env.put("SPARK_MASTER_URL", masterUrl);
        env.put("SPARK_WORKER_HOST", networkAlias(index));
        env.put("SPARK_WORKER_CORES", String.valueOf(cores));
        env.put("SPARK_WORKER_MEMORY", memory.toString());
        return env;
    }

    public URI webUiUrl() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(WEB_UI_PORT));
    }
}
