package dev.datalake.cluster.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datalake.cluster.internal.ServiceProbe;
import dev.datalake.cluster.internal.Require;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
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
    /** Jupyter's API root: 200 without a token once the server is up. */
    public static final String JUPYTER_READY_PATH = "/api";
    /** The master's URL as containers on the cluster's network see it. */
    public static final String MASTER_URL = "spark://" + NETWORK_ALIAS + ":" + MASTER_PORT;

    private int expectedWorkers;
    private String jupyterToken;

    public SparkMasterContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public SparkMasterContainer(DockerImageName image) {
        super(image, "master");
        addExposedPorts(MASTER_PORT, WEB_UI_PORT, REST_PORT, DRIVER_UI_PORT);
    }

    /** The number of workers the master must count before it is ready (0: do not wait for any). */
    public SparkMasterContainer withExpectedWorkers(int workers) {
        this.expectedWorkers = Require.atLeast("expected workers", workers, 0);
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

    /** The master's own word ({@link #masterProbe}) and, when enabled, Jupyter's. */
    @Override
    protected ServiceProbe readinessProbe() {
        ServiceProbe master = masterProbe(expectedWorkers);
        return jupyterEnabled()
                ? ServiceProbe.allOf(master, ServiceProbe.httpStatus(JUPYTER_PORT, JUPYTER_READY_PATH, 200))
                : master;
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = super.environment();
        env.put("SPARK_MASTER_HOST", NETWORK_ALIAS);
        env.put("SPARK_EXTRA_CONF", driverConf().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n")));
        env.put("JUPYTER_ENABLED", String.valueOf(jupyterEnabled()));
        if (jupyterEnabled()) {
            env.put("JUPYTER_TOKEN", jupyterToken);
            env.put("SPARK_MASTER", MASTER_URL);
        }
        return env;
    }

    /**
     * Spark settings the entrypoint adds to spark-defaults for drivers started in this container
     * ({@code sql()}, {@code submit()}, notebooks): executors reach them here, and they and their
     * executors use the client compiler too (test-sized SQL took 15-17 s instead of 22-25 s,
     * bench/startup); a job's own {@code --conf} overrides them.
     */
    public Map<String, String> driverConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.host", NETWORK_ALIAS);
        conf.put("spark.driver.bindAddress", "0.0.0.0");
        conf.put("spark.driver.extraJavaOptions", DAEMON_JAVA_OPTS);
        conf.put("spark.executor.extraJavaOptions", DAEMON_JAVA_OPTS);
        return conf;
    }

    /** The master's own word: {@code /json/} says ALIVE and counts {@code workers} alive workers. */
    public static ServiceProbe masterProbe(int workers) {
        return ServiceProbe.httpJson(WEB_UI_PORT, STATUS_PATH, "status ALIVE and aliveworkers = " + workers,
                json -> isReady(json, workers));
    }

    /** Whether the master's {@code /json/} document says it is alive and counts exactly {@code workers}. */
    public static boolean isReady(JsonNode masterState, int workers) {
        return "ALIVE".equals(masterState.path("status").asText())
                && masterState.path("aliveworkers").asInt(-1) == workers;
    }

    /** The master's web UI as the host reaches it. */
    public URI webUiUrl() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(WEB_UI_PORT));
    }
}
