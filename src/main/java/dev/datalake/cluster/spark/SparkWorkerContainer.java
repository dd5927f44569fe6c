package dev.datalake.cluster.spark;

import dev.datalake.cluster.container.ServiceProbe;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.testcontainers.utility.DockerImageName;

/**
 * A Spark standalone worker, from the custom image (entrypoint mode {@code worker}). Ready when
 * its own {@code /json/} names the master it registered with.
 */
public class SparkWorkerContainer extends SparkNodeContainer<SparkWorkerContainer> {

    public static final int WEB_UI_PORT = 8081;
    public static final int DEFAULT_CORES = 2;
    public static final String DEFAULT_MEMORY = "1g";
    /** Spark refuses executors under 450 MiB; a worker gives its whole memory to one executor. */
    public static final long MIN_MEMORY_MB = 512;

    private final int index;
    private int cores = DEFAULT_CORES;
    private String memory = DEFAULT_MEMORY;
    private String masterUrl = SparkMasterContainer.MASTER_URL;

    /** Worker number {@code index} (1-based), reached by others as {@code spark-worker-<index>}. */
    public SparkWorkerContainer(DockerImageName image, int index) {
        super(image, "worker");
        if (index < 1) {
            throw new IllegalArgumentException("worker index starts at 1, got " + index);
        }
        this.index = index;
        addExposedPort(WEB_UI_PORT);
    }

    public static String networkAlias(int index) {
        return "spark-worker-" + index;
    }

    public SparkWorkerContainer withCores(int cores) {
        this.cores = requireCores(cores);
        return this;
    }

    /** Memory the worker offers to executors, in Spark's size syntax, at least 512m. */
    public SparkWorkerContainer withMemory(String memory) {
        this.memory = requireSize("Spark worker memory", memory, MIN_MEMORY_MB);
        return this;
    }

    public SparkWorkerContainer withMasterUrl(String masterUrl) {
        this.masterUrl = masterUrl;
        return this;
    }

    public static int requireCores(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("Spark worker cores must be 1 or more, got " + cores);
        }
        return cores;
    }

    public int index() {
        return index;
    }

    public int cores() {
        return cores;
    }

    public String memory() {
        return memory;
    }

    @Override
    protected void configure() {
        super.configure();
        // the worker's own word: its /json/ names the master it registered with
        waitingFor(ServiceProbe.httpJson(WEB_UI_PORT, STATUS_PATH, "a master URL (registered)",
                json -> !json.path("masterurl").asText("").isEmpty()).withStartupTimeout(startupTimeout()));
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = super.environment();
        env.put("SPARK_MASTER_URL", masterUrl);
        env.put("SPARK_WORKER_HOST", networkAlias(index));
        env.put("SPARK_WORKER_CORES", String.valueOf(cores));
        env.put("SPARK_WORKER_MEMORY", memory);
        return env;
    }

    /** The readiness probe (the worker's {@code /json/} names a master) as a container health check command. */
    public static List<String> healthCheck() {
        return ServiceProbe.pythonHealthCheck(WEB_UI_PORT, STATUS_PATH, "d.get('masterurl')");
    }

    public URI webUiUrl() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(WEB_UI_PORT));
    }
}
