package dev.datalake.cluster.internal;

import dev.datalake.cluster.Service;
import org.testcontainers.containers.GenericContainer;

/** What a module sees while the cluster wires its containers. */
public interface ServiceContext {

    /** The validated settings of the cluster. */
    ClusterPlan plan();

    /** The image {@link ServiceModule#prepareImage} made ready for {@code service}. */
    String image(Service service);

    /** What the other enabled services give the containers of {@code consumer}. */
    Wiring wiringFor(ServiceModule consumer);

    /**
     * Joins {@code container} to the cluster as {@code alias} of {@code service}: the network,
     * labels, its ports published as the plan says, its output to the service's logger, the startup
     * timeout.
     */
    <T extends GenericContainer<?>> T join(T container, Service service, String alias);
}
