package dev.datalake.cluster.internal;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * A client of the engine Testcontainers finds (DOCKER_HOST, the local socket, its properties) that
 * starts nothing: {@code DockerClientFactory.client()} starts Testcontainers' Ryuk container, which
 * listing or removing clusters must not (where Ryuk cannot be pulled, that waits minutes).
 */
public final class EngineClient {

    private static volatile DockerClient client;

    private EngineClient() {}

    /** The client; {@link IllegalStateException} when no engine is found. */
    public static DockerClient get() {
        DockerClient known = client;
        if (known == null) {
            synchronized (EngineClient.class) {
                known = client;
                if (known == null) {
                    known = DockerClientProviderStrategy.getClientForConfig(
                            DockerClientFactory.instance().getTransportConfig());
                    client = known;
                }
            }
        }
        return known;
    }

    /** Whether an engine answers a ping. */
    public static boolean available() {
        try {
            get().pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
