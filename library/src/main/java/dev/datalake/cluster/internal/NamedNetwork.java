package dev.datalake.cluster.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/** A network found by its exact name or created with it. */
final class NamedNetwork implements Network {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterReuse.class);

    private final String name;
    private final Map<String, String> labels;
    private String id;

    NamedNetwork(String name, Map<String, String> labels) {
        this.name = name;
        this.labels = labels;
    }

    @Override
    public synchronized String getId() {
        if (id == null) {
            DockerClient docker = DockerClientFactory.lazyClient();
            id = find(docker).orElseGet(() -> create(docker));
        }
        return id;
    }

    private Optional<String> find(DockerClient docker) {
        // the name filter matches substrings: keep the exact name only
        return docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(n -> name.equals(n.getName()))
                .map(com.github.dockerjava.api.model.Network::getId)
                .findFirst();
    }

    private String create(DockerClient docker) {
        try {
            String created = docker.createNetworkCmd().withName(name).withLabels(labels).withCheckDuplicate(true)
                    .exec().getId();
            LOG.info("created network {} for reuse", name);
            return created;
        } catch (ConflictException e) {
            // another JVM created it in the meantime
            return find(docker).orElseThrow(() -> e);
        }
    }

    @Override
    public synchronized void close() {
        if (id != null) {
            DockerClientFactory.lazyClient().removeNetworkCmd(id).exec();
            id = null;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
