package dev.datalake.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The catalogue of a cluster's services: the name reports and errors use, the network alias other
 * containers reach it by, and the container ports it can publish. Each service's package owns
 * everything else about it; Jupyter runs in the Spark master's container, so its port is the master's.
 */
public enum Service {

    OBJECT_STORE("object-store", "minio", 9000, 9001),
    SPARK_MASTER("spark-master", "spark-master", 7077, 8080, 6066, 4040, 8888, 15002),
    /** Every worker is one; worker {@code n} is reached as {@code spark-worker-n}. */
    SPARK_WORKER("spark-worker", "spark-worker", 8081),
    AIRFLOW("airflow", "airflow", 8080),
    /** Its host listener; containers use the network listener, {@code kafka:9092}. */
    KAFKA("kafka", "kafka", 19092),
    POSTGRES("postgres", "postgres", 5432),
    MONGO("mongo", "mongo", 27017);

    private final String id;
    private final String networkAlias;
    private final List<Integer> containerPorts;

    Service(String id, String networkAlias, Integer... containerPorts) {
        this.id = id;
        this.networkAlias = networkAlias;
        this.containerPorts = List.of(containerPorts);
    }

    /** The service's name in reports, logs and errors ({@code object-store}, {@code spark-master}, ...). */
    public String id() {
        return id;
    }

    /** The alias other containers on the cluster's network reach it by (a worker's adds {@code -n}). */
    public String networkAlias() {
        return networkAlias;
    }

    /** Every container port the service can publish, whatever the image set and options. */
    public List<Integer> containerPorts() {
        return containerPorts;
    }

    /** The service named {@code id} ({@link #id()} or the constant's name), or {@link IllegalArgumentException} listing them. */
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
