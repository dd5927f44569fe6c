package dev.datalake.cluster.cli;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.internal.EngineClient;
import java.util.List;

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
        return DataLakeCluster.listContainers().stream()
                .map(c -> new ClusterContainer(c.cluster(), c.service(), c.state(), c.ports(), c.owner(), c.reused(),
                        c.stale()))
                .toList();
    }
}
