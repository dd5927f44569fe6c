package dev.datalake.cluster.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datalake.cluster.container.ServiceProbe;
import java.net.URI;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The Spark standalone master, from the custom image (entrypoint mode {@code master}). Jupyter can
 * run in the same container, as in the original layout. Ready when the master's {@code /json/}
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
        if (workers < 0) {
            throw new IllegalArgumentException("expected workers must be 0 or more, got " + workers);
        }
        this.expectedWorkers = workers;
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
        addEnv("SPARK_MASTER_HOST", NETWORK_ALIAS);
        // drivers started in this container (sql(), submit(), notebooks) are reached by executors here
        // drivers started here, and their executors, use the client compiler too: test-sized SQL through
        // sql() took 15-17 s instead of 22-25 s (bench/startup); a job's own --conf overrides it
        addEnv("SPARK_EXTRA_CONF", "spark.driver.host " + NETWORK_ALIAS + "\nspark.driver.bindAddress 0.0.0.0"
                + "\nspark.driver.extraJavaOptions " + DAEMON_JAVA_OPTS
                + "\nspark.executor.extraJavaOptions " + DAEMON_JAVA_OPTS);
        addEnv("JUPYTER_ENABLED", String.valueOf(jupyterEnabled()));
        // WaitAllStrategy's own default is 30 s: give it, and each probe, the container's startup timeout
        WaitAllStrategy wait = new WaitAllStrategy(WaitAllStrategy.Mode.WITH_MAXIMUM_OUTER_TIMEOUT)
                .withStartupTimeout(startupTimeout())
                .withStrategy(masterProbe(expectedWorkers).withStartupTimeout(startupTimeout()));
        if (jupyterEnabled()) {
            addExposedPort(JUPYTER_PORT);
            addEnv("JUPYTER_TOKEN", jupyterToken);
            addEnv("SPARK_MASTER", MASTER_URL);
            wait.withStrategy(ServiceProbe.httpStatus(JUPYTER_PORT, "/api", 200).withStartupTimeout(startupTimeout()));
        }
        waitingFor(wait);
    }

    /** The master's own word: {@code /json/} says ALIVE and counts {@code workers} alive workers. */
    public static ServiceProbe masterProbe(int workers) {
        return ServiceProbe.httpJson(WEB_UI_PORT, "/json/", "status ALIVE and aliveworkers = " + workers,
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
