package dev.datalake.cluster.spark;

import dev.datalake.cluster.container.ServiceProbe;
import dev.datalake.cluster.storage.ObjectStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * What the master and the workers share: the custom Spark image, its entrypoint's mode, the
 * daemon heap, and the object store's settings that the entrypoint writes into spark-defaults.
 *
 * @param <SELF> the concrete container type, for fluent setters
 */
public abstract class SparkNodeContainer<SELF extends SparkNodeContainer<SELF>> extends GenericContainer<SELF> {

    public static final String DEFAULT_DAEMON_MEMORY = "512m";
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
    private static final Pattern SIZE = Pattern.compile("([0-9]+)([kmgt])b?", Pattern.CASE_INSENSITIVE);

    private final String mode;
    private String daemonMemory = DEFAULT_DAEMON_MEMORY;
    private Map<String, String> storeEnvironment = Map.of();
    private Duration startupTimeout = ServiceProbe.DEFAULT_TIMEOUT;

    protected SparkNodeContainer(DockerImageName image, String mode) {
        super(image);
        this.mode = mode;
    }

    /** The heap of the master or worker daemon itself (not of executors), in Spark's size syntax. */
    public SELF withDaemonMemory(String memory) {
        this.daemonMemory = requireSize("daemon memory", memory, 128);
        return self();
    }

    /** Points S3A (and any client in the container) at {@code store}. */
    public SELF withObjectStore(ObjectStore store) {
        this.storeEnvironment = store.containerEnvironment();
        return self();
    }

    /**
     * Kept for {@code configure()}, which sets the wait strategy anew: Testcontainers only hands the
     * timeout to the strategy set at the time of the call, and a later {@code waitingFor} drops it.
     */
    @Override
    public SELF withStartupTimeout(Duration timeout) {
        this.startupTimeout = timeout;
        return super.withStartupTimeout(timeout);
    }

    /** The time the readiness probes may take. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    @Override
    protected void configure() {
        environment().forEach(this::addEnv);
    }

    /** The container's environment (what the image's entrypoint reads), as {@link #configure()} sets it. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_MODE", mode);
        env.put("SPARK_DAEMON_MEMORY", daemonMemory);
        env.put("SPARK_DAEMON_JAVA_OPTS", DAEMON_JAVA_OPTS);
        env.put("SPARK_LAUNCHER_OPTS", DAEMON_JAVA_OPTS);
        env.putAll(storeEnvironment);
        return env;
    }

    /**
     * Checks a size in Spark's syntax ({@code 512m}, {@code 2g}) of at least {@code minMb} MiB and
     * returns it; otherwise {@link IllegalArgumentException} naming {@code setting}.
     */
    public static String requireSize(String setting, String size, long minMb) {
        Matcher m = size == null ? null : SIZE.matcher(size.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(setting + " must be a size in Spark's syntax such as '512m' or '2g' "
                    + "(a number with k, m, g or t), of at least " + minMb + "m; got '" + size + "'");
        }
        if (megabytes(size) < minMb) {
            throw new IllegalArgumentException(setting + " must be at least " + minMb + "m; got '" + size + "'");
        }
        return size.trim().toLowerCase();
    }

    /** A size in Spark's syntax, in MiB (rounded down). */
    public static long megabytes(String size) {
        Matcher m = SIZE.matcher(size.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + size);
        }
        long value = Long.parseLong(m.group(1));
        return switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> value / 1024;
            case 'm' -> value;
            case 'g' -> value * 1024;
            default -> value * 1024 * 1024;
        };
    }
}
