package dev.datalake.cluster.spark;

import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.ServiceProbe;
import dev.datalake.cluster.storage.ObjectStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import dev.datalake.cluster.internal.ContainerOutput;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * What the master and the workers share: the custom Spark image, its entrypoint's mode, the
 * daemon heap, and the object store's settings that the entrypoint writes into spark-defaults.
 * Each node's readiness probe is set in its constructor and reads the node's settings at each
 * attempt, so settings given later and Testcontainers' startup timeout both hold.
 *
 * @param <SELF> the concrete container type, for fluent setters
 */
public abstract class SparkNodeContainer<SELF extends SparkNodeContainer<SELF>> extends GenericContainer<SELF> {

    public static final MemorySize DEFAULT_DAEMON_MEMORY = MemorySize.parse("512m");
    /** The smallest daemon heap a master or worker starts with. */
    public static final MemorySize MIN_DAEMON_MEMORY = MemorySize.ofMegabytes(128);
    /** The JSON state document of a master's or a worker's web UI. */
    public static final String STATUS_PATH = "/json/";
    /**
     * JVM options of the master and worker daemons and of Spark's launcher JVM (which runs before
     * each of them and before every spark-submit): the client compiler only and the serial
     * collector. Measured here, a master or a worker then needs about 4 CPU seconds to be ready
     * instead of 6 to 6.5, which is what a parallel start on 2 cores waits for. Drivers started in
     * the master's container, and their executors, get them from its spark-defaults.
     */
    public static final String DAEMON_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final String mode;
    private MemorySize daemonMemory = DEFAULT_DAEMON_MEMORY;
    private Map<String, String> serviceEnvironment = Map.of();

    protected SparkNodeContainer(DockerImageName image, String mode) {
        super(image);
        this.mode = mode;
        waitingFor(ServiceProbe.lazy(this::readinessProbe));
    }

    /** Testcontainers' lines about this container, secrets masked; its dump of a failed container at DEBUG. */
    @Override
    protected org.slf4j.Logger logger() {
        return ContainerOutput.testcontainersLogger(this, super.logger());
    }

    /** The wait strategy as Testcontainers will run it (the probe, with the startup timeout given since). */
    WaitStrategy waitStrategy() {
        return getWaitStrategy();
    }

    /** What this node must say about itself to be ready, with its settings as they are now. */
    protected abstract ServiceProbe readinessProbe();

    /** The heap of the master or worker daemon itself (not of executors), at least 128m. */
    public SELF withDaemonMemory(MemorySize memory) {
        this.daemonMemory = Objects.requireNonNull(memory, "memory");
        return self();
    }

    /** Points S3A (and any client in the container) at {@code store}. */
    public SELF withObjectStore(ObjectStore store) {
        return withServiceEnvironment(store.containerEnvironment());
    }

    /**
     * What the cluster's other services give this node, by their ecosystem's conventions (the
     * store's {@code S3_ENDPOINT} and AWS keys, {@code KAFKA_BOOTSTRAP_SERVERS}, libpq's
     * {@code PG*}, ...): replaces what was given before.
     */
    public SELF withServiceEnvironment(Map<String, String> environment) {
        this.serviceEnvironment = new TreeMap<>(environment);
        return self();
    }

    /**
     * Spark settings for drivers started in a container on the cluster's network (client mode):
     * executors reach the driver at {@code driverHost}, and drivers and their executors use the
     * client compiler and serial collector, as the daemons do ({@link #DAEMON_JAVA_OPTS}; test-sized
     * SQL took 15-17 s instead of 22-25 s, bench/startup). {@code executorMemory} may be null
     * (Spark's default); a job's own {@code --conf} overrides any of them.
     */
    public static Map<String, String> clientDriverConf(String driverHost, String executorMemory) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.host", driverHost);
        conf.put("spark.driver.bindAddress", "0.0.0.0");
        conf.put("spark.driver.extraJavaOptions", DAEMON_JAVA_OPTS);
        conf.put("spark.executor.extraJavaOptions", DAEMON_JAVA_OPTS);
        if (executorMemory != null) {
            conf.put("spark.executor.memory", executorMemory);
        }
        return conf;
    }

    /**
     * Spark settings as {@code SPARK_EXTRA_CONF} carries them to the image's entrypoint, which adds
     * them to spark-defaults: one {@code key value} line each.
     */
    public static String extraConfEnv(Map<String, String> conf) {
        return conf.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n"));
    }

    @Override
    protected void configure() {
        environment().forEach(this::addEnv);
    }

    /** The container's environment (what the image's entrypoint reads), as {@link #configure()} sets it. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_MODE", mode);
        env.put("SPARK_DAEMON_MEMORY", daemonMemory.toString());
        env.put("SPARK_DAEMON_JAVA_OPTS", DAEMON_JAVA_OPTS);
        env.put("SPARK_LAUNCHER_OPTS", DAEMON_JAVA_OPTS);
        env.putAll(serviceEnvironment);
        return env;
    }
}
