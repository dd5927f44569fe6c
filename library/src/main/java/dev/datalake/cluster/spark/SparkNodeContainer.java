package dev.datalake.cluster.spark;

import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.ServiceProbe;
import dev.datalake.cluster.storage.ObjectStore;
import java.util.LinkedHashMap;
import java.util.Map;
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

    public static final String DEFAULT_DAEMON_MEMORY = "512m";
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
    private MemorySize daemonMemory = MemorySize.parse(DEFAULT_DAEMON_MEMORY);
    private Map<String, String> storeEnvironment = Map.of();

    protected SparkNodeContainer(DockerImageName image, String mode) {
        super(image);
        this.mode = mode;
        waitingFor(ServiceProbe.lazy(this::readinessProbe));
    }

    /** The wait strategy as Testcontainers will run it (the probe, with the startup timeout given since). */
    WaitStrategy waitStrategy() {
        return getWaitStrategy();
    }

    /** What this node must say about itself to be ready, with its settings as they are now. */
    protected abstract ServiceProbe readinessProbe();

    /** The heap of the master or worker daemon itself (not of executors), in Spark's size syntax. */
    public SELF withDaemonMemory(String memory) {
        return withDaemonMemory(MemorySize.parse("daemon memory", memory, MIN_DAEMON_MEMORY));
    }

    /** The heap of the master or worker daemon itself (not of executors), at least 128m. */
    public SELF withDaemonMemory(MemorySize memory) {
        this.daemonMemory = memory.requireAtLeast("daemon memory", MIN_DAEMON_MEMORY);
        return self();
    }

    /** Points S3A (and any client in the container) at {@code store}. */
    public SELF withObjectStore(ObjectStore store) {
        this.storeEnvironment = store.containerEnvironment();
        return self();
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
        env.putAll(storeEnvironment);
        return env;
    }
}
