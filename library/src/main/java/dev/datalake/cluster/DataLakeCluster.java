package dev.datalake.cluster;

import dev.datalake.cluster.kafka.KafkaBroker;
import dev.datalake.cluster.kafka.KafkaModule;
import dev.datalake.cluster.mongo.MongoModule;
import dev.datalake.cluster.mongo.MongoServer;
import dev.datalake.cluster.postgres.PostgresModule;
import dev.datalake.cluster.postgres.PostgresServer;
import dev.datalake.cluster.airflow.AirflowModule;
import dev.datalake.cluster.airflow.AirflowServer;
import dev.datalake.cluster.internal.ClusterContainers;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ClusterReuse;
import dev.datalake.cluster.internal.Secrets;
import dev.datalake.cluster.jupyter.JupyterServer;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SparkModule;
import dev.datalake.cluster.storage.ObjectStore;
import dev.datalake.cluster.storage.ObjectStoreModule;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * A local data lake on a private Docker network: an S3 object store, a Spark standalone master
 * with N workers (S3A, JDBC, Kafka, MongoDB and Delta on the classpath), Jupyter in the master's
 * container, Airflow, and the sources a pipeline reads when asked for. Every service is probed
 * until it says it is ready; {@link #close()} removes every container and the network.
 *
 * <pre>{@code
 * try (DataLakeCluster cluster = DataLakeCluster.builder().sparkWorkers(2).start()) {
 *     cluster.objectStore().createBucket("raw");
 *     cluster.spark().sql("SELECT 1");
 * }
 * }</pre>
 */
public final class DataLakeCluster implements AutoCloseable {

    public static final int DEFAULT_WORKERS = SparkModule.DEFAULT_WORKERS;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = ClusterPlan.DEFAULT_STARTUP_TIMEOUT;

    private static final Logger LOG = LoggerFactory.getLogger(DataLakeCluster.class);
    private static final Set<DataLakeCluster> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(DataLakeCluster::closeAbandoned, "datalake-cluster-cleanup"));
    }

    private final String id;
    private final ClusterPlan plan;
    private final Network network;
    private final ClusterContainers containers;
    private volatile StartupReport startupReport;
    private volatile boolean closed;
    private volatile boolean removed;
    /** Reuse: the id derived from the configuration, or null for a normal cluster. */
    private final String reuseId;
    /** Set once a reused cluster is up: close() then keeps it for the next run. */
    private volatile boolean keepForReuse;

    private DataLakeCluster(ClusterPlan plan, Map<Service, String> images, String reuseId) {
        this.reuseId = reuseId;
        this.id = reuseId != null ? reuseId : Secrets.randomHex(4);
        this.plan = plan;
        this.network = reuseId != null ? ClusterReuse.network(id) : ClusterResources.newNetwork(id);
        this.containers = new ClusterContainers(id, network, plan, images);
        if (reuseId != null) {
            containers.markReusable();
        }
    }

    /** Starts the cluster of {@code plan} on the images made ready; on failure nothing is left. */
    static DataLakeCluster start(ClusterPlan plan, Map<Service, String> images, String reuseId, Duration imageTime) {
        DataLakeCluster cluster = new DataLakeCluster(plan, images, reuseId);
        OPEN.add(cluster);
        try {
            LOG.info("[{}] starting a data lake: {}", cluster.id, plan);
            cluster.startupReport = new ClusterStart(cluster.id).run(cluster.containers.byName(), imageTime)
                    .withEndpoints(cluster.containers.endpoints());
            if (cluster.reused()) {
                cluster.keepForReuse = true;
                ClusterReuse.warnAboutOthers(cluster.id, cluster.containers().values().stream()
                        .map(GenericContainer::getContainerId).toList());
            }
            LOG.info("[{}] data lake ready\n{}", cluster.id, cluster.startupReport);
            return cluster;
        } catch (RuntimeException e) {
            LOG.warn("[{}] start failed; removing what was started", cluster.id);
            throw ClusterStart.cleanUpAfter(e, cluster::remove);
        } catch (Error e) {
            LOG.warn("[{}] start failed; removing what was started", cluster.id);
            throw ClusterStart.cleanUpAfter(e, cluster::remove);
        }
    }

    /** Starts every service with the defaults (image set from {@link ImageSet#fromEnvironment()}). */
    public static DataLakeCluster start() {
        return builder().start();
    }

    /** The settings of a new cluster; {@link Builder#start()} starts it, {@link Builder#build()} makes a {@link DataLakeContainer}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether this cluster is kept for the next run by {@link #close()} (see {@link Builder#reuse(boolean)}). */
    public boolean reused() {
        return reuseId != null;
    }

    /** This cluster's id: the value of the {@code dev.datalake.cluster} label on its containers and network. */
    public String id() {
        return id;
    }

    /** The cluster's private network. */
    public Network network() {
        return network;
    }

    /** The S3 object store (MinIO or s3proxy). */
    public ObjectStore objectStore() {
        return containers.api(ObjectStoreModule.class, ObjectStore.class, "it always runs");
    }

    /** The Spark master and its workers. */
    public SparkCluster spark() {
        return containers.api(SparkModule.class, SparkCluster.class, "it always runs");
    }

    /** Jupyter, in the Spark master's container; {@link IllegalStateException} when the cluster runs without it. */
    public JupyterServer jupyter() {
        return containers.part(SparkModule.class, JupyterServer.class, "Jupyter", "start it with jupyter(true)");
    }

    /** Airflow; {@link IllegalStateException} when the cluster runs without it. */
    public AirflowServer airflow() {
        return containers.api(AirflowModule.class, AirflowServer.class,
                "start it without airflow(false) (Airflow is on by default)");
    }

    /** The Kafka broker; {@link IllegalStateException} when the cluster runs without it. */
    public KafkaBroker kafka() {
        return containers.api(KafkaModule.class, KafkaBroker.class, "start it with kafka(true)");
    }

    /** The PostgreSQL server; {@link IllegalStateException} when the cluster runs without it. */
    public PostgresServer postgres() {
        return containers.api(PostgresModule.class, PostgresServer.class, "start it with postgres(true)");
    }

    /** The MongoDB server; {@link IllegalStateException} when the cluster runs without it. */
    public MongoServer mongo() {
        return containers.api(MongoModule.class, MongoServer.class, "start it with mongo(true)");
    }

    /** Whether this cluster runs {@code service}. */
    public boolean runs(Service service) {
        return service == Service.SPARK_WORKER ? !spark().workers().isEmpty() : plan.runs(service);
    }

    /** The image set this cluster runs ({@code upstream} or {@code offline}, once {@code auto} decided). */
    public ImageSet images() {
        return plan.images();
    }

    /** When each service started and became ready. */
    public StartupReport startupReport() {
        return startupReport;
    }

    /** The containers of the cluster by network alias (the workers as they were at start). */
    public Map<String, GenericContainer<?>> containers() {
        return Map.copyOf(containers.byName());
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
        Set<GenericContainer<?>> all = new LinkedHashSet<>(containers.byName().values());
        if (containers.runs(SparkModule.class)) {
            all.addAll(spark().containers());
        }
        ClusterStart.stopAll(all);
        int leftovers = ClusterResources.removeLabelled(id);
        if (reused()) {
            ClusterReuse.forget(id);
        }
        try {
            network.close();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            LOG.debug("network of {} already removed with its label", id);
        } catch (RuntimeException e) {
            LOG.warn("[{}] could not remove the network {}: {}", id, network, e.getMessage());
        }
        LOG.info("[{}] cluster removed in {} ms{}", id, (System.nanoTime() - started) / 1_000_000,
                leftovers > 0 ? " (" + leftovers + " leftovers swept by label)" : "");
    }

    /**
     * Removes what killed runs left behind: every container and network of a cluster whose JVM is
     * gone (clusters of running JVMs on this machine, and reused ones, are kept). Returns how many
     * were removed.
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

    /**
     * A container of a data lake on this Docker engine, as its labels describe it.
     *
     * @param ports published ports as {@code host:port->containerPort}
     * @param owner the process that started it, {@code reuse} for a reused cluster
     * @param stale whether that process is gone (what {@link #removeStale()} removes)
     */
    public record ContainerInfo(String cluster, String service, String state, List<String> ports, String owner,
            boolean reused, boolean stale) {}

    /** Every container of a data lake on this Docker engine (what {@code datalake status} lists); starts nothing. */
    public static List<ContainerInfo> listContainers() {
        return ClusterResources.list();
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

    /**
     * The settings of a cluster, each checked when it is given (an {@link IllegalArgumentException}
     * that names the setting); {@link #start()} starts it, {@link #build()} makes a
     * {@link DataLakeContainer} that starts it later.
     */
    public static final class Builder extends ClusterBuilder {
        private Builder() {}
    }
}
