package dev.datalake.cluster.spark;

import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.Json;
import dev.datalake.cluster.internal.ServiceProbe;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.testcontainers.utility.DockerImageName;

/**
 * The Spark standalone master, from the custom image (entrypoint mode {@code master}). Jupyter can
 * run in the same container, where notebooks reach the master and its drivers' UI. Ready when the master's {@code /json/}
 * says {@code ALIVE} and counts the expected number of workers (and Jupyter's {@code /api}
 * answers, when enabled).
 */
public class SparkMasterContainer extends SparkNodeContainer<SparkMasterContainer> {

    public static final String NETWORK_ALIAS = "spark-master";
    public static final int MASTER_PORT = 7077;
    public static final int WEB_UI_PORT = 8080;
    public static final int REST_PORT = 6066;
    public static final int DRIVER_UI_PORT = 4040;
    public static final int JUPYTER_PORT = 8888;
    /** Spark Connect's gRPC port. */
    public static final int CONNECT_PORT = 15002;
    /** How long one ask of the SQL gateway during start may take. */
    static final Duration GATEWAY_PING_TIMEOUT = Duration.ofSeconds(10);
    /** What the Connect server's application is called on the master. */
    public static final String CONNECT_APP_NAME = "Spark Connect server";
    /** Spark Connect as containers on the cluster's network reach it (Jupyter's SPARK_REMOTE). */
    public static final String CONNECT_URL = "sc://" + NETWORK_ALIAS + ":" + CONNECT_PORT;
    /**
     * Ports that run whatever code reaches them, with no authentication: Spark's RPC, its REST
     * submission server and Spark Connect. They stay on 127.0.0.1 unless asked otherwise.
     */
    public static final Set<Integer> CODE_EXECUTION_PORTS = Set.of(MASTER_PORT, REST_PORT, CONNECT_PORT);
    /** Jupyter's API root: 200 without a token once the server is up. */
    public static final String JUPYTER_READY_PATH = "/api";
    /** The master's URL as containers on the cluster's network see it. */
    public static final String MASTER_URL = "spark://" + NETWORK_ALIAS + ":" + MASTER_PORT;

    private int expectedWorkers;
    private String jupyterToken;
    private MemorySize executorMemory;
    private boolean connect;
    private Map<String, String> serviceSparkConf = Map.of();

    public SparkMasterContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public SparkMasterContainer(DockerImageName image) {
        super(image, "master");
        addExposedPorts(MASTER_PORT, WEB_UI_PORT, REST_PORT, DRIVER_UI_PORT);
    }

    /** Spark settings the cluster's other services give drivers started here (a connector's URI, ...). */
    public SparkMasterContainer withServiceSparkConf(Map<String, String> conf) {
        this.serviceSparkConf = new TreeMap<>(conf);
        return this;
    }

    /** The number of workers the master must count before it is ready (0: do not wait for any). */
    public SparkMasterContainer withExpectedWorkers(int workers) {
        this.expectedWorkers = workers;
        return this;
    }

    /**
     * What an executor of a driver started in this container (a notebook, {@code spark-submit})
     * asks for unless it says otherwise: a worker's memory. Spark's own default, 1g, never starts
     * on smaller workers. Null: Spark's default.
     */
    public SparkMasterContainer withExecutorMemory(MemorySize memory) {
        this.executorMemory = memory;
        return this;
    }

    /** Runs Jupyter in this container on {@value #JUPYTER_PORT}, with {@code token}; null turns it off. */
    public SparkMasterContainer withJupyter(String token) {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("Jupyter token must not be blank");
        }
        this.jupyterToken = token;
        return this;
    }

    /**
     * Runs the Spark Connect server on {@value #CONNECT_PORT} and, beside it in the container, the
     * SQL gateway {@code sql()} asks (the image's Spark must have the Connect server).
     */
    public SparkMasterContainer withSparkConnect(boolean enabled) {
        this.connect = enabled;
        // exposed now, not in configure(): the port bindings are decided from the exposed ports
        List<Integer> ports = new ArrayList<>(getExposedPorts());
        ports.remove(Integer.valueOf(CONNECT_PORT));
        if (enabled) {
            ports.add(CONNECT_PORT);
        }
        setExposedPorts(ports);
        return this;
    }

    public boolean sparkConnectEnabled() {
        return connect;
    }

    public boolean jupyterEnabled() {
        return jupyterToken != null;
    }

    public String jupyterToken() {
        return jupyterToken;
    }

    public int expectedWorkers() {
        return expectedWorkers;
    }

    @Override
    protected void configure() {
        super.configure();
        if (jupyterEnabled()) {
            addExposedPort(JUPYTER_PORT);
        }
    }

    /** The master's own word ({@link #masterProbe}) and, when enabled, Spark Connect's and Jupyter's. */
    @Override
    protected ServiceProbe readinessProbe() {
        List<ServiceProbe> probes = new ArrayList<>(List.of(masterProbe(expectedWorkers)));
        if (connect) {
            probes.add(ConnectProbe.of(WEB_UI_PORT, CONNECT_PORT, CONNECT_APP_NAME));
            probes.add(ConnectProbe.gateway(GATEWAY_PING_TIMEOUT));
        }
        if (jupyterEnabled()) {
            probes.add(ServiceProbe.httpStatus(JUPYTER_PORT, JUPYTER_READY_PATH, 200));
        }
        return probes.size() == 1 ? probes.get(0) : ServiceProbe.allOf(probes.toArray(ServiceProbe[]::new));
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = super.environment();
        env.put("SPARK_MASTER_HOST", NETWORK_ALIAS);
        Map<String, String> conf = new LinkedHashMap<>(driverConf());
        conf.putAll(serviceSparkConf);
        env.put("SPARK_EXTRA_CONF", extraConfEnv(conf));
        env.put("JUPYTER_ENABLED", String.valueOf(jupyterEnabled()));
        if (jupyterEnabled()) {
            env.put("JUPYTER_TOKEN", jupyterToken);
            env.put("SPARK_MASTER", MASTER_URL);
        }
        if (connect) {
            env.put("SPARK_CONNECT_ENABLED", "true");
            // one worker stays free for sql() without Connect, submit() and notebooks (when there are two)
            env.put("SPARK_CONNECT_MAX_EXECUTORS", String.valueOf(Math.max(1, expectedWorkers - 1)));
            // for notebooks and anything run in the container; spark-submit refuses a master beside
            // it, so the library's own spark-submit calls and the Connect server unset it
            env.put("SPARK_REMOTE", CONNECT_URL);
            // the SQL gateway's warm-up runs tasks on an executor only where a worker will be there
            env.put("DATALAKE_SQL_WARM_EXECUTOR", String.valueOf(expectedWorkers > 0));
        }
        return env;
    }

    /**
     * Spark settings the entrypoint adds to spark-defaults for drivers started in this container
     * ({@code sql()}, {@code submit()}, notebooks): {@link #clientDriverConf} with this container's
     * alias and the executor memory given (a worker's, so notebooks' executors fit).
     */
    public Map<String, String> driverConf() {
        return clientDriverConf(NETWORK_ALIAS, executorMemory == null ? null : executorMemory.toString());
    }

    /** The master's own word: {@code /json/} says ALIVE and counts {@code workers} alive workers. */
    public static ServiceProbe masterProbe(int workers) {
        return ServiceProbe.httpJson(WEB_UI_PORT, STATUS_PATH, "status ALIVE and aliveworkers = " + workers,
                json -> ready(json, workers));
    }

    /** Whether the master's {@code /json/} document says it is alive and counts exactly {@code workers}. */
    static boolean ready(Json masterState, int workers) {
        return "ALIVE".equals(masterState.path("status").asText())
                && masterState.path("aliveworkers").asInt(-1) == workers;
    }

    /** Spark Connect as the host reaches it: {@code sc://localhost:<port>}. */
    public String connectUrl() {
        if (!connect) {
            throw new IllegalStateException("this master runs no Spark Connect server");
        }
        return "sc://" + getHost() + ":" + getMappedPort(CONNECT_PORT);
    }

    /** The master's web UI as the host reaches it. */
    public URI webUiUrl() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(WEB_UI_PORT));
    }
}
