package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.airflow.AirflowServer;
import dev.datalake.cluster.container.ClusterResources;
import dev.datalake.cluster.container.ClusterReuse;
import dev.datalake.cluster.container.ContainerLogs;
import dev.datalake.cluster.container.ProbeFailedException;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.jupyter.JupyterServer;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SparkNodeContainer;
import dev.datalake.cluster.spark.SparkWorkerContainer;
import dev.datalake.cluster.storage.MinioContainer;
import dev.datalake.cluster.storage.ObjectStore;
import dev.datalake.cluster.storage.ObjectStoreContainer;
import dev.datalake.cluster.storage.S3ProxyContainer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * A local data lake on a private Docker network: an S3 object store, a Spark standalone master
 * with N workers (S3A, JDBC, Kafka, MongoDB and Delta on the classpath), Jupyter in the master's
 * container and, where the image set has it, Airflow. Every service is probed until it says it
 * is ready; {@link #close()} removes every container and the network.
 *
 * <pre>{@code
 * try (DataLakeCluster cluster = DataLakeCluster.builder().sparkWorkers(2).start()) {
 *     cluster.objectStore().createBucket("raw");
 *     cluster.spark().sql("SELECT 1");
 * }
 * }</pre>
 */
public final class DataLakeCluster implements AutoCloseable {

    public static final int DEFAULT_WORKERS = 2;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(3);
    /** Names under which services appear in reports and errors. */
    public static final String OBJECT_STORE = "object-store";
    public static final String SPARK_MASTER = "spark-master";
    public static final String AIRFLOW = "airflow";

    private static final Logger LOG = LoggerFactory.getLogger(DataLakeCluster.class);
    private static final Set<DataLakeCluster> OPEN = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration ABORT_WAIT = Duration.ofSeconds(30);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(DataLakeCluster::closeAbandoned, "datalake-cluster-cleanup"));
    }

    private final String id;
    private final Settings settings;
    private final Network network;
    private final ObjectStoreContainer<?> objectStore;
    private final SparkCluster spark;
    private final JupyterServer jupyter;
    private final AirflowContainer airflowContainer;
    private volatile AirflowServer airflow;
    private final Map<String, GenericContainer<?>> services = new LinkedHashMap<>();
    private volatile StartupReport startupReport;
    private volatile boolean closed;
    private volatile boolean removed;
    /** Reuse: the id derived from the configuration, or null for a normal cluster. */
    private final String reuseId;
    /** Set once a reused cluster is up: close() then keeps it for the next run. */
    private volatile boolean keepForReuse;
    private volatile boolean aborted;

    /**
     * The cluster of {@code settings} on these images, every container configured and nothing
     * started (the compose file is generated from it too); {@code airflowImage} is null without Airflow,
     * {@code reuseId} null but for a reused cluster.
     */
    DataLakeCluster(Settings settings, String objectStoreImage, String sparkImageName, String airflowImage,
            String reuseId) {
        this.reuseId = reuseId;
        this.id = reuseId != null ? reuseId : randomHex(4);
        this.settings = settings;
        this.network = reuseId != null ? ClusterReuse.network(id) : ClusterResources.newNetwork(id);
        this.objectStore = settings.images.isOffline()
                ? new S3ProxyContainer(objectStoreImage)
                : new MinioContainer(objectStoreImage);
        objectStore.withCredentials(settings.accessKey, settings.secretKey);
        join(objectStore, OBJECT_STORE, ObjectStoreContainer.NETWORK_ALIAS);

        DockerImageName sparkImage = DockerImageName.parse(sparkImageName);
        SparkMasterContainer master = new SparkMasterContainer(sparkImage)
                .withExpectedWorkers(settings.workers)
                .withJupyter(settings.jupyter ? settings.jupyterToken : null);
        configureSparkNode(master);
        join(master, SPARK_MASTER, SparkMasterContainer.NETWORK_ALIAS);
        List<SparkWorkerContainer> workers = new ArrayList<>();
        for (int i = 1; i <= settings.workers; i++) {
            workers.add(newWorker(sparkImage, i));
        }
        this.spark = new SparkCluster(master, workers, i -> newWorker(sparkImage, i), settings.workerMemory);
        this.jupyter = settings.jupyter ? new JupyterServer(master) : null;
        if (settings.airflow) {
            airflowContainer = new AirflowContainer(airflowImage)
                    .withAdminCredentials(settings.airflowUsername, settings.airflowPassword)
                    .withObjectStore(objectStore)
                    .withSparkMaster(SparkMasterContainer.MASTER_URL);
            if (settings.airflowDags != null) {
                airflowContainer.withDags(settings.airflowDags);
            }
            join(airflowContainer, AIRFLOW, AirflowContainer.NETWORK_ALIAS);
            // Airflow migrates its database and starts two processes: it gets its own, longer default
            airflowContainer.withStartupTimeout(settings.startupTimeoutSet ? settings.startupTimeout
                    : AirflowContainer.STARTUP_TIMEOUT);
        } else {
            airflowContainer = null;
        }
        if (reuseId != null) {
            markReusable();
        }
    }

    /** Testcontainers reuses a container whose creation request hashes the same: every part of it is derived. */
    private void markReusable() {
        List<GenericContainer<?>> all = new ArrayList<>(services.values());
        all.addAll(spark.workers());
        all.forEach(ClusterReuse::mark);
    }

    /** Whether this cluster is kept for the next run by {@link #close()} (see {@link Builder#reuse(boolean)}). */
    public boolean reused() {
        return reuseId != null;
    }

    /** Starts every service the image set ({@link ImageSet#fromEnvironment()}) provides, with defaults. */
    public static DataLakeCluster start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This cluster's id: the value of the {@value ClusterResources#LABEL} label on its containers and network. */
    public String id() {
        return id;
    }

    /** The cluster's private network. */
    public Network network() {
        return network;
    }

    public ObjectStore objectStore() {
        return objectStore;
    }

    public SparkCluster spark() {
        return spark;
    }

    /** Jupyter, in the Spark master's container; throws when the cluster runs without it. */
    public JupyterServer jupyter() {
        if (jupyter == null) {
            throw new IllegalStateException("this cluster runs without Jupyter: start it with jupyter(true)");
        }
        return jupyter;
    }

    /** Airflow (scheduler and webserver); throws when the cluster runs without it. */
    public AirflowServer airflow() {
        if (airflowContainer == null) {
            throw new IllegalStateException("this cluster runs without Airflow: start it with airflow(true) "
                    + "and an image set that has Airflow (ImageSet.upstream())");
        }
        if (airflow == null) {
            synchronized (this) {
                if (airflow == null) {
                    airflow = new AirflowServer(airflowContainer);
                }
            }
        }
        return airflow;
    }

    /** The image set this cluster runs. */
    public ImageSet images() {
        return settings.images;
    }

    /** When each service started and became ready. */
    public StartupReport startupReport() {
        return startupReport;
    }

    /** The containers of the cluster by service name (the workers as they were at start). */
    public Map<String, GenericContainer<?>> containers() {
        return Map.copyOf(services);
    }

    private SparkWorkerContainer newWorker(DockerImageName image, int index) {
        SparkWorkerContainer worker = new SparkWorkerContainer(image, index)
                .withCores(settings.workerCores)
                .withMemory(settings.workerMemory);
        configureSparkNode(worker);
        String alias = SparkWorkerContainer.networkAlias(index);
        ClusterResources.join(worker, id, network, alias, settings.bindAddress, Map.of());
        worker.withStartupTimeout(settings.startupTimeout);
        return worker;
    }

    private void configureSparkNode(SparkNodeContainer<?> node) {
        node.withObjectStore(objectStore).withDaemonMemory(settings.daemonMemory);
    }

    private void join(GenericContainer<?> container, String service, String alias) {
        ClusterResources.join(container, id, network, alias, settings.bindAddress, settings.fixedPorts(service));
        container.withStartupTimeout(settings.startupTimeout);
        services.put(service, container);
    }

    private void startServices(Duration imageTime) {
        Map<String, GenericContainer<?>> all = new LinkedHashMap<>(services);
        for (SparkWorkerContainer worker : spark.workers()) {
            all.put(SparkWorkerContainer.networkAlias(worker.index()), worker);
        }
        services.clear();
        services.putAll(all);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(all.size(), r -> {
            Thread t = new Thread(r, "datalake-start-" + id);
            t.setDaemon(true);
            return t;
        });
        Map<String, CompletableFuture<StartupReport.Entry>> futures = new LinkedHashMap<>();
        try {
            all.forEach((service, container) -> futures.put(service,
                    CompletableFuture.supplyAsync(() -> startService(service, container), pool)));
            List<StartupReport.Entry> entries = new ArrayList<>();
            for (var future : futures.values()) {
                try {
                    entries.add(future.get());
                } catch (ExecutionException e) {
                    abortStart(futures.values());
                    throw (RuntimeException) e.getCause();
                }
            }
            Duration total = Duration.ofNanos(System.nanoTime() - started);
            startupReport = new StartupReport(imageTime, total, entries);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataLakeStartException(id, "cluster", "interrupted while starting the cluster", e);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * After one service failed: stops the others, whose probes then fail at once, and waits for their
     * start threads so that none creates a container after the cluster is removed.
     */
    private void abortStart(Iterable<CompletableFuture<StartupReport.Entry>> starts) {
        aborted = true;
        List<GenericContainer<?>> all = new ArrayList<>(services.values());
        CompletableFuture.allOf(all.stream().map(c -> CompletableFuture.runAsync(() -> stopQuietly(c)))
                .toArray(CompletableFuture[]::new)).join();
        for (var start : starts) {
            try {
                start.get(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // its own failure, or still stuck: close() sweeps by label after this
            }
        }
    }

    private StartupReport.Entry startService(String service, GenericContainer<?> container) {
        if (aborted) {
            throw new DataLakeStartException(id, service, service + " was not started: another service failed first",
                    null);
        }
        Instant requested = Instant.now();
        LOG.info("[{}] starting {} from {}", id, service, container.getDockerImageName());
        try {
            container.start();
        } catch (RuntimeException e) {
            throw startFailure(service, container, e);
        }
        Instant ready = Instant.now();
        Instant containerStarted = null;
        try {
            containerStarted = Instant.parse(container.getContainerInfo().getState().getStartedAt());
        } catch (RuntimeException ignored) {
            // the report then counts from the start request
        }
        if (containerStarted != null && containerStarted.isBefore(requested)) {
            containerStarted = null; // a reused container, started by an earlier run
        }
        LOG.info("[{}] {} ready in {} ms", id, service, Duration.between(requested, ready).toMillis());
        return new StartupReport.Entry(service, requested, containerStarted, ready);
    }

    private DataLakeStartException startFailure(String service, GenericContainer<?> container, RuntimeException e) {
        String reason = null;
        String logs = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProbeFailedException probe) {
                reason = probe.getMessage();
                logs = probe.logTail();
                break;
            }
        }
        if (reason == null) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            reason = root.getMessage();
        }
        if (logs == null) {
            logs = ContainerLogs.tail(container.getContainerId(), ProbeFailedException.LOG_LINES);
        }
        return new DataLakeStartException(id, service, "[" + id + "] " + service + " did not start: " + reason
                + "\n--- last " + ProbeFailedException.LOG_LINES + " log lines of " + service + " ---\n" + logs, e);
    }

    /**
     * Stops and removes every container of the cluster and its network. Safe to call twice. A
     * reused cluster ({@link Builder#reuse(boolean)}) is kept running for the next run instead:
     * {@link #remove()} removes it.
     */
    @Override
    public void close() {
        if (keepForReuse && !closed) {
            closed = true;
            OPEN.remove(this);
            LOG.info("[{}] kept for reuse by the next run (network {}); remove it with remove() or "
                    + "DataLakeCluster.removeReused()", id, ClusterReuse.networkName(id));
            return;
        }
        remove();
    }

    /** Stops and removes every container of the cluster and its network, a reused cluster included. */
    public void remove() {
        keepForReuse = false;
        if (removed) {
            return;
        }
        closed = true;
        removed = true;
        OPEN.remove(this);
        long started = System.nanoTime();
        List<GenericContainer<?>> all = new ArrayList<>(services.values());
        for (GenericContainer<?> c : spark.containers()) {
            if (!all.contains(c)) {
                all.add(c);
            }
        }
        CompletableFuture.allOf(all.stream()
                .map(c -> CompletableFuture.runAsync(() -> stopQuietly(c)))
                .toArray(CompletableFuture[]::new)).join();
        int leftovers = ClusterResources.removeLabelled(id);
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.debug("network of {} already gone: {}", id, e.getMessage());
        }
        LOG.info("[{}] cluster removed in {} ms{}", id, (System.nanoTime() - started) / 1_000_000,
                leftovers > 0 ? " (" + leftovers + " leftovers swept by label)" : "");
    }

    private static void stopQuietly(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("could not stop {}: {}", container.getDockerImageName(), e.getMessage());
        }
    }

    /**
     * Removes what killed runs left behind: every container and network labelled
     * {@value ClusterResources#LABEL} whose JVM is gone (clusters of running JVMs on this machine are
     * kept). Returns how many were removed.
     */
    public static int removeStale() {
        return ClusterResources.removeStale();
    }

    /**
     * Removes every cluster kept for reuse ({@link Builder#reuse(boolean)}) on this Docker engine:
     * containers, stored objects and networks. Returns how many containers and networks were removed.
     */
    public static int removeReused() {
        return ClusterReuse.removeAll();
    }

    private static void closeAbandoned() {
        for (DataLakeCluster cluster : List.copyOf(OPEN)) {
            try {
                LOG.info("[{}] removing the cluster at JVM exit", cluster.id);
                cluster.close();
            } catch (RuntimeException e) {
                LOG.warn("[{}] cleanup at exit failed: {}", cluster.id, e.getMessage());
            }
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The validated settings of a cluster. */
    record Settings(ImageSet images, int workers, int workerCores, String workerMemory, String daemonMemory,
            boolean jupyter, String jupyterToken, boolean airflow, Path airflowDags, String airflowUsername,
            String airflowPassword, String accessKey, String secretKey, Duration startupTimeout,
            boolean startupTimeoutSet, String bindAddress, List<HostPort> hostPorts) {

        /** These settings with other secrets (for a reused cluster, whose secrets are derived). */
        Settings withSecrets(String secretKey, String jupyterToken, String airflowPassword) {
            return new Settings(images, workers, workerCores, workerMemory, daemonMemory, jupyter, jupyterToken,
                    airflow, airflowDags, airflowUsername, airflowPassword, accessKey, secretKey, startupTimeout,
                    startupTimeoutSet, bindAddress, hostPorts);
        }

        /** The fixed host ports of {@code service}: container port to host port. */
        Map<Integer, Integer> fixedPorts(String service) {
            Map<Integer, Integer> ports = new LinkedHashMap<>();
            for (HostPort port : hostPorts) {
                if (port.service().equals(service)) {
                    ports.put(port.containerPort(), port.hostPort());
                }
            }
            return ports;
        }
    }

    /** The container ports {@code service} publishes with these choices; empty for a service that does not run. */
    static Set<Integer> publishedPorts(String service, ImageSet images, boolean jupyter, boolean airflow) {
        Set<Integer> ports = new LinkedHashSet<>();
        switch (service) {
            case OBJECT_STORE -> {
                ports.add(ObjectStoreContainer.S3_PORT);
                if (!images.isOffline()) {
                    ports.add(MinioContainer.CONSOLE_PORT);
                }
            }
            case SPARK_MASTER -> {
                ports.addAll(List.of(SparkMasterContainer.MASTER_PORT, SparkMasterContainer.WEB_UI_PORT,
                        SparkMasterContainer.REST_PORT, SparkMasterContainer.DRIVER_UI_PORT));
                if (jupyter) {
                    ports.add(SparkMasterContainer.JUPYTER_PORT);
                }
            }
            case AIRFLOW -> {
                if (airflow) {
                    ports.add(AirflowContainer.PORT);
                }
            }
            default -> throw new IllegalArgumentException("unknown service '" + service + "': use "
                    + OBJECT_STORE + ", " + SPARK_MASTER + " or " + AIRFLOW);
        }
        return ports;
    }

    /** Settings for a cluster; every check runs in {@link #start()} before anything starts. */
    public static final class Builder {

        private ImageSet images;
        private int workers = DEFAULT_WORKERS;
        private int workerCores = SparkWorkerContainer.DEFAULT_CORES;
        private String workerMemory = SparkWorkerContainer.DEFAULT_MEMORY;
        private String daemonMemory = SparkNodeContainer.DEFAULT_DAEMON_MEMORY;
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

        private Builder() {}

        /** The images to run (default {@link ImageSet#fromEnvironment()}). */
        public Builder images(ImageSet images) {
            this.images = images;
            return this;
        }

        /** The number of Spark workers, 0 or more (default {@value DataLakeCluster#DEFAULT_WORKERS}). */
        public Builder sparkWorkers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("sparkWorkers must be 0 or more, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Cores each worker offers, 1 or more (default 2). */
        public Builder sparkWorkerCores(int cores) {
            this.workerCores = SparkWorkerContainer.requireCores(cores);
            return this;
        }

        /** Memory each worker offers to executors, in Spark's size syntax, at least 512m (default 1g). */
        public Builder sparkWorkerMemory(String memory) {
            this.workerMemory = SparkNodeContainer.requireSize("sparkWorkerMemory", memory,
                    SparkWorkerContainer.MIN_MEMORY_MB);
            return this;
        }

        /** The heap of the master and worker daemons themselves (default 512m). */
        public Builder sparkDaemonMemory(String memory) {
            this.daemonMemory = SparkNodeContainer.requireSize("sparkDaemonMemory", memory, 128);
            return this;
        }

        /** Jupyter in the master's container (default: on). */
        public Builder jupyter(boolean enabled) {
            this.jupyter = enabled;
            return this;
        }

        /** The Jupyter token (default: random per cluster). */
        public Builder jupyterToken(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("jupyterToken must not be blank; leave it unset for a random token");
            }
            this.jupyterToken = token;
            return this;
        }

        /** Airflow (default: on where the image set has it; the offline set does not). */
        public Builder airflow(boolean enabled) {
            this.airflow = enabled;
            return this;
        }

        /**
         * The folder of DAGs Airflow runs, mounted read-only; it must exist. Setting it does not
         * turn Airflow on where the image set has none.
         */
        public Builder airflowDags(Path folder) {
            this.airflowDags = AirflowContainer.requireDagFolder(folder);
            return this;
        }

        /** Airflow's admin user, also the REST API's basic-auth user (default: admin, random password). */
        public Builder airflowCredentials(String username, String password) {
            AirflowContainer.requireAdminCredentials(username, password);
            this.airflowUsername = username;
            this.airflowPassword = password;
            return this;
        }

        /** The object store's credentials: access key of 3+ characters, secret key of 8+ (MinIO's limits). */
        public Builder objectStoreCredentials(String accessKey, String secretKey) {
            ObjectStoreContainer.requireCredentials(accessKey, secretKey);
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /** How long each service may take to become ready (default 3 minutes). */
        public Builder startupTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("startupTimeout must be positive, got " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** Publishes ports on every interface instead of 127.0.0.1 only. */
        public Builder exposeOnAllInterfaces() {
            this.allInterfaces = true;
            return this;
        }

        /**
         * Publishes the ports of the original docker-compose setup on fixed host ports
         * ({@link HostPort#USUAL}: 9000, 9001, 7077, 8887, 4040, 8888, 8081), for the services and
         * ports this cluster runs (no 9001 with s3proxy, no 8888 without Jupyter, no 8081 without
         * Airflow). Ports given with {@link #hostPort} win. Default: random host ports.
         */
        public Builder usualHostPorts() {
            this.usualHostPorts = true;
            return this;
        }

        /**
         * Publishes {@code containerPort} of {@code service} ({@value DataLakeCluster#OBJECT_STORE},
         * {@value DataLakeCluster#SPARK_MASTER} or {@value DataLakeCluster#AIRFLOW}) on {@code hostPort}.
         * {@link #start()} fails before anything starts when the port is taken.
         */
        public Builder hostPort(String service, int containerPort, int hostPort) {
            HostPort.requirePort("hostPort", hostPort);
            if (!publishedPorts(service, ImageSet.upstream(), true, true).contains(containerPort)) {
                throw new IllegalArgumentException(service + " has no container port " + containerPort + ": use one of "
                        + publishedPorts(service, ImageSet.upstream(), true, true));
            }
            String description = HostPort.USUAL.stream()
                    .filter(p -> p.service().equals(service) && p.containerPort() == containerPort)
                    .map(HostPort::description).findFirst().orElse(null);
            hostPorts.put(service + ":" + containerPort, new HostPort(service, containerPort, hostPort, description));
            return this;
        }

        private List<HostPort> hostPorts(ImageSet set, boolean withJupyter, boolean withAirflow) {
            Map<String, HostPort> ports = new LinkedHashMap<>();
            if (usualHostPorts) {
                for (HostPort port : HostPort.USUAL) {
                    if (publishedPorts(port.service(), set, withJupyter, withAirflow).contains(port.containerPort())) {
                        ports.put(port.service() + ":" + port.containerPort(), port);
                    }
                }
            }
            for (HostPort port : hostPorts.values()) {
                if (!publishedPorts(port.service(), set, withJupyter, withAirflow).contains(port.containerPort())) {
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

        Settings settings() {
            ImageSet set = images != null ? images : ImageSet.fromEnvironment();
            boolean withAirflow;
            if (airflow == null) {
                withAirflow = set.providesAirflow();
                if (!withAirflow) {
                    LOG.info("the {} image set has no Airflow image: starting without Airflow", set);
                }
            } else {
                withAirflow = airflow;
                if (withAirflow && !set.providesAirflow()) {
                    throw new IllegalArgumentException("airflow(true) is not possible with the " + set
                            + " image set: it has no Airflow image (Airflow has no offline build). "
                            + "Use airflow(false), or ImageSet.upstream() where apache/airflow can be pulled.");
                }
            }
            boolean withJupyter = jupyter == null || jupyter;
            return new Settings(set, workers, workerCores, workerMemory, daemonMemory,
                    withJupyter, jupyterToken != null ? jupyterToken : randomHex(16),
                    withAirflow, airflowDags, airflowUsername,
                    airflowPassword != null ? airflowPassword : randomHex(12),
                    accessKey, secretKey != null ? secretKey : randomHex(12),
                    startupTimeout != null ? startupTimeout : DEFAULT_STARTUP_TIMEOUT, startupTimeout != null,
                    allInterfaces ? ClusterResources.ALL_INTERFACES : ClusterResources.LOOPBACK,
                    hostPorts(set, withJupyter, withAirflow));
        }

        /**
         * Keeps the cluster (containers, network, stored objects) for the next JVM when Testcontainers'
         * reuse is enabled ({@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}
         * or {@code TESTCONTAINERS_REUSE_ENABLE=true}): the next {@code start()} with the same settings
         * finds the running containers instead of starting new ones, and {@link DataLakeCluster#close()}
         * leaves them running. Its id, network name and generated secrets (object store, Jupyter,
         * Airflow) are derived from the settings and image tags, so they are the same in every run.
         * Remove it with {@link DataLakeCluster#remove()} or {@link DataLakeCluster#removeReused()}
         * ({@link DataLakeCluster#removeStale()} leaves reused clusters alone).
         * Without Testcontainers' reuse enabled, logs a warning and starts a normal cluster.
         */
        public Builder reuse(boolean reuse) {
            this.reuse = reuse;
            return this;
        }

        /** The id of a reused cluster: a hash of the settings (generated secrets left out) and the image tags. */
        private String reuseId(Settings settings, ClusterImages images) {
            Settings given = settings.withSecrets(String.valueOf(secretKey), String.valueOf(jupyterToken),
                    String.valueOf(airflowPassword));
            return ClusterReuse.clusterId(given + "|" + images.objectStoreImage() + "|" + images.sparkImage()
                    + "|" + images.airflowImage() + "|" + ClusterReuse.codeFingerprint(DataLakeCluster.class,
                    ClusterResources.class, ClusterReuse.class, ObjectStore.class, ObjectStoreContainer.class, S3ProxyContainer.class,
                    MinioContainer.class, SparkNodeContainer.class, SparkMasterContainer.class,
                    SparkWorkerContainer.class, AirflowContainer.class, GenericContainer.class));
        }

        /** The generated secrets of a reused cluster, derived from its id; secrets set by the user stay. */
        private Settings reusableSecrets(Settings settings, String reuseId) {
            return settings.withSecrets(
                    secretKey != null ? secretKey : ClusterReuse.secret(reuseId, "object-store", 12),
                    jupyterToken != null ? jupyterToken : ClusterReuse.secret(reuseId, "jupyter", 16),
                    airflowPassword != null ? airflowPassword : ClusterReuse.secret(reuseId, "airflow", 12));
        }

        /** Checks the settings, makes the images ready, and starts every service in parallel. */
        public DataLakeCluster start() {
            Settings settings = settings();
            for (HostPort port : settings.hostPorts) {
                if (!port.isFree(settings.bindAddress)) {
                    throw new HostPortInUseException(port, settings.bindAddress);
                }
            }
            long started = System.nanoTime();
            ClusterImages images = ClusterImages.prepare(settings.images, settings.airflow);
            Duration imageTime = Duration.ofNanos(System.nanoTime() - started);
            String reuseId = null;
            if (ClusterReuse.granted(reuse)) {
                reuseId = reuseId(settings, images);
                settings = reusableSecrets(settings, reuseId);
            }
            DataLakeCluster cluster = new DataLakeCluster(settings, images.objectStoreImage(), images.sparkImage(),
                    images.airflowImage(), reuseId);
            OPEN.add(cluster);
            try {
                LOG.info("[{}] starting a data lake: {} images, {} Spark worker(s), jupyter {}, airflow {}",
                        cluster.id, settings.images, settings.workers, settings.jupyter, settings.airflow);
                cluster.startServices(imageTime);
                if (cluster.reused()) {
                    cluster.keepForReuse = true;
                    ClusterReuse.warnAboutOthers(cluster.id, cluster.containers().values().stream()
                            .map(GenericContainer::getContainerId).toList());
                }
                LOG.info("[{}] data lake ready\n{}", cluster.id, cluster.startupReport);
                return cluster;
            } catch (RuntimeException e) {
                LOG.warn("[{}] start failed; removing what was started", cluster.id);
                cluster.close();
                if (e instanceof CompletionException && e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }
}
