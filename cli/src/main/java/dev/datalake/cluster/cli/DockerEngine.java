package dev.datalake.cluster.cli;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ClusterReuse;
import dev.datalake.cluster.internal.EngineClient;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine Testcontainers finds (DOCKER_HOST, the local socket, ~/.testcontainers.properties),
 * through a client that starts no container ({@link EngineClient}): listing and removing clusters
 * never starts Testcontainers' Ryuk.
 */
final class DockerEngine implements Engine {

    @Override
    public boolean available() {
        return EngineClient.available();
    }

    @Override
    public String where() {
        String host = System.getenv("DOCKER_HOST");
        return host == null ? "the local socket /var/run/docker.sock (DOCKER_HOST is not set)" : "DOCKER_HOST=" + host;
    }

    @Override
    public int removeReused() {
        return DataLakeCluster.removeReused();
    }

    @Override
    public int removeStale() {
        return DataLakeCluster.removeStale();
    }

    @Override
    public List<ClusterContainer> containers() {
        return EngineClient.get().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ClusterResources.LABEL)).exec().stream()
                .map(DockerEngine::describe)
                .sorted(Comparator.comparing(ClusterContainer::cluster).thenComparing(ClusterContainer::service))
                .toList();
    }

    private static ClusterContainer describe(Container container) {
        Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
        String service = labels.get(ClusterResources.SERVICE_LABEL);
        if (service == null) { // made by a version of the library without the service label
            service = container.getNames() == null || container.getNames().length == 0
                    ? container.getId().substring(0, 12) : container.getNames()[0].replaceFirst("^/", "");
        }
        List<String> ports = container.getPorts() == null ? List.of() : Arrays.stream(container.getPorts())
                .filter(p -> p.getPublicPort() != null)
                .sorted(Comparator.comparing(ContainerPort::getPrivatePort, Comparator.nullsLast(Integer::compare)))
                .map(p -> Objects.requireNonNullElse(p.getIp(), "") + ":" + p.getPublicPort() + "->" + p.getPrivatePort())
                .distinct()
                .toList();
        return new ClusterContainer(labels.get(ClusterResources.LABEL), service, container.getState(), ports,
                labels.getOrDefault(ClusterResources.OWNER_LABEL, "?"), labels.containsKey(ClusterReuse.REUSE_LABEL),
                ClusterResources.isStale(labels));
    }
}
