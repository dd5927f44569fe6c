package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.internal.Require;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.storage.MinioContainer;
import dev.datalake.cluster.storage.ObjectStoreContainer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Objects;

/**
 * A container port of one of the cluster's services published on a fixed host port.
 *
 * @param service the service's id ({@link Service#id()}); {@link #serviceType()} gives the {@link Service}
 * @param containerPort the port inside the container
 * @param hostPort the port on the host, 1 to 65535
 * @param description what listens there, in words ({@code "Spark master UI"})
 */
public record HostPort(String service, int containerPort, int hostPort, String description) {

    /**
     * The ports of the docker-compose setup this library replaces: S3 9000, MinIO console 9001,
     * Spark master 7077, its UI on 8887, the driver UI 4040, Jupyter 8888, and Airflow's UI on 8081.
     */
    public static final List<HostPort> USUAL = List.of(
            new HostPort(Service.OBJECT_STORE, ObjectStoreContainer.S3_PORT, 9000, "S3 API"),
            new HostPort(Service.OBJECT_STORE, MinioContainer.CONSOLE_PORT, 9001, "MinIO console"),
            new HostPort(Service.SPARK_MASTER, SparkMasterContainer.MASTER_PORT, 7077, "Spark master"),
            new HostPort(Service.SPARK_MASTER, SparkMasterContainer.WEB_UI_PORT, 8887, "Spark master UI"),
            new HostPort(Service.SPARK_MASTER, SparkMasterContainer.DRIVER_UI_PORT, 4040, "Spark driver UI"),
            new HostPort(Service.SPARK_MASTER, SparkMasterContainer.JUPYTER_PORT, 8888, "Jupyter"),
            new HostPort(Service.SPARK_MASTER, SparkMasterContainer.CONNECT_PORT, 15002, "Spark Connect"),
            new HostPort(Service.AIRFLOW, AirflowContainer.PORT, 8081, "Airflow UI"));

    public HostPort {
        Objects.requireNonNull(service, "service");
        service = Service.of(service).id();
        Require.port("container port", containerPort);
        Require.port("host port", hostPort);
        description = description == null ? service + " port " + containerPort : description;
    }

    /** {@code containerPort} of {@code service} on {@code hostPort}. */
    public HostPort(Service service, int containerPort, int hostPort, String description) {
        this(Objects.requireNonNull(service, "service").id(), containerPort, hostPort, description);
    }

    /** The service whose port this is. */
    public Service serviceType() {
        return Service.of(service);
    }

    /** Whether nothing listens on {@code address:hostPort} now: a server socket can be bound there. */
    public boolean isFree(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), hostPort));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return hostPort + " (" + description + ", " + service + " port " + containerPort + ")";
    }
}
