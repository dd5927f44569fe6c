package dev.datalake.cluster.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * What makes a cluster reusable by the next JVM with Testcontainers' reuse: Testcontainers finds a
 * running container whose creation request hashes the same, so everything that goes into the
 * containers must be the same from run to run. A reused cluster's id, network name and generated
 * secrets are therefore derived from its configuration (a hash of the settings and image tags)
 * instead of being random, and its network is found by name or created (Testcontainers' own
 * networks get random names and are removed at JVM exit).
 *
 * <p>The derived secrets are as predictable as the configuration they come from: fine for a
 * cluster whose ports are published on the loopback interface (the default), not for one exposed
 * on all interfaces; set explicit credentials there.
 */
public final class ClusterReuse {

    /**
     * Label on the containers and network of a reused cluster: kept by {@code close()}, left alone by
     * {@code removeStale()}, removed by {@link #removeAll()}.
     */
    public static final String REUSE_LABEL = ClusterResources.LABEL + ".reuse";
    /**
     * The owner label of a reused cluster's resources: the same in every JVM (a JVM's own owner value
     * would make every creation request differ, and the cluster outlives the JVM anyway).
     */
    public static final String OWNER = "reuse";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReuse.class);

    private ClusterReuse() {}

    /** Whether Testcontainers may reuse containers here ({@code testcontainers.reuse.enable}). */
    public static boolean environmentSupportsReuse() {
        return TestcontainersConfiguration.getInstance().environmentSupportsReuse();
    }

    /**
     * Whether a cluster that asked for reuse gets it: only when Testcontainers' reuse is enabled;
     * otherwise logs how to enable it and the cluster is a normal one, removed by {@code close()}.
     */
    public static boolean granted(boolean requested) {
        if (!requested) {
            return false;
        }
        if (environmentSupportsReuse()) {
            return true;
        }
        LOG.warn("reuse(true) was asked for, but Testcontainers' reuse is not enabled: starting a normal cluster "
                + "that close() removes. To keep the cluster for the next run, set testcontainers.reuse.enable=true "
                + "in ~/.testcontainers.properties or TESTCONTAINERS_REUSE_ENABLE=true in the environment.");
        return false;
    }

    /**
     * A hash of the class files of {@code types}: the code that turns settings into creation
     * requests. Part of a reused cluster's id, so that a library with other container code starts a
     * cluster of its own instead of adding new containers, under the same aliases, beside the old ones.
     */
    public static String codeFingerprint(Class<?>... types) {
        StringBuilder text = new StringBuilder();
        for (Class<?> type : types) {
            String path = type.getName().replace('.', '/') + ".class";
            try (var in = type.getClassLoader().getResourceAsStream(path)) {
                byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
                text.append(path).append('=').append(sha256Hex(bytes)).append('\n');
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not read " + path, e);
            }
        }
        return sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /**
     * Warns when containers of a reused cluster other than {@code ours} are running: left by a run
     * whose creation requests differed (Testcontainers then creates new containers), they answer to
     * the same network aliases.
     */
    public static void warnAboutOthers(String clusterId, java.util.Collection<String> ours) {
        var others = DockerClientFactory.lazyClient().listContainersCmd()
                .withLabelFilter(java.util.List.of(ClusterResources.LABEL + "=" + clusterId)).exec().stream()
                .map(com.github.dockerjava.api.model.Container::getId).filter(id -> !ours.contains(id)).toList();
        if (!others.isEmpty()) {
            LOG.warn("[{}] {} other container(s) of this reused cluster are running ({}), from a run with other "
                    + "settings: remove them with DataLakeCluster.removeReused()", clusterId, others.size(), others);
        }
    }

    /** The cluster id for a configuration: 8 hex digits of its SHA-256, the same in every JVM. */
    public static String clusterId(String configuration) {
        return sha256Hex("datalake-cluster reuse id\0" + configuration).substring(0, 8);
    }

    /** A secret of {@code bytes} random-looking bytes (hex), the same for the same cluster id and purpose. */
    public static String secret(String clusterId, String purpose, int bytes) {
        return sha256Hex("datalake-cluster reuse secret\0" + clusterId + "\0" + purpose).substring(0, 2 * bytes);
    }

    /** The name of a reused cluster's network. */
    public static String networkName(String clusterId) {
        return "datalake-" + clusterId;
    }

    /**
     * The reused cluster's network: the existing one of that name, or a new one carrying the
     * cluster's labels. Created on first use; {@link Network#close()} removes it.
     */
    public static Network network(String clusterId) {
        return new NamedNetwork(networkName(clusterId), Map.of(ClusterResources.LABEL, clusterId,
                ClusterResources.OWNER_LABEL, OWNER, REUSE_LABEL, "true"));
    }

    /** Marks a container of a reused cluster: Testcontainers' reuse on, and the labels of every run alike. */
    public static void mark(GenericContainer<?> container) {
        container.withReuse(true);
        container.withLabel(ClusterResources.OWNER_LABEL, OWNER);
        container.withLabel(REUSE_LABEL, "true");
    }

    /** Removes every reused cluster on this Docker engine (containers and networks). Returns how many things. */
    public static int removeAll() {
        return ClusterResources.removeWithLabel(REUSE_LABEL);
    }

    private static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A network found by its exact name or created with it. */
    static final class NamedNetwork implements Network {

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
}
