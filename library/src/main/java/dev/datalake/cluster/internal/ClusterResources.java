package dev.datalake.cluster.internal;

import dev.datalake.cluster.DataLakeCluster;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * What every container and network of a cluster shares: the cluster label, the network, and
 * ports published on one address only (loopback unless asked otherwise).
 */
public final class ClusterResources {

    /** The Docker label every container and network of a cluster carries; its value is the cluster id. */
    public static final String LABEL = "dev.datalake.cluster";
    /** The process that made the resource ({@link ProcessOwner#label()}), so stale ones can be told from live ones. */
    public static final String OWNER_LABEL = "dev.datalake.cluster.owner";
    /** The service a container runs ({@code object-store}, {@code spark-master}, {@code spark-worker-1}, ...). */
    public static final String SERVICE_LABEL = "dev.datalake.cluster.service";
    /** This host's name, as owner labels carry it (looked up once: it may cost a DNS query). */
    private static final String HOST = hostName();
    /** This JVM. */
    private static final ProcessOwner SELF = ProcessOwner.current(HOST);
    /** This JVM's owner value. */
    public static final String OWNER = SELF.label();
    public static final String LOOPBACK = "127.0.0.1";
    public static final String ALL_INTERFACES = "0.0.0.0";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterResources.class);

    private ClusterResources() {}

    /** A network with a random name (so clusters can run side by side) carrying the cluster label. */
    public static Network newNetwork(String clusterId) {
        return Network.builder()
                .createNetworkCmdModifier(cmd -> cmd
                        .withName("datalake-" + clusterId + "-" + Long.toHexString(System.nanoTime()))
                        .withLabels(Map.of(LABEL, clusterId, OWNER_LABEL, OWNER)))
                .build();
    }

    /**
     * Puts a container on the cluster's network under {@code alias}, labels it, and publishes its
     * exposed ports on {@code bindAddress} only; {@code fixedHostPorts} maps a container port to a
     * host port, the others get random host ports.
     */
    public static <T extends GenericContainer<?>> T join(
            T container, String clusterId, Network network, String alias, String bindAddress,
            Map<Integer, Integer> fixedHostPorts) {
        return join(container, clusterId, network, alias, bindAddress, fixedHostPorts, Set.of());
    }

    /**
     * As {@link #join(GenericContainer, String, Network, String, String, Map)}, with the ports in
     * {@code loopbackOnly} published on {@value #LOOPBACK} whatever {@code bindAddress} says: ports
     * that run whatever code reaches them (Spark's RPC, REST submission and Connect).
     */
    public static <T extends GenericContainer<?>> T join(
            T container, String clusterId, Network network, String alias, String bindAddress,
            Map<Integer, Integer> fixedHostPorts, Set<Integer> loopbackOnly) {
        container.withNetwork(network);
        // only this alias: Testcontainers adds a random one ("tc-..."), which would make every
        // creation request differ and defeat reuse
        container.setNetworkAliases(new ArrayList<>(List.of(alias)));
        container.withLabel(LABEL, clusterId);
        container.withLabel(OWNER_LABEL, OWNER);
        container.withCreateContainerCmdModifier(cmd -> {
            List<PortBinding> bindings = new ArrayList<>();
            for (Integer port : container.getExposedPorts()) {
                Integer hostPort = fixedHostPorts.get(port);
                String address = loopbackOnly.contains(port) ? LOOPBACK : bindAddress;
                Ports.Binding binding = hostPort == null
                        ? Ports.Binding.bindIp(address)
                        : Ports.Binding.bindIpAndPort(address, hostPort);
                bindings.add(new PortBinding(binding, ExposedPort.tcp(port)));
            }
            cmd.getHostConfig().withPortBindings(bindings).withPublishAllPorts(false);
        });
        return container;
    }

    /** Removes every container and network that carries {@code label} (a Docker label filter). */
    static int removeWithLabel(String label) {
        return remove(label, labels -> true);
    }

    /**
     * Removes every container and network labelled with {@code clusterId}, or with any cluster id
     * when it is null. Returns how many things were removed.
     */
    public static int removeLabelled(String clusterId) {
        return remove(clusterId == null ? LABEL : LABEL + "=" + clusterId, labels -> true);
    }

    /**
     * Removes every labelled container and network whose owner process is verifiably gone: it ran on
     * this host, in this boot and PID namespace, and no longer runs. Clusters of live processes (other
     * test runs), of other hosts or namespaces, of unknown owners and reused ones are left alone.
     * Returns how many things were removed.
     */
    public static int removeStale() {
        return remove(LABEL, ClusterResources::isStale);
    }

    /** Whether a resource with these labels is what {@link #removeStale()} removes. */
    public static boolean isStale(Map<String, String> labels) {
        if (labels == null || labels.containsKey(ClusterReuse.REUSE_LABEL)) {
            return false; // a reused cluster is kept on purpose for the next run: ClusterReuse.removeAll() removes it
        }
        return ProcessOwner.parse(labels.get(OWNER_LABEL)).map(owner -> owner.isGone(SELF)).orElse(false);
    }

    private static int remove(String filter, Predicate<Map<String, String>> which) {
        DockerClient docker = EngineClient.get();
        int removed = 0;
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(filter)).exec()) {
            if (!which.test(container.getLabels())) {
                continue;
            }
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (RuntimeException e) {
                LOG.warn("could not remove container {}: {}", container.getId(), e.getMessage());
            }
        }
        for (var network : docker.listNetworksCmd().withFilter("label", List.of(filter)).exec()) {
            if (!which.test(network.getLabels())) {
                continue;
            }
            try {
                docker.removeNetworkCmd(network.getId()).exec();
                removed++;
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                LOG.debug("network {} was already removed", network.getName());
            } catch (RuntimeException e) {
                LOG.warn("could not remove network {}: {}", network.getName(), e.getMessage());
            }
        }
        return removed;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** Every container of a data lake on this engine, as its labels describe it, by cluster and service. */
    public static List<DataLakeCluster.ContainerInfo> list() {
        return EngineClient.get().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(LABEL)).exec().stream()
                .map(ClusterResources::describe)
                .sorted(java.util.Comparator.comparing(DataLakeCluster.ContainerInfo::cluster)
                        .thenComparing(DataLakeCluster.ContainerInfo::service))
                .toList();
    }

    private static DataLakeCluster.ContainerInfo describe(Container container) {
        Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
        String service = labels.get(SERVICE_LABEL);
        if (service == null) { // made without the service label
            service = container.getNames() == null || container.getNames().length == 0
                    ? container.getId().substring(0, 12) : container.getNames()[0].replaceFirst("^/", "");
        }
        List<String> ports = container.getPorts() == null ? List.of() : java.util.Arrays.stream(container.getPorts())
                .filter(p -> p.getPublicPort() != null)
                .sorted(java.util.Comparator.comparing(com.github.dockerjava.api.model.ContainerPort::getPrivatePort,
                        java.util.Comparator.nullsLast(Integer::compare)))
                .map(p -> java.util.Objects.requireNonNullElse(p.getIp(), "") + ":" + p.getPublicPort() + "->"
                        + p.getPrivatePort())
                .distinct()
                .toList();
        return new DataLakeCluster.ContainerInfo(labels.get(LABEL), service, container.getState(), ports,
                labels.getOrDefault(OWNER_LABEL, "?"), labels.containsKey(ClusterReuse.REUSE_LABEL), isStale(labels));
    }
}
