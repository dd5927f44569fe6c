package dev.datalake.cluster.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * What every container and network of a cluster shares: the cluster label, the network, and
 * ports published on one address only (loopback unless asked otherwise).
 */
public final class ClusterResources {

    /** The Docker label every container and network of a cluster carries; its value is the cluster id. */
    public static final String LABEL = "dev.datalake.cluster";
    public static final String LOOPBACK = "127.0.0.1";
    public static final String ALL_INTERFACES = "0.0.0.0";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterResources.class);

    private ClusterResources() {}

    /** A network with a random name (so clusters can run side by side) carrying the cluster label. */
    public static Network newNetwork(String clusterId) {
        return Network.builder()
                .createNetworkCmdModifier(cmd -> cmd
                        .withName("datalake-" + clusterId + "-" + Long.toHexString(System.nanoTime()))
                        .withLabels(Map.of(LABEL, clusterId)))
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
        container.withNetwork(network);
        // only this alias: Testcontainers adds a random one ("tc-..."), which would make every
        // creation request differ and defeat reuse
        container.setNetworkAliases(new ArrayList<>(List.of(alias)));
        container.withLabel(LABEL, clusterId);
        container.withCreateContainerCmdModifier(cmd -> {
            List<PortBinding> bindings = new ArrayList<>();
            for (Integer port : container.getExposedPorts()) {
                Integer hostPort = fixedHostPorts.get(port);
                Ports.Binding binding = hostPort == null
                        ? Ports.Binding.bindIp(bindAddress)
                        : Ports.Binding.bindIpAndPort(bindAddress, hostPort);
                bindings.add(new PortBinding(binding, ExposedPort.tcp(port)));
            }
            cmd.getHostConfig().withPortBindings(bindings).withPublishAllPorts(false);
        });
        return container;
    }

    /**
     * Removes every container and network labelled with {@code clusterId}, or with any cluster id
     * when it is null. Returns how many things were removed.
     */
    public static int removeLabelled(String clusterId) {
        DockerClient docker = DockerClientFactory.lazyClient();
        String filter = clusterId == null ? LABEL : LABEL + "=" + clusterId;
        int removed = 0;
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(filter)).exec()) {
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (RuntimeException e) {
                LOG.warn("could not remove container {}: {}", container.getId(), e.getMessage());
            }
        }
        for (var network : docker.listNetworksCmd().withFilter("label", List.of(filter)).exec()) {
            try {
                docker.removeNetworkCmd(network.getId()).exec();
                removed++;
            } catch (RuntimeException e) {
                LOG.warn("could not remove network {}: {}", network.getName(), e.getMessage());
            }
        }
        return removed;
    }
}
