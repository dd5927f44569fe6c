package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.spark.SparkWorkerContainer;
import dev.datalake.cluster.storage.MinioContainer;
import dev.datalake.cluster.storage.ObjectStoreContainer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The services of a cluster: the name reports and errors use, the network alias other containers
 * reach it by, and the container ports it publishes on the host. Jupyter runs in the Spark
 * master's container, so its port is one of the master's.
 */
public enum Service {

    OBJECT_STORE(DataLakeCluster.OBJECT_STORE, ObjectStoreContainer.NETWORK_ALIAS,
            List.of(ObjectStoreContainer.S3_PORT, MinioContainer.CONSOLE_PORT)),
    SPARK_MASTER(DataLakeCluster.SPARK_MASTER, SparkMasterContainer.NETWORK_ALIAS,
            List.of(SparkMasterContainer.MASTER_PORT, SparkMasterContainer.WEB_UI_PORT, SparkMasterContainer.REST_PORT,
                    SparkMasterContainer.DRIVER_UI_PORT, SparkMasterContainer.JUPYTER_PORT,
                    SparkMasterContainer.CONNECT_PORT)),
    /** Every worker is one; worker {@code n} is reached as {@code spark-worker-n}. */
    SPARK_WORKER("spark-worker", "spark-worker", List.of(SparkWorkerContainer.WEB_UI_PORT)),
    AIRFLOW(DataLakeCluster.AIRFLOW, AirflowContainer.NETWORK_ALIAS, List.of(AirflowContainer.PORT));

    private final String id;
    private final String networkAlias;
    private final List<Integer> containerPorts;

    Service(String id, String networkAlias, List<Integer> containerPorts) {
        this.id = id;
        this.networkAlias = networkAlias;
        this.containerPorts = containerPorts;
    }

    /** The service's name in reports, logs and errors ({@code object-store}, {@code spark-master}, ...). */
    public String id() {
        return id;
    }

    /** The alias other containers on the cluster's network reach it by (a worker's adds {@code -n}). */
    public String networkAlias() {
        return networkAlias;
    }

    /** The alias of worker {@code index} ({@code spark-worker-1}, ...): only for {@link #SPARK_WORKER}. */
    public String networkAlias(int index) {
        if (this != SPARK_WORKER) {
            throw new IllegalStateException(id + " has one network alias: " + networkAlias);
        }
        return SparkWorkerContainer.networkAlias(index);
    }

    /** Every container port the service can publish, whatever the image set and options. */
    public List<Integer> containerPorts() {
        return containerPorts;
    }

    /** As {@link #publishedPorts(ImageSet, SparkVersion, boolean, boolean)} on the default Spark line. */
    public Set<Integer> publishedPorts(ImageSet images, boolean jupyter, boolean airflow) {
        return publishedPorts(images, SparkVersion.DEFAULT, jupyter, airflow);
    }

    /**
     * The container ports the service publishes with these choices: MinIO's console only upstream,
     * Jupyter's only with Jupyter, Spark Connect's only on a line that has it, none for Airflow
     * without Airflow.
     */
    public Set<Integer> publishedPorts(ImageSet images, SparkVersion spark, boolean jupyter, boolean airflow) {
        Set<Integer> ports = new LinkedHashSet<>(containerPorts);
        switch (this) {
            case OBJECT_STORE -> {
                if (images.isOffline()) {
                    ports.remove(MinioContainer.CONSOLE_PORT);
                }
            }
            case SPARK_MASTER -> {
                if (!jupyter) {
                    ports.remove(SparkMasterContainer.JUPYTER_PORT);
                }
                if (!spark.hasConnect()) {
                    ports.remove(SparkMasterContainer.CONNECT_PORT);
                }
            }
            case AIRFLOW -> {
                if (!airflow) {
                    ports.clear();
                }
            }
            case SPARK_WORKER -> { }
        }
        return ports;
    }

    /** The service named {@code id} ({@link #id()}), or {@link IllegalArgumentException} listing the names. */
    public static Service of(String id) {
        for (Service service : values()) {
            if (service.id.equals(id) || service.name().equals(id == null ? null : id.toUpperCase(Locale.ROOT))) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown service '" + id + "': use one of "
                + Arrays.stream(values()).map(Service::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
