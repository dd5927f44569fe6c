package dev.datalake.cluster.internal;

import dev.datalake.cluster.Service;
import java.util.List;
import org.testcontainers.containers.GenericContainer;

/**
 * A service the user turns on with the builder's switch ({@code kafka(true)}); off until then. It
 * runs one upstream image (also the compose file's) and publishes the ports given here. Its
 * {@link #settled} copy must carry the switch over ({@code copy.enable(enabled())}).
 */
public abstract class OptionalModule implements ServiceModule {

    private final Service service;
    private final String upstreamImage;
    private final List<PublishedPort> ports;
    private boolean enabled;

    protected OptionalModule(Service service, String upstreamImage, List<PublishedPort> ports) {
        this.service = service;
        this.upstreamImage = upstreamImage;
        this.ports = List.copyOf(ports);
    }

    @Override
    public final Service service() {
        return service;
    }

    /** The service's upstream image: what the upstream set and a compose file run. */
    protected final String upstreamImage() {
        return upstreamImage;
    }

    @Override
    public final String composeImage(ClusterPlan plan) {
        return upstreamImage;
    }

    @Override
    public final List<PublishedPort> allPorts() {
        return ports;
    }

    /** The service's one container is what users reach it by ({@code KafkaBroker}, ...). */
    @Override
    public Object api(ServiceContext context, List<GenericContainer<?>> containers) {
        return containers.get(0);
    }

    @Override
    public final boolean enabled() {
        return enabled;
    }

    @Override
    public final boolean optional() {
        return true;
    }

    @Override
    public final void enable(boolean enabled) {
        this.enabled = enabled;
    }
}
