package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowContainer;
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
 * @param service {@link DataLakeCluster#OBJECT_STORE}, {@link DataLakeCluster#SPARK_MASTER} or {@link DataLakeCluster#AIRFLOW}
 * @param containerPort the port inside the container
 * @param hostPort the port on the host, 1 to 65535
 * @param description what listens there, in words ({@code "Spark master UI"})
 */
public record HostPort(String service, int containerPort, int hostPort, String description) {

    /**
     * The ports of the original docker-compose setup: S3 9000, MinIO console 9001, Spark master
     * 7077, its UI on 8887, the driver UI 4040, Jupyter 8888, and Airflow's UI on 8081.
     */
    public static final List<HostPort> USUAL = List.of(
            new HostPort(DataLakeCluster.OBJECT_STORE, ObjectStoreContainer.S3_PORT, 9000, "S3 API"),
            new HostPort(DataLakeCluster.OBJECT_STORE, MinioContainer.CONSOLE_PORT, 9001, "MinIO console"),
            new HostPort(DataLakeCluster.SPARK_MASTER, SparkMasterContainer.MASTER_PORT, 7077, "Spark master"),
            new HostPort(DataLakeCluster.SPARK_MASTER, SparkMasterContainer.WEB_UI_PORT, 8887, "Spark master UI"),
            new HostPort(DataLakeCluster.SPARK_MASTER, SparkMasterContainer.DRIVER_UI_PORT, 4040, "Spark driver UI"),
            new HostPort(DataLakeCluster.SPARK_MASTER, SparkMasterContainer.JUPYTER_PORT, 8888, "Jupyter"),
            new HostPort(DataLakeCluster.AIRFLOW, AirflowContainer.PORT, 8081, "Airflow UI"));

    public HostPort {
        Objects.requireNonNull(service, "service");
        requirePort("container port", containerPort);
        requirePort("host port", hostPort);
        description = description == null ? service + " port " + containerPort : description;
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

    static int requirePort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be from 1 to 65535, got " + port);
        }
        return port;
    }

    @Override
    public String toString() {
        return hostPort + " (" + description + ", " + service + " port " + containerPort + ")";
    }
}
