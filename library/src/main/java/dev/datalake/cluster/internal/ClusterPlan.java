package dev.datalake.cluster.internal;

import dev.datalake.cluster.HostPort;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.Service;
import dev.datalake.cluster.spark.SparkVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated settings of one cluster: what the builder checked, with every module settled
 * (defaults and secrets filled in). Modules read their own settings from their instance and the
 * cluster's from here.
 *
 * @param images the image set ({@link ImageSet#auto()} until the images are made ready)
 * @param givenStartupTimeout the timeout the user set, or null for each service's own default
 * @param bindAddress where published ports listen ({@code 127.0.0.1} unless asked otherwise)
 * @param codePortsOnAllInterfaces whether ports that run code ({@link PublishedPort#runsCode()}) follow
 *     {@code bindAddress} too
 * @param hostPorts the fixed host ports
 * @param modules every registered module, settled, in start order
 */
public record ClusterPlan(ImageSet images, SparkVersion sparkVersion, Duration givenStartupTimeout,
        String bindAddress, boolean codePortsOnAllInterfaces, List<HostPort> hostPorts,
        List<ServiceModule> modules) {

    /** How long {@code start()} waits for each service unless told otherwise. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(3);

    public ClusterPlan {
        hostPorts = List.copyOf(hostPorts);
        modules = List.copyOf(modules);
    }

    /** This plan on another image set (once {@code auto} is decided). */
    public ClusterPlan withImages(ImageSet set) {
        return new ClusterPlan(set, sparkVersion, givenStartupTimeout, bindAddress, codePortsOnAllInterfaces,
                hostPorts, modules);
    }

    /**
     * This plan with fixed host ports: the usual ones of what it publishes (with {@code usual}), then
     * {@code given}; {@link IllegalArgumentException} for a port it does not publish or a host port
     * given twice.
     */
    public ClusterPlan withHostPorts(boolean usual, Collection<HostPort> given) {
        List<PublishedPort> published = publishedPorts();
        Map<String, HostPort> ports = new LinkedHashMap<>();
        if (usual) {
            for (PublishedPort port : published) {
                if (port.usualHostPort() > 0) {
                    ports.put(port.service() + ":" + port.containerPort(),
                            new HostPort(port.service(), port.containerPort(), port.usualHostPort(), port.description()));
                }
            }
        }
        for (HostPort port : given) {
            boolean publishes = published.stream()
                    .anyMatch(p -> p.service() == port.service() && p.containerPort() == port.containerPort());
            if (!publishes) {
                throw new IllegalArgumentException("hostPort(" + port.service() + ", " + port.containerPort() + ", "
                        + port.hostPort() + "): this cluster does not publish that port (" + port.service()
                        + " is off, or the " + images + " image set has no such port); leave the hostPort out");
            }
            ports.put(port.service() + ":" + port.containerPort(), port);
        }
        Map<Integer, HostPort> byHostPort = new LinkedHashMap<>();
        for (HostPort port : ports.values()) {
            HostPort other = byHostPort.putIfAbsent(port.hostPort(), port);
            if (other != null) {
                throw new IllegalArgumentException("host port " + port.hostPort() + " is given twice: to "
                        + other.service() + " port " + other.containerPort() + " and to " + port.service()
                        + " port " + port.containerPort() + "; give each its own host port");
            }
        }
        return new ClusterPlan(images, sparkVersion, givenStartupTimeout, bindAddress, codePortsOnAllInterfaces,
                List.copyOf(ports.values()), modules);
    }

    /** This plan with its modules settled anew from {@code secrets} (a reused cluster's derived ones). */
    public ClusterPlan resettled(List<ServiceModule> given, SecretSource secrets) {
        return new ClusterPlan(images, sparkVersion, givenStartupTimeout, bindAddress, codePortsOnAllInterfaces,
                hostPorts, given.stream().map(m -> m.settled(secrets)).toList());
    }

    /** The timeout the user gave, else {@code serviceDefault}. */
    public Duration startupTimeout(Duration serviceDefault) {
        return givenStartupTimeout != null ? givenStartupTimeout : serviceDefault;
    }

    /** The modules the cluster runs, in start order. */
    public List<ServiceModule> enabled() {
        return modules.stream().filter(ServiceModule::enabled).toList();
    }

    /** The module of type {@code type}. */
    public <T extends ServiceModule> T module(Class<T> type) {
        return modules.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " is not registered"));
    }

    /** Whether the cluster runs {@code service}. */
    public boolean runs(Service service) {
        return enabled().stream().anyMatch(m -> m.service() == service);
    }

    /** Every port the enabled services publish. */
    public List<PublishedPort> publishedPorts() {
        List<PublishedPort> ports = new ArrayList<>();
        enabled().forEach(m -> ports.addAll(m.ports(this)));
        return ports;
    }

    /** The fixed host ports of {@code service}: container port to host port. */
    public Map<Integer, Integer> fixedPorts(Service service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (HostPort port : hostPorts) {
            if (port.service() == service) {
                ports.put(port.containerPort(), port.hostPort());
            }
        }
        return ports;
    }

    /** The ports of {@code service} published on 127.0.0.1 whatever {@link #bindAddress()} says. */
    public Set<Integer> loopbackOnlyPorts(Service service) {
        Set<Integer> ports = new LinkedHashSet<>();
        if (!codePortsOnAllInterfaces) {
            publishedPorts().stream().filter(p -> p.service() == service && p.runsCode())
                    .forEach(p -> ports.add(p.containerPort()));
        }
        return ports;
    }

    /** Every secret of the enabled services, to mask in logs. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        enabled().forEach(m -> secrets.addAll(m.secrets()));
        return secrets;
    }

    @Override
    public String toString() {
        // no secrets: a plan may be logged or end up in an exception
        StringBuilder text = new StringBuilder(images + " images, Spark " + sparkVersion.version());
        enabled().forEach(m -> text.append(", ").append(m.fingerprint()));
        return text.toString();
    }
}
