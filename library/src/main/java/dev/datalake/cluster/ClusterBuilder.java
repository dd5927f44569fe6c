package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ClusterReuse;
import dev.datalake.cluster.internal.Require;
import dev.datalake.cluster.internal.Secrets;
import dev.datalake.cluster.spark.SparkNodeContainer;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.spark.SparkWorkerContainer;
import dev.datalake.cluster.storage.ObjectStoreContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of {@link DataLakeCluster.Builder}, each checked when it is given, and
 * {@link #start()}. Kept apart from the running cluster; the public name is the nested
 * {@code DataLakeCluster.Builder}.
 */
abstract sealed class ClusterBuilder permits DataLakeCluster.Builder {

    private static final Logger LOG = LoggerFactory.getLogger(DataLakeCluster.class);
    /** The most Spark workers a cluster starts. */
    static final int MAX_WORKERS = 64;

    private ImageSet images;
    private SparkVersion sparkVersion = SparkVersion.DEFAULT;
    private boolean sparkPortsOnAllInterfaces;
    private int workers = DataLakeCluster.DEFAULT_WORKERS;
    private int workerCores = SparkWorkerContainer.DEFAULT_CORES;
    private MemorySize workerMemory = MemorySize.parse(SparkWorkerContainer.DEFAULT_MEMORY);
    private MemorySize daemonMemory = MemorySize.parse(SparkNodeContainer.DEFAULT_DAEMON_MEMORY);
    private Boolean jupyter;
    private Boolean airflow;
    private String jupyterToken;
    private String accessKey = ObjectStoreContainer.DEFAULT_ACCESS_KEY;
    private String secretKey;
    private Duration startupTimeout;
    private boolean allInterfaces;
    private Path airflowDags;
    private String airflowUsername = AirflowContainer.DEFAULT_ADMIN_USERNAME;
    private String airflowPassword;
    private boolean reuse;
    private boolean usualHostPorts;
    private final Map<String, HostPort> hostPorts = new LinkedHashMap<>();

    ClusterBuilder() {}

    private DataLakeCluster.Builder self() {
        return (DataLakeCluster.Builder) this;
    }

    /** The images to run (default {@link ImageSet#fromEnvironment()}). */
    public DataLakeCluster.Builder images(ImageSet images) {
        this.images = images;
        return self();
    }

    /** The Spark line the cluster runs (default {@link SparkVersion#V3_5}); {@link SparkVersion#V4_0} adds Spark Connect. */
    public DataLakeCluster.Builder sparkVersion(SparkVersion version) {
        if (version == null) {
            throw new IllegalArgumentException("sparkVersion must not be null: use SparkVersion.V3_5 (the default) or "
                    + "SparkVersion.V4_0");
        }
        this.sparkVersion = version;
        return self();
    }

    /** The number of Spark workers, 0 to {@value #MAX_WORKERS} (default {@value DataLakeCluster#DEFAULT_WORKERS}). */
    public DataLakeCluster.Builder sparkWorkers(int workers) {
        this.workers = Require.between("sparkWorkers", workers, 0, MAX_WORKERS);
        return self();
    }

    /** Cores each worker offers, 1 or more (default 2). */
    public DataLakeCluster.Builder sparkWorkerCores(int cores) {
        this.workerCores = Require.atLeast("sparkWorkerCores: Spark worker cores", cores, 1);
        return self();
    }

    /**
     * Memory each worker offers to executors, in Spark's size syntax ({@link MemorySize}), at least
     * 512m (default 1g).
     */
    public DataLakeCluster.Builder sparkWorkerMemory(String memory) {
        this.workerMemory = MemorySize.parse("sparkWorkerMemory", memory, SparkWorkerContainer.MIN_MEMORY);
        return self();
    }

    /** The heap of the master and worker daemons themselves, in Spark's size syntax, at least 128m (default 512m). */
    public DataLakeCluster.Builder sparkDaemonMemory(String memory) {
        this.daemonMemory = MemorySize.parse("sparkDaemonMemory", memory, SparkNodeContainer.MIN_DAEMON_MEMORY);
        return self();
    }

    /** Jupyter in the master's container (default: on). */
    public DataLakeCluster.Builder jupyter(boolean enabled) {
        this.jupyter = enabled;
        return self();
    }

    /** The Jupyter token: 8+ letters, digits, '-', '_', '.' or '~' (default: random per cluster). */
    public DataLakeCluster.Builder jupyterToken(String token) {
        this.jupyterToken = Require.urlToken("jupyterToken (leave it unset for a random token)", token);
        return self();
    }

    /** Airflow (default: on, in both image sets). */
    public DataLakeCluster.Builder airflow(boolean enabled) {
        this.airflow = enabled;
        return self();
    }

    /**
     * The folder of DAGs Airflow runs, mounted read-only; it must exist. Airflow runs as the
     * folder's owner (group 0), so a private folder (mode 0700, as a JUnit {@code @TempDir}) works;
     * a folder even its owner cannot read fails {@code start()}, saying so.
     */
    public DataLakeCluster.Builder airflowDags(Path folder) {
        this.airflowDags = Require.mountableDirectory("airflowDags: the Airflow DAG folder", folder);
        return self();
    }

    /**
     * Airflow's admin user, also the REST API's basic-auth user (default: admin, random password): a
     * username without ':' or whitespace, a password of 8+ characters.
     */
    public DataLakeCluster.Builder airflowCredentials(String username, String password) {
        Require.airflowCredentials(username, password);
        this.airflowUsername = username;
        this.airflowPassword = password;
        return self();
    }

    /** The object store's credentials: access key of 3+ characters, secret key of 8+ (MinIO's limits). */
    public DataLakeCluster.Builder objectStoreCredentials(String accessKey, String secretKey) {
        Require.objectStoreCredentials(accessKey, secretKey);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        return self();
    }

    /** How long each service may take to become ready, at most a day (default 3 minutes; Airflow's 5). */
    public DataLakeCluster.Builder startupTimeout(Duration timeout) {
        this.startupTimeout = Require.between("startupTimeout", timeout, Require.MAX_STARTUP_TIMEOUT);
        return self();
    }

    /**
     * Publishes ports on every interface instead of 127.0.0.1 only: the UIs, S3, Jupyter (behind its
     * token) and Airflow (behind its password). Spark's RPC (7077), REST submission (6066) and
     * Connect (15002) ports run whatever code reaches them and stay on 127.0.0.1, unless
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
     * ({@link HostPort#USUAL}: 9000, 9001, 7077, 8887, 4040, 8888, 8081), for the services and
     * ports this cluster runs (no 9001 with s3proxy, no 8888 without Jupyter, no 8081 without
     * Airflow). Ports given with {@link #hostPort} win. Default: random host ports.
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
            throw new IllegalArgumentException("hostPort: service must be " + Service.OBJECT_STORE + ", "
                    + Service.SPARK_MASTER + " or " + Service.AIRFLOW + " (workers get random host ports), got "
                    + service);
        }
        Require.port("hostPort", hostPort);
        var ports = service.publishedPorts(ImageSet.upstream(), SparkVersion.V4_0, true, true);
        if (!ports.contains(containerPort)) {
            throw new IllegalArgumentException(service + " has no container port " + containerPort + ": use one of "
                    + ports);
        }
        String description = HostPort.USUAL.stream()
                .filter(p -> p.serviceType() == service && p.containerPort() == containerPort)
                .map(HostPort::description).findFirst().orElse(null);
        hostPorts.put(service + ":" + containerPort, new HostPort(service, containerPort, hostPort, description));
        return self();
    }

    /**
     * As {@link #hostPort(Service, int, int)}, with the service's name ({@value DataLakeCluster#OBJECT_STORE},
     * {@value DataLakeCluster#SPARK_MASTER} or {@value DataLakeCluster#AIRFLOW}).
     *
     * @deprecated use {@link #hostPort(Service, int, int)}
     */
    @Deprecated
    public DataLakeCluster.Builder hostPort(String service, int containerPort, int hostPort) {
        return hostPort(Service.of(service), containerPort, hostPort);
    }

    /**
     * Keeps the cluster (containers, network, stored objects) for the next JVM when Testcontainers'
     * reuse is enabled ({@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}
     * or {@code TESTCONTAINERS_REUSE_ENABLE=true}): the next {@code start()} with the same settings
     * finds the running containers instead of starting new ones, and {@link DataLakeCluster#close()}
     * leaves them running. Its id, network name and generated secrets (object store, Jupyter,
     * Airflow) are derived from the settings, the image tags and a random salt of the user's (kept in
     * {@code ~/.datalake-cluster/reuse-salt}, readable by the user only), so they are the same in every
     * run of that user and nobody else can compute them. With {@link #exposeOnAllInterfaces()} the
     * secrets must be given. A DAG folder is copied, at each start, to one kept for the cluster.
     * Remove it with {@link DataLakeCluster#remove()} or {@link DataLakeCluster#removeReused()}
     * ({@link DataLakeCluster#removeStale()} leaves reused clusters alone).
     * Without Testcontainers' reuse enabled, logs a warning and starts a normal cluster.
     */
    public DataLakeCluster.Builder reuse(boolean reuse) {
        this.reuse = reuse;
        return self();
    }

    /** Checks the settings, makes the images ready, and starts every service in parallel. */
    public DataLakeCluster start() {
        ClusterSettings settings = settings();
        boolean reused = ClusterReuse.granted(reuse);
        if (!reused) {
            requireFreeHostPorts(settings, Set.of());
        }
        long started = System.nanoTime();
        ClusterImages images = ClusterImages.prepare(settings.images(), settings.sparkVersion(), settings.airflow());
        Duration imageTime = Duration.ofNanos(System.nanoTime() - started);
        String reuseId = null;
        if (reused) {
            String salt = ClusterReuse.salt();
            reuseId = reuseId(salt, settings, images);
            settings = reusableSecrets(salt, settings, reuseId);
            // the ports the running cluster holds are the ones it will keep
            requireFreeHostPorts(settings, ClusterReuse.publishedPorts(reuseId));
        }
        return DataLakeCluster.start(settings, images, reuseId, imageTime);
    }

    /** {@link HostPortInUseException} for a fixed host port that is taken, unless {@code ours} holds it. */
    private static void requireFreeHostPorts(ClusterSettings settings, Set<Integer> ours) {
        for (HostPort port : settings.hostPorts()) {
            if (!ours.contains(port.hostPort()) && !port.isFree(settings.bindAddress())) {
                throw new HostPortInUseException(port, settings.bindAddress());
            }
        }
    }

    /** The settings with every default and generated secret filled in; {@link IllegalArgumentException} when they conflict. */
    ClusterSettings settings() {
        ImageSet set = images != null ? images : ImageSet.fromEnvironment();
        boolean withAirflow = airflow == null || airflow;
        boolean withJupyter = jupyter == null || jupyter;
        if (reuse && allInterfaces) {
            requireExplicitSecrets(withJupyter, withAirflow);
        }
        boolean sparkPortsEverywhere = allInterfaces && sparkPortsOnAllInterfaces;
        if (sparkPortsEverywhere) {
            LOG.warn("exposeSparkPortsOnAllInterfaces(): Spark's RPC (7077), REST submission (6066) and Connect "
                    + "(15002) ports are published on every interface, with no authentication: anyone who reaches "
                    + "this machine can run code in the cluster");
        } else if (sparkPortsOnAllInterfaces) {
            LOG.warn("exposeSparkPortsOnAllInterfaces() without exposeOnAllInterfaces(): every port stays on 127.0.0.1");
        }
        return new ClusterSettings(set, sparkVersion, workers, workerCores, workerMemory, daemonMemory,
                withJupyter, jupyterToken != null ? jupyterToken : Secrets.randomHex(16),
                withAirflow, airflowDags, airflowUsername,
                airflowPassword != null ? airflowPassword : Secrets.randomHex(12),
                accessKey, secretKey != null ? secretKey : Secrets.randomHex(12),
                startupTimeout, allInterfaces ? ClusterResources.ALL_INTERFACES : ClusterResources.LOOPBACK,
                sparkPortsEverywhere, hostPorts(set, withJupyter, withAirflow));
    }

    /**
     * A reused cluster outlives the JVM and its generated secrets are kept on this machine: published
     * on every interface, it must have secrets its user chose.
     */
    private void requireExplicitSecrets(boolean withJupyter, boolean withAirflow) {
        List<String> missing = new java.util.ArrayList<>();
        if (secretKey == null) {
            missing.add("objectStoreCredentials(accessKey, secretKey)");
        }
        if (withJupyter && jupyterToken == null) {
            missing.add("jupyterToken(token)");
        }
        if (withAirflow && airflowPassword == null) {
            missing.add("airflowCredentials(username, password)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("reuse(true) with exposeOnAllInterfaces() needs secrets of your own: set "
                    + String.join(", ", missing) + " (or publish on 127.0.0.1 only, without exposeOnAllInterfaces())");
        }
    }

    /** The fixed host ports: the usual ones this cluster publishes, then those given one by one. */
    private List<HostPort> hostPorts(ImageSet set, boolean withJupyter, boolean withAirflow) {
        Map<String, HostPort> ports = new LinkedHashMap<>();
        if (usualHostPorts) {
            for (HostPort port : HostPort.USUAL) {
                if (port.serviceType().publishedPorts(set, sparkVersion, withJupyter, withAirflow)
                        .contains(port.containerPort())) {
                    ports.put(port.service() + ":" + port.containerPort(), port);
                }
            }
        }
        for (HostPort port : hostPorts.values()) {
            if (!port.serviceType().publishedPorts(set, sparkVersion, withJupyter, withAirflow)
                    .contains(port.containerPort())) {
                throw new IllegalArgumentException("hostPort(" + port.service() + ", " + port.containerPort() + ", "
                        + port.hostPort() + "): this cluster does not publish that port (" + port.service()
                        + " is off, or the " + set + " image set has no such port); leave the hostPort out");
            }
            ports.put(port.service() + ":" + port.containerPort(), port);
        }
        Map<Integer, HostPort> byHostPort = new LinkedHashMap<>();
        for (HostPort port : ports.values()) {
            HostPort other = byHostPort.putIfAbsent(port.hostPort(), port);
            if (other != null) {
                throw new IllegalArgumentException("host port " + port.hostPort() + " is given twice: to "
                        + other.service() + " port " + other.containerPort() + " and to " + port.service()
                        + " port " + port.containerPort() + "; give each its own host port");
            }
        }
        return List.copyOf(ports.values());
    }

    /**
     * The id of a reused cluster: a hash of the user's salt, the settings (generated secrets and the
     * DAG folder's path left out: a temporary folder is new in every run) and the image tags.
     */
    private String reuseId(String salt, ClusterSettings settings, ClusterImages images) {
        return ClusterReuse.clusterId(salt, settings.withAirflowDags(null) + "|dags " + (airflowDags != null)
                + "|secrets given " + String.valueOf(secretKey) + "|" + String.valueOf(jupyterToken) + "|"
                + String.valueOf(airflowPassword) + "|" + images.objectStoreImage() + "|" + images.sparkImage()
                + "|" + images.airflowImage() + "|" + ClusterReuse.codeFingerprint(DataLakeCluster.class,
                ClusterContainers.class, ClusterResources.class, ClusterReuse.class,
                dev.datalake.cluster.storage.ObjectStore.class, ObjectStoreContainer.class,
                dev.datalake.cluster.storage.S3ProxyContainer.class, dev.datalake.cluster.storage.MinioContainer.class,
                SparkNodeContainer.class, dev.datalake.cluster.spark.SparkMasterContainer.class,
                SparkWorkerContainer.class, AirflowContainer.class,
                org.testcontainers.containers.GenericContainer.class));
    }

    /**
     * The generated secrets of a reused cluster, derived from the user's salt and its id (secrets set
     * by the user stay), and its DAG folder: a copy kept for the cluster ({@link ClusterReuse#dagFolder}).
     */
    private ClusterSettings reusableSecrets(String salt, ClusterSettings settings, String reuseId) {
        ClusterSettings reused = settings.withSecrets(
                secretKey != null ? secretKey : ClusterReuse.secret(salt, reuseId, "object-store", 12),
                jupyterToken != null ? jupyterToken : ClusterReuse.secret(salt, reuseId, "jupyter", 16),
                airflowPassword != null ? airflowPassword : ClusterReuse.secret(salt, reuseId, "airflow", 12));
        return airflowDags == null ? reused : reused.withAirflowDags(ClusterReuse.dagFolder(reuseId, airflowDags));
    }
}
