package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowModule;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ClusterContainers;
import dev.datalake.cluster.internal.ClusterReuse;
import dev.datalake.cluster.internal.ServiceModule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.lifecycle.Startable;

/**
 * A data lake that is not started yet, as Testcontainers' {@link Startable}: a {@code @Container}
 * field under {@code @Testcontainers}, or a target of another container's {@code dependsOn}.
 * {@link #start()} starts the cluster (once), {@link #stop()} and {@link #close()} remove it,
 * {@link #cluster()} gives the running {@link DataLakeCluster}.
 *
 * <pre>{@code
 * @Container
 * static DataLakeContainer lake = DataLakeCluster.builder().sparkWorkers(1).airflow(false).build();
 * }</pre>
 */
public final class DataLakeContainer implements Startable, AutoCloseable {

    private final ClusterPlan plan;
    private final List<ServiceModule> given;
    private final boolean reuse;
    private DataLakeCluster cluster;

    DataLakeContainer(ClusterPlan plan, List<ServiceModule> given, boolean reuse) {
        this.plan = plan;
        this.given = given;
        this.reuse = reuse;
    }

    /** Starts the cluster; does nothing when it runs already. */
    @Override
    public synchronized void start() {
        if (cluster == null) {
            cluster = startCluster();
        }
    }

    /** The running cluster; {@link IllegalStateException} before {@link #start()} or after {@link #stop()}. */
    public synchronized DataLakeCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the data lake is not running: call start() first (a @Container field "
                    + "is started by @Testcontainers before the tests)");
        }
        return cluster;
    }

    /** Removes the cluster (a reused one is kept for the next run, as {@link DataLakeCluster#close()} does). */
    @Override
    public synchronized void stop() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Images first (nothing runs yet), then reuse's id and secrets, then the parallel start. */
    DataLakeCluster startCluster() {
        ClusterPlan current = plan;
        boolean reused = ClusterReuse.granted(reuse);
        if (!reused) {
            requireFreeHostPorts(current, Set.of());
        }
        long started = System.nanoTime();
        current = current.withImages(ClusterImages.decide(current.images()));
        ClusterImages images = ClusterImages.of(current.images(), current.sparkVersion());
        Map<Service, String> names = new LinkedHashMap<>();
        for (ServiceModule module : current.enabled()) {
            names.put(module.service(), module.prepareImage(current, images));
        }
        Duration imageTime = Duration.ofNanos(System.nanoTime() - started);
        String reuseId = null;
        if (reused) {
            String salt = ClusterReuse.salt();
            List<String> givenSecrets = given.stream().flatMap(m -> m.secrets().stream()).toList();
            reuseId = ClusterReuse.clusterId(salt, current + "|" + current.hostPorts() + "|" + names + "|"
                    + givenSecrets + "|" + ClusterReuse.codeFingerprint(codeTypes(current)));
            String id = reuseId;
            current = current.resettled(given, (purpose, bytes) -> ClusterReuse.secret(salt, id, purpose, bytes));
            AirflowModule airflow = current.module(AirflowModule.class);
            if (airflow.enabled() && airflow.dags() != null) {
                // the folder's path is not part of the id (a @TempDir is new in every run): a copy kept for
                // the cluster is what its container mounts, the same in every run
                airflow.dags(ClusterReuse.dagFolder(id, airflow.dags()));
            }
            // the ports the running cluster holds are the ones it keeps
            requireFreeHostPorts(current, ClusterReuse.publishedPorts(id));
        }
        return DataLakeCluster.start(current, names, reuseId, imageTime);
    }

    /** The code that turns settings into creation requests: a reused cluster's id changes with it. */
    private static Class<?>[] codeTypes(ClusterPlan plan) {
        List<Class<?>> types = new java.util.ArrayList<>(List.of(DataLakeCluster.class, ClusterContainers.class,
                ClusterResources.class, ClusterReuse.class, GenericContainer.class));
        plan.modules().forEach(m -> types.add(m.getClass()));
        return types.toArray(Class<?>[]::new);
    }

    /** {@link HostPortInUseException} for a fixed host port that is taken, unless {@code ours} holds it. */
    private static void requireFreeHostPorts(ClusterPlan plan, Set<Integer> ours) {
        for (HostPort port : plan.hostPorts()) {
            if (!ours.contains(port.hostPort()) && !port.isFree(plan.bindAddress())) {
                throw new HostPortInUseException(port, plan.bindAddress());
            }
        }
    }
}
