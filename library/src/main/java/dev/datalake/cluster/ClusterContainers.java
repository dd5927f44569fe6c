package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ContainerOutput;
import dev.datalake.cluster.internal.ClusterReuse;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SparkNodeContainer;
import dev.datalake.cluster.spark.SparkWorkerContainer;
import dev.datalake.cluster.storage.MinioContainer;
import dev.datalake.cluster.storage.ObjectStoreContainer;
import dev.datalake.cluster.storage.S3ProxyContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * The containers of one cluster, configured from its settings and nothing started: each joined to
 * the cluster's network under its alias, labelled, its ports published as asked. The running
 * cluster and the compose file are both made from it.
 */
final class ClusterContainers {

    private final String clusterId;
    private final Network network;
    private final ClusterSettings settings;
    private final DockerImageName sparkImage;
    private final ObjectStoreContainer<?> objectStore;
    private final SparkMasterContainer master;
    private final List<SparkWorkerContainer> workers = new ArrayList<>();
    private final AirflowContainer airflow;

    /** {@code airflowImage} is only read when the settings have Airflow. */
    ClusterContainers(String clusterId, Network network, ClusterSettings settings, String objectStoreImage,
            String sparkImage, String airflowImage) {
        this.clusterId = clusterId;
        this.network = network;
        this.settings = settings;
        this.sparkImage = DockerImageName.parse(sparkImage);
        this.objectStore = settings.images().isOffline()
                ? new S3ProxyContainer(objectStoreImage)
                : new MinioContainer(objectStoreImage);
        objectStore.withCredentials(settings.accessKey(), settings.secretKey());
        join(objectStore, Service.OBJECT_STORE, settings.startupTimeout());

        master = new SparkMasterContainer(this.sparkImage)
                .withExpectedWorkers(settings.workers())
                .withExecutorMemory(settings.workerMemory())
                .withJupyter(settings.jupyter() ? settings.jupyterToken() : null)
                .withSparkConnect(settings.sparkVersion().hasConnect());
        configureSparkNode(master);
        join(master, Service.SPARK_MASTER, settings.startupTimeout());
        for (int i = 1; i <= settings.workers(); i++) {
            workers.add(newWorker(i));
        }
        if (settings.airflow()) {
            airflow = new AirflowContainer(airflowImage)
                    .withAdminCredentials(settings.airflowUsername(), settings.airflowPassword())
                    .withObjectStore(objectStore)
                    .withSparkMaster(SparkMasterContainer.MASTER_URL)
                    .withSparkExecutorMemory(settings.workerMemory().toString());
            if (settings.sparkVersion().hasConnect()) {
                // not SPARK_REMOTE: Airflow's SparkSubmitOperator runs spark-submit with a master,
                // which spark-submit refuses while SPARK_REMOTE is set
                airflow.withSparkConnect(SparkMasterContainer.CONNECT_URL);
            }
            if (settings.airflowDags() != null) {
                airflow.withDags(settings.airflowDags());
            }
            join(airflow, Service.AIRFLOW, settings.airflowStartupTimeout());
        } else {
            airflow = null;
        }
    }

    /** Worker number {@code index}, configured like every other worker of the cluster. */
    SparkWorkerContainer newWorker(int index) {
        SparkWorkerContainer worker = new SparkWorkerContainer(sparkImage, index)
                .withCores(settings.workerCores())
                .withMemory(settings.workerMemory());
        configureSparkNode(worker);
        ClusterResources.join(worker, clusterId, network, Service.SPARK_WORKER.networkAlias(index),
                settings.bindAddress(), Map.of());
        named(worker, Service.SPARK_WORKER.networkAlias(index));
        worker.withStartupTimeout(settings.startupTimeout());
        return worker;
    }

    private void configureSparkNode(SparkNodeContainer<?> node) {
        node.withObjectStore(objectStore).withDaemonMemory(settings.daemonMemory());
    }

    private void join(GenericContainer<?> container, Service service, Duration startupTimeout) {
        ClusterResources.join(container, clusterId, network, service.networkAlias(), settings.bindAddress(),
                settings.fixedPorts(service), settings.loopbackOnlyPorts(service));
        named(container, service.id());
        container.withStartupTimeout(startupTimeout);
    }

    /** Labels the container with its service (what {@code status} lists) and sends its output to that service's logger. */
    private static void named(GenericContainer<?> container, String service) {
        container.withLabel(ClusterResources.SERVICE_LABEL, service);
        ContainerOutput.attach(container, service);
    }

    /** Testcontainers reuses a container whose creation request hashes the same: every part of it is derived. */
    void markReusable() {
        byName().values().forEach(ClusterReuse::mark);
        if (airflow != null) {
            // random per JVM otherwise: each run would create another Airflow container
            airflow.withWebserverSecretKey(ClusterReuse.secret(ClusterReuse.salt(), clusterId, "airflow-webserver", 32));
        }
    }

    ObjectStoreContainer<?> objectStore() {
        return objectStore;
    }

    SparkMasterContainer master() {
        return master;
    }

    /** The first workers, as the settings ask for them. */
    List<SparkWorkerContainer> workers() {
        return List.copyOf(workers);
    }

    /** Airflow's container, or null without Airflow. */
    AirflowContainer airflow() {
        return airflow;
    }

    /** Every container by service name, in start order: store, master, Airflow, then the workers. */
    Map<String, GenericContainer<?>> byName() {
        Map<String, GenericContainer<?>> all = new LinkedHashMap<>();
        all.put(Service.OBJECT_STORE.id(), objectStore);
        all.put(Service.SPARK_MASTER.id(), master);
        if (airflow != null) {
            all.put(Service.AIRFLOW.id(), airflow);
        }
        for (SparkWorkerContainer worker : workers) {
            all.put(Service.SPARK_WORKER.networkAlias(worker.index()), worker);
        }
        return all;
    }
}
