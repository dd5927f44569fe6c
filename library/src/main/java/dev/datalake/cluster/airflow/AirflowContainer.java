package dev.datalake.cluster.airflow;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.ContainerOutput;
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
 * base), in one container on SQLite, of either {@link AirflowVersion}: 2.7 runs the scheduler and
 * the webserver with the SequentialExecutor, 3.x the API server, the scheduler, the DAG processor
 * and the triggerer with the LocalExecutor. The image's {@code start-airflow.sh} migrates the
 * metadata database, makes the admin user (2.7: {@code airflow users create}; 3.x: a user of the
 * simple auth manager), then runs those processes side by side; the container exits as soon as
 * any of them does. DAGs come from a host folder mounted read-only on {@value #DAGS_PATH}.
 *
 * <p>Tasks see the same cluster environment as Jupyter: {@code SPARK_MASTER},
 * {@code SPARK_MASTER_REST_URL} (the master's REST submission server, for submitting Spark
 * applications over HTTP without a Spark install here) and the object store's {@code S3_ENDPOINT}
 * and AWS variables. {@code SparkSubmitOperator} submits to the master without any settings:
 * {@value #SPARK_CONNECTION_ENV} is the master in client mode, the driver runs here and the
 * workers reach it at {@value #NETWORK_ALIAS} ({@link #sparkConf()}); its Python workers run
 * {@code python3}, of the same minor version as here when the image fits the Spark line
 * ({@link AirflowVersion#upstreamImage}).
 *
 * <p>With a DAG folder the container runs as the folder's owner with group 0 (Airflow's images
 * make their files writable for group 0 whatever the uid), so a folder only its owner can read
 * (mode 0700) works. Right after the container starts, anything in the folder that Airflow still
 * cannot read fails the start, naming it (Airflow itself would skip it silently).
 *
 * <p>Ready when the version's health document ({@code /health} on 2.7,
 * {@code /api/v2/monitor/health} on 3.x) says the metadatabase, the scheduler and (3.x) the DAG
 * processor are healthy; the status code is 200 either way, so the JSON is read.
 */
public class AirflowContainer extends GenericContainer<AirflowContainer> {

    /** The official image of the default version whose Python is that of the default Spark line. */
    public static final String DEFAULT_IMAGE = ImageSet.DEFAULT_AIRFLOW_IMAGE;
    public static final int PORT = 8080;
    public static final String NETWORK_ALIAS = "airflow";
    public static final String DAGS_PATH = "/opt/airflow/dags";
    /** The web UI and REST API as containers on the cluster's network see them. */
    public static final String INTERNAL_URL = "http://" + NETWORK_ALIAS + ":" + PORT;
    public static final String DEFAULT_ADMIN_USERNAME = "admin";
    /** Migration, the admin user, the API server or webserver and the first heartbeats. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    /** SparkSubmitOperator's default connection ({@code spark_default}), as Airflow reads it from the environment. */
    public static final String SPARK_CONNECTION_ENV = "AIRFLOW_CONN_SPARK_DEFAULT";
    /** The group the container runs with, whatever the uid: the one Airflow's images make their files writable for. */
    public static final int CONTAINER_GROUP = 0;
    /** Memory of each executor a driver started here asks for (Spark's default; at most a worker's memory). */
    public static final MemorySize DEFAULT_EXECUTOR_MEMORY = MemorySize.parse("1g");
    /** What the library's image runs: images/airflow/start-airflow.sh. */
    public static final String START_SCRIPT_PATH = "/opt/datalake/start-airflow.sh";

    /** The variables the start script reads the admin's credentials from. */
    static final String ADMIN_USERNAME_ENV = "DATALAKE_AIRFLOW_ADMIN_USERNAME";
    static final String ADMIN_PASSWORD_ENV = "DATALAKE_AIRFLOW_ADMIN_PASSWORD";

    private final DockerImageName imageName;
    private AirflowVersion version = AirflowVersion.DEFAULT;
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
        waitingFor(ServiceProbe.lazy(() -> healthProbe(version)).withStartupTimeout(STARTUP_TIMEOUT));
    }

    /** The Airflow version the image runs (default {@link AirflowVersion#DEFAULT}): its processes, settings and probe. */
    public AirflowContainer withAirflowVersion(AirflowVersion version) {
        if (version == null) {
            throw new IllegalArgumentException("the Airflow version must not be null: use one of AirflowVersion's constants");
        }
        this.version = version;
        return this;
    }

    /** The admin user made on start, whom the REST client signs in as (default: admin, random password). */
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
        SparkMasterUrls.restUrl(masterUrl);
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

    /**
     * The key that signs the UI's sessions and, on Airflow 3, the tokens of REST clients and tasks
     * (default: random per container).
     */
    public AirflowContainer withWebserverSecretKey(String key) {
        this.secretKey = Require.notBlank("the Airflow webserver secret key", key);
        return this;
    }

    /** The image this container runs, as given (without resolving or pulling it). */
    public DockerImageName imageName() {
        return imageName;
    }

    public AirflowVersion airflowVersion() {
        return version;
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

    /** The web UI and REST API as the host reaches them. */
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

    /** The container's command, as {@link #configure()} sets it: the image's start script. */
    public List<String> command() {
        return List.of("bash", START_SCRIPT_PATH);
    }

    /** The container's environment, as {@link #configure()} sets it. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", AirflowSettings.SQL_ALCHEMY_CONN);
        env.put("AIRFLOW__DATABASE__LOAD_DEFAULT_CONNECTIONS", "False");
        env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        env.put("AIRFLOW__CORE__DAGS_FOLDER", DAGS_PATH);
        env.put("AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION", "False");
        env.putAll(AirflowSettings.of(version, adminUsername, secretKey));
        // the image's entrypoint would first retry 'airflow db check'; the start script migrates at once
        env.put("CONNECTION_CHECK_MAX_COUNT", "0");
        env.put("AIRFLOW_PORT", String.valueOf(PORT));
        env.put(ADMIN_USERNAME_ENV, adminUsername);
        env.put(ADMIN_PASSWORD_ENV, adminPassword);
        env.put("SPARK_MASTER", sparkMasterUrl);
        env.put("SPARK_MASTER_REST_URL", SparkMasterUrls.restUrl(sparkMasterUrl));
        // read by the library's image: its entrypoint writes them to spark-defaults.conf
        env.put("SPARK_MASTER_URL", sparkMasterUrl);
        Map<String, String> conf = new LinkedHashMap<>(sparkConf());
        conf.putAll(serviceSparkConf);
        env.put("SPARK_EXTRA_CONF", SparkNodeContainer.extraConfEnv(conf));
        env.put(SPARK_CONNECTION_ENV, SparkMasterUrls.sparkConnection(sparkMasterUrl));
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

    /** The path of this version's health document. */
    public String healthPath() {
        return AirflowSettings.healthPath(version);
    }

    /** The components this version's health document must call healthy for the container to be ready. */
    public List<String> healthyComponents() {
        return AirflowSettings.healthyComponents(version);
    }

    /** Airflow's own word: the version's health document says its components are healthy. */
    public static ServiceProbe healthProbe(AirflowVersion version) {
        return ServiceProbe.httpJson(PORT, AirflowSettings.healthPath(version),
                String.join(", ", AirflowSettings.healthyComponents(version)) + " healthy",
                health -> AirflowSettings.healthy(version, health));
    }

}
