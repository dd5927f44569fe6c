package dev.datalake.cluster.internal;

import dev.datalake.cluster.Service;

/**
 * A container port a service publishes on the host.
 *
 * @param usualHostPort the host port of the docker-compose setup this library replaces, or 0 for none
 * @param runsCode whether whoever reaches the port can run code (Spark's RPC, REST and Connect):
 *     such ports stay on 127.0.0.1 unless the user says otherwise
 */
public record PublishedPort(Service service, int containerPort, int usualHostPort, String description,
        boolean runsCode) {

    public static PublishedPort of(Service service, int containerPort, int usualHostPort, String description) {
        return new PublishedPort(service, containerPort, usualHostPort, description, false);
    }
}
