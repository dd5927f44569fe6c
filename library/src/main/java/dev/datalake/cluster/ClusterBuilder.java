package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowModule;
import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.PublishedPort;
import dev.datalake.cluster.internal.Require;
import dev.datalake.cluster.internal.SecretSource;
import dev.datalake.cluster.internal.ServiceModule;
import dev.datalake.cluster.internal.ServiceModules;
import dev.datalake.cluster.spark.SparkModule;
import dev.datalake.cluster.spark.SparkNodeContainer;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.spark.SparkWorkerContainer;
import dev.datalake.cluster.storage.ObjectStoreModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of {@link DataLakeCluster.Builder}, each checked when it is given and kept typed,
 * and {@link #start()} / {@link #build()}. The services' own settings live in their modules; the
 * public name is the nested {@code DataLakeCluster.Builder}.
 */
abstract sealed class ClusterBuilder permits DataLakeCluster.Builder {

    private static final Logger LOG = LoggerFactory.getLogger(DataLakeCluster.class);
    private static final int MAX_WORKERS = 64;

    private final List<ServiceModule> modules = ServiceModules.fresh();
    private ImageSet images;
    private SparkVersion sparkVersion = SparkVersion.DEFAULT;
    private boolean sparkPortsOnAllInterfaces;
    private Duration startupTimeout;
    private boolean allInterfaces;
    private boolean reuse;
    private boolean usualHostPorts;
    private final Map<String, HostPort> hostPorts = new LinkedHashMap<>();

    ClusterBuilder() {}

    private DataLakeCluster.Builder self() {
        return (DataLakeCluster.Builder) this;
    }

    /** The module of type {@code type} of this builder. */
    final <T extends ServiceModule> T module(Class<T> type) {
        return modules.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    /** The images to run (default {@link ImageSet#fromEnvironment()}: {@code auto} unless told otherwise). */
    public DataLakeCluster.Builder images(ImageSet images) {
        if (images == null) {
            throw new IllegalArgumentException("images must not be null: use ImageSet.auto(), upstream() or offline()");
        }
        this.images = images;
        return self();
    }

    /** The Spark line the cluster runs (default {@link SparkVersion#DEFAULT}). */
    public DataLakeCluster.Builder sparkVersion(SparkVersion version) {
        if (version == null) {
            throw new IllegalArgumentException("sparkVersion must not be null: use one of " + java.util.Arrays
                    .stream(SparkVersion.values()).map(v -> "SparkVersion." + v.name()).toList());
        }
        this.sparkVersion = version;
        return self();
    }

    /** The number of Spark workers, 0 to 64 (default {@value SparkModule#DEFAULT_WORKERS}). */
    public DataLakeCluster.Builder sparkWorkers(int workers) {
        if (workers > MAX_WORKERS) {
            throw new IllegalArgumentException("sparkWorkers is " + workers + ": at most " + MAX_WORKERS
                    + " workers on one machine");
        }
        module(SparkModule.class).workers(Require.atLeast("sparkWorkers", workers, 0));
        return self();
    }

    /** Cores each worker offers, 1 or more (default 2). */
    public DataLakeCluster.Builder sparkWorkerCores(int cores) {
        module(SparkModule.class).workerCores(Require.atLeast("sparkWorkerCores: Spark worker cores", cores, 1));
        return self();
    }

    /**
     * Memory each worker offers to executors, in Spark's size syntax ({@link MemorySize}), at least
     * 512m (default 1g).
     */
    public DataLakeCluster.Builder sparkWorkerMemory(String memory) {
        module(SparkModule.class).workerMemory(
                MemorySize.parse("sparkWorkerMemory", memory, SparkWorkerContainer.MIN_MEMORY));
        return self();
    }

    /** The heap of the master and worker daemons themselves, in Spark's size syntax, at least 128m (default 512m). */
    public DataLakeCluster.Builder sparkDaemonMemory(String memory) {
        module(SparkModule.class).daemonMemory(
                MemorySize.parse("sparkDaemonMemory", memory, SparkNodeContainer.MIN_DAEMON_MEMORY));
        return self();
    }

    /** Jupyter in the master's container (default: on). */
    public DataLakeCluster.Builder jupyter(boolean enabled) {
        SparkModule spark = module(SparkModule.class);
        spark.jupyter(enabled, spark.jupyterToken());
        return self();
    }

    /** The Jupyter token: 8+ letters, digits, '-', '_', '.' or '~' (default: random per cluster). */
    public DataLakeCluster.Builder jupyterToken(String token) {
        SparkModule spark = module(SparkModule.class);
        spark.jupyter(spark.jupyter(), Require.urlToken("jupyterToken (leave it unset for a random token)", token));
        return self();
    }

    /** Airflow (default: on, in both image sets). */
    public DataLakeCluster.Builder airflow(boolean enabled) {
        return service(Service.AIRFLOW, enabled);
    }

    /** A single-node Kafka broker beside the lake (off by default): {@code cluster.kafka()}. */
    public DataLakeCluster.Builder kafka(boolean enabled) {
        return service(Service.KAFKA, enabled);
    }

    /** A PostgreSQL server beside the lake (off by default): {@code cluster.postgres()}. */
    public DataLakeCluster.Builder postgres(boolean enabled) {
        return service(Service.POSTGRES, enabled);
    }

    /** A MongoDB server beside the lake (off by default): {@code cluster.mongo()}. */
    public DataLakeCluster.Builder mongo(boolean enabled) {
        return service(Service.MONGO, enabled);
    }

    /**
     * Turns an optional service on or off ({@code kafka(true)} is {@code service(Service.KAFKA, true)});
     * the object store and Spark always run.
     */
    public DataLakeCluster.Builder service(Service service, boolean enabled) {
        ServiceModule module = modules.stream().filter(m -> m.service() == service).findFirst().orElse(null);
        if (module == null || !module.optional()) {
            throw new IllegalArgumentException("service(" + service + ", ...): only these services can be turned on "
                    + "or off: " + modules.stream().filter(ServiceModule::optional).map(ServiceModule::service).toList());
        }
        module.enable(enabled);
        return self();
    }

    /**
     * The Airflow version (default {@link AirflowVersion#DEFAULT}, Airflow 3). On the upstream
     * images Airflow's Python must be that of the Spark line's image: a combination without such
     * an image fails {@link #start()} before anything starts, naming one that works.
     */
    public DataLakeCluster.Builder airflowVersion(AirflowVersion version) {
        if (version == null) {
            throw new IllegalArgumentException("airflowVersion must not be null: use AirflowVersion.V3_3 (the default) "
                    + "or AirflowVersion.V2_7");
        }
        module(AirflowModule.class).version(version);
        return self();
    }

    /**
     * The folder of DAGs Airflow runs, mounted read-only; it must exist. Airflow runs as the
     * folder's owner (group 0), so a private folder (mode 0700, as a JUnit {@code @TempDir}) works;
     * a folder even its owner cannot read fails {@code start()}, saying so.
     */
    public DataLakeCluster.Builder airflowDags(Path folder) {
        module(AirflowModule.class).dags(Require.mountableDirectory("airflowDags: the Airflow DAG folder", folder));
        return self();
    }

    /**
     * Airflow's admin user, also the REST API's user (default: admin, random password): a username
     * without ':' or whitespace, a password of 8+ characters.
     */
    public DataLakeCluster.Builder airflowCredentials(String username, String password) {
        Require.airflowCredentials(username, password);
        module(AirflowModule.class).credentials(username, password);
        return self();
    }

    /** The object store's credentials: access key of 3+ characters, secret key of 8+ (MinIO's limits). */
    public DataLakeCluster.Builder objectStoreCredentials(String accessKey, String secretKey) {
        Require.objectStoreCredentials(accessKey, secretKey);
        module(ObjectStoreModule.class).credentials(accessKey, secretKey);
        return self();
    }

    /** How long each service may take to become ready, at most a day (default 3 minutes; Airflow's 5). */
    public DataLakeCluster.Builder startupTimeout(Duration timeout) {
        this.startupTimeout = Require.between("startupTimeout", timeout, Require.MAX_STARTUP_TIMEOUT);
        return self();
    }

    /**
     * Publishes ports on every interface instead of 127.0.0.1 only: the UIs, S3, Jupyter (behind its
     * token) and Airflow (behind its password). Ports that run whatever code reaches them (Spark's
     * RPC 7077, REST submission 6066 and Connect 15002) stay on 127.0.0.1, unless
     * {@link #exposeSparkPortsOnAllInterfaces()} is called too.
     */
    public DataLakeCluster.Builder exposeOnAllInterfaces() {
        this.allInterfaces = true;
        return self();
    }

    /**
     * Publishes Spark's RPC (7077), REST submission (6066) and Connect (15002) ports on every
     * interface too, with {@link #exposeOnAllInterfaces()}: anyone who reaches this machine can then
     * run code in the cluster, and through it on this machine's Docker network. Logs a warning.
     */
    public DataLakeCluster.Builder exposeSparkPortsOnAllInterfaces() {
        this.sparkPortsOnAllInterfaces = true;
        return self();
    }

    /**
     * Publishes the ports of the docker-compose setup this library replaces on fixed host ports
     * ({@link HostPort#USUAL}), for the services and ports this cluster runs. Ports given with
     * {@link #hostPort} win. Default: random host ports.
     */
    public DataLakeCluster.Builder usualHostPorts() {
        this.usualHostPorts = true;
        return self();
    }

    /**
     * Publishes {@code containerPort} of {@code service} on {@code hostPort}.
     * {@link #start()} fails before anything starts when the port is taken.
     */
    public DataLakeCluster.Builder hostPort(Service service, int containerPort, int hostPort) {
        if (service == null || service == Service.SPARK_WORKER) {
            throw new IllegalArgumentException("hostPort: service must be one of " + ServiceModules.fresh().stream()
                    .map(ServiceModule::service).toList() + " (workers get random host ports), got " + service);
        }
        Require.port("hostPort", hostPort);
        List<Integer> ports = allPorts(service);
        if (!ports.contains(containerPort)) {
            throw new IllegalArgumentException("hostPort: " + service + " has no container port " + containerPort
                    + ": use one of " + ports);
        }
        hostPorts.put(service + ":" + containerPort,
                new HostPort(service, containerPort, hostPort, HostPort.describe(service, containerPort)));
        return self();
    }

    private List<Integer> allPorts(Service service) {
        return modules.stream().flatMap(m -> m.allPorts().stream())
                .filter(p -> p.service() == service).map(PublishedPort::containerPort).toList();
    }

    /**
     * Keeps the cluster (containers, network, stored objects) for the next JVM when Testcontainers'
     * reuse is enabled ({@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}
     * or {@code TESTCONTAINERS_REUSE_ENABLE=true}): the next {@code start()} with the same settings
     * finds the running containers instead of starting new ones, and {@link DataLakeCluster#close()}
     * leaves them running. Its id and generated secrets are derived from the settings, the images and
     * a random salt of the user's (kept in {@code ~/.datalake-cluster/reuse-salt}, readable by the user
     * only), so they are the same in every run of that user and nobody else can compute them; with
     * {@link #exposeOnAllInterfaces()} the secrets must be given. A DAG folder is copied, at each
     * start, to one kept for the cluster. Remove it with {@link DataLakeCluster#remove()} or
     * {@link DataLakeCluster#removeReused()}. Without Testcontainers' reuse enabled, logs a warning
     * and starts a normal cluster.
     */
    public DataLakeCluster.Builder reuse(boolean reuse) {
        this.reuse = reuse;
        return self();
    }

    /** Checks the settings, makes the images ready, and starts every service in parallel. */
    public DataLakeCluster start() {
        return build().startCluster();
    }

    /**
     * The cluster as a Testcontainers {@link org.testcontainers.lifecycle.Startable}, not started:
     * for a {@code @Container} field or a {@code dependsOn} target. The settings are checked now.
     */
    public DataLakeContainer build() {
        if (reuse && allInterfaces) {
            requireGivenSecrets();
        }
        return new DataLakeContainer(plan(SecretSource.RANDOM), givenModules(), reuse);
    }

    /** A reused cluster's derived secrets are kept on this machine: on every interface, it needs the user's own. */
    private void requireGivenSecrets() {
        List<String> missing = new java.util.ArrayList<>();
        if (module(ObjectStoreModule.class).secretKey() == null) {
            missing.add("objectStoreCredentials(accessKey, secretKey)");
        }
        SparkModule spark = module(SparkModule.class);
        if (spark.jupyter() && spark.jupyterToken() == null) {
            missing.add("jupyterToken(token)");
        }
        AirflowModule airflow = module(AirflowModule.class);
        if (airflow.enabled() && airflow.password() == null) {
            missing.add("airflowCredentials(username, password)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("reuse(true) with exposeOnAllInterfaces() needs secrets of your own: set "
                    + String.join(", ", missing) + " (or publish on 127.0.0.1 only, without exposeOnAllInterfaces())");
        }
    }

    /** The settings with every default and generated secret filled in; {@link IllegalArgumentException} when they conflict. */
    final ClusterPlan plan(SecretSource secrets) {
        ImageSet set = images != null ? images : ImageSet.fromEnvironment();
        boolean sparkPortsEverywhere = allInterfaces && sparkPortsOnAllInterfaces;
        if (sparkPortsEverywhere) {
            LOG.warn("exposeSparkPortsOnAllInterfaces(): Spark's RPC (7077), REST submission (6066) and Connect "
                    + "(15002) ports are published on every interface, with no authentication: anyone who reaches "
                    + "this machine can run code in the cluster");
        } else if (sparkPortsOnAllInterfaces) {
            LOG.warn("exposeSparkPortsOnAllInterfaces() without exposeOnAllInterfaces(): every port stays on 127.0.0.1");
        }
        ClusterPlan plan = new ClusterPlan(set, sparkVersion, startupTimeout,
                allInterfaces ? ClusterResources.ALL_INTERFACES : ClusterResources.LOOPBACK, sparkPortsEverywhere,
                List.of(), modules.stream().map(m -> m.settled(secrets)).toList())
                .withHostPorts(usualHostPorts, hostPorts.values());
        for (ServiceModule module : plan.modules()) {
            module.validate(plan);
        }
        return plan;
    }

    /** The plan a start would use now, secrets random. */
    final ClusterPlan plan() {
        return plan(SecretSource.RANDOM);
    }

    /** The modules as given, generated secrets left out (a reused cluster derives them). */
    private List<ServiceModule> givenModules() {
        return modules.stream().map(m -> m.settled((purpose, bytes) -> null)).toList();
    }
}
