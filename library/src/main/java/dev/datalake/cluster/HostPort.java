package dev.datalake.cluster;

import dev.datalake.cluster.internal.PublishedPort;
import dev.datalake.cluster.internal.Require;
import dev.datalake.cluster.internal.ServiceModules;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Objects;

/**
 * A container port of one of the cluster's services published on a fixed host port.
 *
 * @param service the service
 * @param containerPort the port inside the container
 * @param hostPort the port on the host, 1 to 65535
 * @param description what listens there, in words ({@code "Spark master UI"})
 */
public record HostPort(Service service, int containerPort, int hostPort, String description) {

    /**
     * The ports of the docker-compose setup this library replaces (S3 9000, MinIO console 9001,
     * Spark master 7077, its UI on 8887, the driver UI 4040, Jupyter 8888, Spark Connect 15002,
     * Airflow's UI on 8081, and those of the other services), as the services declare them.
     */
    public static final List<HostPort> USUAL = ServiceModules.usualPorts().stream()
            .map(p -> new HostPort(p.service(), p.containerPort(), p.usualHostPort(), p.description()))
            .toList();

    public HostPort {
        Objects.requireNonNull(service, "service");
        Require.port("container port", containerPort);
        Require.port("host port", hostPort);
        description = description == null ? service + " port " + containerPort : description;
    }

    /** The usual host port's words for {@code containerPort} of {@code service}, else a generic one. */
    static String describe(Service service, int containerPort) {
        return ServiceModules.usualPorts().stream()
                .filter(p -> p.service() == service && p.containerPort() == containerPort)
                .map(PublishedPort::description).findFirst().orElse(service + " port " + containerPort);
    }

    /**
     * Whether nothing listens on {@code address:hostPort} now: a server socket can be bound there.
     * {@link IllegalArgumentException} when this user may not bind the port at all (a port below 1024
     * without privileges): that is not "in use", and no start would change it.
     */
    public boolean isFree(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), hostPort));
            return true;
        } catch (java.net.BindException e) {
            if (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("permission denied")) {
                throw new IllegalArgumentException("hostPort(" + service + ", " + containerPort + ", " + hostPort
                        + "): this user may not open port " + hostPort + " on " + address + " (permission denied: "
                        + "ports below 1024 need privileges on most systems); publish on a port from 1024 up");
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return hostPort + " (" + description + ", " + service + " port " + containerPort + ")";
    }
}
