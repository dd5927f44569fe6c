package dev.datalake.cluster.airflow;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.ContainerOutput;
import dev.datalake.cluster.internal.Json;
import dev.datalake.cluster.internal.Require;
import dev.datalake.cluster.internal.Secrets;
import dev.datalake.cluster.internal.ServiceProbe;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SparkNodeContainer;
import dev.datalake.cluster.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Airflow from the library's Airflow image (its layer on {@code apache/airflow} or on the offline
 * base; the plain upstream image works too, without Spark): the scheduler and the webserver in one container, on SQLite
 * with the SequentialExecutor. On start the container migrates the metadata database
 * ({@code airflow db migrate}), creates the admin user, then runs the scheduler and the webserver
 * side by side; it exits as soon as either of them does. The REST API takes basic auth with the
 * admin's credentials. DAGs come from a host folder mounted read-only on {@value #DAGS_PATH}.
 *
 * <p>Tasks see the same cluster environment as Jupyter: {@code SPARK_MASTER},
 * {@code SPARK_MASTER_REST_URL} (the master's REST submission server, for submitting Spark
 * applications over HTTP without a Spark install here) and the object store's {@code S3_ENDPOINT}
 * and AWS variables. With the library's image, {@code SparkSubmitOperator} submits to the master
 * without any settings: {@value #SPARK_CONNECTION_ENV} is the master in client mode, the driver
 * runs here and the workers reach it at {@value #NETWORK_ALIAS} ({@link #sparkConf()}).
 *
 * <p>With a DAG folder the container runs as the folder's owner with group 0 (Airflow's images
 * make their files writable for group 0 whatever the uid), so a folder only its owner can read
 * (mode 0700) works. Right after the container starts, anything in the folder that Airflow still
 * cannot read fails the start, naming it (Airflow itself would skip it silently).
 *
 * <p>Ready when {@code GET /health} says the metadatabase and the scheduler are healthy (the
 * status code is 200 either way, so the JSON is read). Note that the SequentialExecutor runs one
 * task at a time inside the scheduler's loop: while a long task runs, the scheduler's heartbeat
 * pauses and {@code /health} may call it unhealthy.
 */
public class AirflowContainer extends GenericContainer<AirflowContainer> {

    public static final String DEFAULT_IMAGE = ImageSet.DEFAULT_AIRFLOW_IMAGE;
    public static final int PORT = 8080;
    public static final String NETWORK_ALIAS = "airflow";
    /** Airflow's health document: metadatabase and scheduler status (the HTTP status is 200 either way). */
    public static final String HEALTH_PATH = "/health";
    public static final String DAGS_PATH = "/opt/airflow/dags";
    /** The webserver as containers on the cluster's network see it. */
    public static final String INTERNAL_URL = "http://" + NETWORK_ALIAS + ":" + PORT;
    public static final String DEFAULT_ADMIN_USERNAME = "admin";
    /** Migration, user creation, the webserver's workers and the scheduler's first heartbeat. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    /** The metadata database: SQLite, in the container (gone with it). */
    public static final String SQL_ALCHEMY_CONN = "sqlite:////opt/airflow/airflow.db";
    /** Both API auth backends: basic auth for clients, the session for the web UI. */
    public static final String AUTH_BACKENDS = "airflow.api.auth.backend.basic_auth,airflow.api.auth.backend.session";
    /** SparkSubmitOperator's default connection ({@code spark_default}), as Airflow reads it from the environment. */
    public static final String SPARK_CONNECTION_ENV = "AIRFLOW_CONN_SPARK_DEFAULT";
    /** The group the container runs with, whatever the uid: the one Airflow's images make their files writable for. */
    public static final int CONTAINER_GROUP = 0;
    /** Memory of each executor a driver started here asks for (Spark's default; at most a worker's memory). */
    public static final MemorySize DEFAULT_EXECUTOR_MEMORY = MemorySize.parse("1g");
    /** Seconds between scans of the DAG folder and between parses of a file (defaults 300 and 30). */
    public static final int DAG_SCAN_SECONDS = 5;
    /** Gunicorn workers of the webserver (default 4; each one is a full Airflow process). */
    public static final int WEBSERVER_WORKERS = 2;

    /** The variables the start script reads the admin's credentials from. */
    static final String ADMIN_USERNAME_ENV = "DATALAKE_AIRFLOW_ADMIN_USERNAME";
    static final String ADMIN_PASSWORD_ENV = "DATALAKE_AIRFLOW_ADMIN_PASSWORD";

    /**
     * What the container runs (with {@code bash -c}; the image's entrypoint execs {@code bash}
     * commands as they are). The password is read from the environment, never printed, and not
     * left in the environment of the scheduler, the webserver or the tasks.
     */
    public static final String START_SCRIPT = String.join("\n",
            "set -euo pipefail",
            "airflow db migrate",
            "if ! created=\"$(airflow users create --role Admin"
                    + " --username \"$" + ADMIN_USERNAME_ENV + "\" --password \"$" + ADMIN_PASSWORD_ENV + "\""
                    + " --firstname Data --lastname Lake --email \"$" + ADMIN_USERNAME_ENV + "@datalake.invalid\" 2>&1)\"; then",
            "  case \"$created\" in",
            "    *'already exist'*) ;;",
            "    *) printf '%s\\n' \"$created\" >&2; echo 'airflow: could not create the admin user' >&2; exit 1 ;;",
            "  esac",
            "fi",
            "printf '%s\\n' \"$created\"",
            "unset " + ADMIN_PASSWORD_ENV,
            "airflow scheduler &",
            "scheduler=$!",
            "airflow webserver --port " + PORT + " &",
            "webserver=$!",
            "trap 'kill -TERM \"$scheduler\" \"$webserver\" 2>/dev/null || true' TERM INT",
            "status=0",
            "wait -n || status=$?",
            "echo \"airflow: the scheduler or the webserver exited (status $status); stopping\" >&2",
            "kill -TERM \"$scheduler\" \"$webserver\" 2>/dev/null || true",
            "wait || true",
            "exit \"$status\"");


    private final DockerImageName imageName;
    private String secretKey = Secrets.randomHex(32);
    private String adminUsername = DEFAULT_ADMIN_USERNAME;
    private String adminPassword = Secrets.randomHex(12);
    private Path dags;
    private String sparkMasterUrl = SparkMasterContainer.MASTER_URL;
    private String sparkConnectUrl;
    private Map<String, String> serviceEnvironment = Map.of();
    private Map<String, String> serviceSparkConf = Map.of();
    private Map<String, String> connections = Map.of();
    private MemorySize executorMemory = DEFAULT_EXECUTOR_MEMORY;

    public AirflowContainer() {
        this(DEFAULT_IMAGE);
    }

    public AirflowContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public AirflowContainer(DockerImageName image) {
        super(image);
        this.imageName = image;
        addExposedPort(PORT);
        withNetworkAliases(NETWORK_ALIAS);
        withCreateContainerCmdModifier(this::mountDags);
        withCreateContainerCmdModifier(this::runAsDagOwner);
        waitingFor(healthProbe().withStartupTimeout(STARTUP_TIMEOUT));
    }

    /** The admin user created on start, also the REST API's basic-auth user (default: admin, random password). */
    public AirflowContainer withAdminCredentials(String username, String password) {
        this.adminUsername = Objects.requireNonNull(username, "username");
        this.adminPassword = Objects.requireNonNull(password, "password");
        return this;
    }

    /** Mounts {@code folder}, an existing directory, read-only as the DAG folder ({@value #DAGS_PATH}). */
    public AirflowContainer withDags(Path folder) {
        this.dags = Objects.requireNonNull(folder, "folder").toAbsolutePath();
        return this;
    }

    /** Gives tasks the store's {@code S3_ENDPOINT}, {@code AWS_ENDPOINT_URL} and AWS credentials and region. */
    public AirflowContainer withObjectStore(ObjectStore store) {
        return withServiceEnvironment(store.containerEnvironment());
    }

    /**
     * What the cluster's other services give tasks, by their ecosystem's conventions (the store's
     * AWS variables, {@code KAFKA_BOOTSTRAP_SERVERS}, libpq's {@code PG*}, ...).
     */
    public AirflowContainer withServiceEnvironment(Map<String, String> environment) {
        this.serviceEnvironment = new TreeMap<>(environment);
        return this;
    }

    /** Spark settings the cluster's other services give drivers started here (a connector's URI, ...). */
    public AirflowContainer withServiceSparkConf(Map<String, String> conf) {
        this.serviceSparkConf = new TreeMap<>(conf);
        return this;
    }

    /**
     * Airflow connections by id ({@code postgres_default}) in Airflow's URI or JSON form, given to
     * Airflow as {@code AIRFLOW_CONN_<ID>} variables.
     */
    public AirflowContainer withConnections(Map<String, String> connections) {
        this.connections = new TreeMap<>(connections);
        return this;
    }

    /** The Spark master tasks see as {@code SPARK_MASTER} (default {@value SparkMasterContainer#MASTER_URL}). */
    public AirflowContainer withSparkMaster(String masterUrl) {
        restUrl(masterUrl);
        this.sparkMasterUrl = masterUrl;
        return this;
    }

    /** The memory each executor of a driver started here asks for (default {@value #DEFAULT_EXECUTOR_MEMORY}). */
    public AirflowContainer withSparkExecutorMemory(MemorySize memory) {
        this.executorMemory = Objects.requireNonNull(memory, "memory");
        return this;
    }

    /**
     * The cluster's Spark Connect server, which tasks see as {@code SPARK_CONNECT_URL} (not
     * {@code SPARK_REMOTE}: spark-submit, which SparkSubmitOperator runs, refuses a master beside it).
     */
    public AirflowContainer withSparkConnect(String connectUrl) {
        this.sparkConnectUrl = Require.notBlank("the Spark Connect URL", connectUrl);
        return this;
    }

    /** The webserver's secret key, which signs session cookies (default: random per container). */
    public AirflowContainer withWebserverSecretKey(String key) {
        this.secretKey = Require.notBlank("the Airflow webserver secret key", key);
        return this;
    }

    /** The image this container runs, as given (without resolving or pulling it). */
    public DockerImageName imageName() {
        return imageName;
    }

    public String adminUsername() {
        return adminUsername;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** The host folder mounted as the DAG folder, or null when none was given. */
    public Path dagsFolder() {
        return dags;
    }

    public String sparkMasterUrl() {
        return sparkMasterUrl;
    }

    /** The web UI (and {@code /api/v1}) as the host reaches it. */
    public URI webUrl() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(PORT));
    }

    @Override
    protected void configure() {
        environment().forEach(this::addEnv);
        setCommand(command().toArray(String[]::new));
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

    /** The container's command, as {@link #configure()} sets it: {@link #START_SCRIPT} with bash. */
    public List<String> command() {
        return List.of("bash", "-c", START_SCRIPT);
    }

    /** The container's environment, as {@link #configure()} sets it. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AIRFLOW__CORE__EXECUTOR", "SequentialExecutor");
        env.put("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", SQL_ALCHEMY_CONN);
        env.put("AIRFLOW__DATABASE__LOAD_DEFAULT_CONNECTIONS", "False");
        env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        env.put("AIRFLOW__CORE__DAGS_FOLDER", DAGS_PATH);
        env.put("AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION", "False");
        env.put("AIRFLOW__API__AUTH_BACKENDS", AUTH_BACKENDS);
        env.put("AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL", String.valueOf(DAG_SCAN_SECONDS));
        env.put("AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL", String.valueOf(DAG_SCAN_SECONDS));
        // SQLite allows one parsing process anyway; saying so spares a warning
        env.put("AIRFLOW__SCHEDULER__PARSING_PROCESSES", "1");
        env.put("AIRFLOW__WEBSERVER__WORKERS", String.valueOf(WEBSERVER_WORKERS));
        env.put("AIRFLOW__WEBSERVER__SECRET_KEY", secretKey);
        // the image's entrypoint would first retry 'airflow db check'; the start script migrates at once
        env.put("CONNECTION_CHECK_MAX_COUNT", "0");
        env.put(ADMIN_USERNAME_ENV, adminUsername);
        env.put(ADMIN_PASSWORD_ENV, adminPassword);
        env.put("SPARK_MASTER", sparkMasterUrl);
        env.put("SPARK_MASTER_REST_URL", restUrl(sparkMasterUrl));
        // read by the library's image: its entrypoint writes them to spark-defaults.conf
        env.put("SPARK_MASTER_URL", sparkMasterUrl);
        Map<String, String> conf = new LinkedHashMap<>(sparkConf());
        conf.putAll(serviceSparkConf);
        env.put("SPARK_EXTRA_CONF", SparkNodeContainer.extraConfEnv(conf));
        env.put(SPARK_CONNECTION_ENV, sparkConnection(sparkMasterUrl));
        if (sparkConnectUrl != null) {
            env.put("SPARK_CONNECT_URL", sparkConnectUrl);
        }
        env.putAll(serviceEnvironment);
        connections.forEach((id, uri) -> env.put("AIRFLOW_CONN_" + id.toUpperCase(Locale.ROOT), uri));
        return env;
    }

    /**
     * Spark settings for drivers started here (client mode, e.g. by {@code SparkSubmitOperator}),
     * added by the image's entrypoint to its spark-defaults (with the store's S3A and Delta
     * settings): {@link SparkNodeContainer#clientDriverConf} with this container's alias.
     */
    public Map<String, String> sparkConf() {
        return SparkNodeContainer.clientDriverConf(NETWORK_ALIAS, executorMemory.toString());
    }

    /**
     * {@value #SPARK_CONNECTION_ENV}: Airflow's JSON form of a connection, whose host keeps the
     * {@code spark://} scheme (the Spark provider passes host and port on as {@code --master}).
     */
    static String sparkConnection(String masterUrl) {
        restUrl(masterUrl); // a master URL, or IllegalArgumentException
        URI uri = URI.create(masterUrl);
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("conn_type", "spark");
        connection.put("host", "spark://" + uri.getHost());
        connection.put("port", uri.getPort() > 0 ? uri.getPort() : SparkMasterContainer.MASTER_PORT);
        connection.put("extra", Map.of("deploy-mode", "client"));
        return Json.write(connection);
    }

    /**
     * {@code uid:0} of the DAG folder's owner, the user the container runs as; null without a DAG
     * folder or where the file system has no unix owners (the image's own user then).
     */
    public String containerUser() {
        return dags == null ? null : DagFolder.ownerWithGroup(dags, CONTAINER_GROUP);
    }

    private void runAsDagOwner(CreateContainerCmd command) {
        String user = containerUser();
        if (user != null) {
            command.withUser(user);
        }
    }

    /** Fails the start when Airflow cannot read the DAG folder or something in it (its scan would skip them silently). */
    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
        if (dags == null) {
            return;
        }
        ExecResult result;
        try {
            result = execInContainer("bash", "-c", DagFolder.UNREADABLE_SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException("could not check that Airflow can read its DAG folder", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Airflow's DAG folder", e);
        }
        if (result.getExitCode() != 0) {
            throw new IllegalStateException(DagFolder.unreadableMessage(dags, containerUser(), result.getStdout(),
                    DagFolder.engineRemapsUsers(org.testcontainers.DockerClientFactory.instance().getInfo()
                            .getSecurityOptions())));
        }
    }

    /** The read-only bind of the DAG folder onto {@value #DAGS_PATH}; null without a DAG folder. */
    Bind dagsBind() {
        return dags == null ? null : DagFolder.bind(dags, DAGS_PATH);
    }

    private void mountDags(CreateContainerCmd command) {
        DagFolder.mount(command, dagsBind());
    }

    /** Airflow's own word: {@code /health} says the metadatabase and the scheduler are healthy. */
    public static ServiceProbe healthProbe() {
        return ServiceProbe.httpJson(PORT, HEALTH_PATH, "metadatabase and scheduler healthy", AirflowContainer::healthy);
    }

    /** Whether a {@code /health} document says both the metadatabase and the scheduler are healthy. */
    static boolean healthy(Json health) {
        return health != null
                && "healthy".equals(health.path("metadatabase").path("status").asText())
                && "healthy".equals(health.path("scheduler").path("status").asText());
    }

    /**
     * The REST submission server of a standalone master ({@code spark://host:7077} gives
     * {@code http://host:6066}); {@link IllegalArgumentException} when it is not a master URL.
     */
    static String restUrl(String masterUrl) {
        URI uri;
        try {
            uri = masterUrl == null ? null : new URI(masterUrl);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !"spark".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Spark master URL must look like spark://host:7077, got '" + masterUrl + "'");
        }
        return "http://" + uri.getHost() + ":" + SparkMasterContainer.REST_PORT;
    }
}
