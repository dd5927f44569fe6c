package dev.datalake.cluster.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
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
 * <p>The derived values also depend on a random salt of the user's ({@link #salt()}), kept in a
 * file only that user can read: someone with the same library and settings cannot compute them.
 * A reused cluster's Airflow DAG folder is a copy kept beside the salt ({@link #dagFolder}), so
 * that a temporary folder, new in every run, does not make a new cluster each time.
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

    /** Where the salt and the reused clusters' DAG folders are kept: a folder of the user's home. */
    public static final String HOME_FOLDER = ".datalake-cluster";
    private static final String SALT_FILE = "reuse-salt";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReuse.class);

    private ClusterReuse() {}

    /** The folder of the salt and the reused clusters' DAG folders: {@code ~/.datalake-cluster}. */
    public static Path home() {
        return Path.of(System.getProperty("user.home"), HOME_FOLDER);
    }

    /** This user's salt for reused clusters ({@link #salt(Path)} of {@code ~/.datalake-cluster/reuse-salt}). */
    public static String salt() {
        return salt(home().resolve(SALT_FILE));
    }

    /**
     * The salt kept in {@code file}: 32 random bytes (hex) written at the first use, readable by its
     * owner only (0600, in a 0700 folder). Two JVMs creating it at once agree on one. A file that
     * others can read is refused: the secrets derived from it would be theirs too.
     */
    public static String salt(Path file) {
        try {
            if (!Files.exists(file)) {
                createOwnerOnly(file.getParent());
                Path temp = Files.createTempFile(file.getParent(), SALT_FILE, ".tmp",
                        attributes(file, OWNER_ONLY_FILE));
                try {
                    Files.writeString(temp, Secrets.randomHex(32));
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    // another JVM wrote it first: its salt counts
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            if (isPosix(file)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY_FILE.containsAll(permissions)) {
                    throw new IllegalStateException(file + " (the salt of reused clusters' secrets) can be read by "
                            + "others (" + PosixFilePermissions.toString(permissions) + "): run chmod 600 " + file
                            + ", or delete it (reused clusters then get new secrets: remove them with removeReused())");
                }
            }
            String salt = Files.readString(file).strip();
            if (salt.length() < 32) {
                throw new IllegalStateException(file + " does not hold a salt: delete it, a new one is made");
            }
            return salt;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create " + file + " (the salt of reused clusters)", e);
        }
    }

    /**
     * The DAG folder a reused cluster's Airflow mounts: a copy of {@code source} in
     * {@code ~/.datalake-cluster/reuse/<id>/dags} (0700), made again at each start, so that the
     * container's bind, and so the cluster, stay the same while the source folder changes.
     */
    public static Path dagFolder(String clusterId, Path source) {
        Path copy = home().resolve("reuse").resolve(clusterId).resolve("dags");
        try {
            createOwnerOnly(copy);
            try (var old = Files.walk(copy)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!path.equals(copy)) {
                        Files.delete(path);
                    }
                }
            }
            try (var files = Files.walk(source)) {
                for (Path path : files.toList()) {
                    Path target = copy.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the DAG folder " + source + " to " + copy
                    + " for the reused cluster " + clusterId, e);
        }
    }

    /** Creates {@code folder} and missing parents, for the owner only where the file system has POSIX permissions. */
    private static void createOwnerOnly(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        createOwnerOnly(folder.getParent());
        try {
            Files.createDirectory(folder, attributes(folder, OWNER_ONLY_FOLDER));
        } catch (FileAlreadyExistsException e) {
            // made by another JVM meanwhile
        }
    }

    private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
        return isPosix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

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

    /** The cluster id for a configuration and the user's {@code salt}: 8 hex digits of their SHA-256, the same in every JVM. */
    public static String clusterId(String salt, String configuration) {
        return sha256Hex("datalake-cluster reuse id\0" + salt + "\0" + configuration).substring(0, 8);
    }

    /**
     * A secret of {@code bytes} bytes (hex), the same for the same salt, cluster id and purpose:
     * computable only with the user's {@code salt}.
     */
    public static String secret(String salt, String clusterId, String purpose, int bytes) {
        return sha256Hex("datalake-cluster reuse secret\0" + salt + "\0" + clusterId + "\0" + purpose)
                .substring(0, 2 * bytes);
    }

    /** The host ports published by the running containers of the reused cluster {@code clusterId}. */
    public static Set<Integer> publishedPorts(String clusterId) {
        Set<Integer> ports = new java.util.HashSet<>();
        for (var container : DockerClientFactory.lazyClient().listContainersCmd()
                .withLabelFilter(java.util.List.of(ClusterResources.LABEL + "=" + clusterId)).exec()) {
            for (var port : container.getPorts()) {
                if (port.getPublicPort() != null) {
                    ports.add(port.getPublicPort());
                }
            }
        }
        return ports;
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

    /** Removes every reused cluster on this Docker engine (containers and networks) and their DAG copies. Returns how many things. */
    public static int removeAll() {
        int removed = ClusterResources.removeWithLabel(REUSE_LABEL);
        deleteQuietly(home().resolve("reuse"));
        return removed;
    }

    /** Deletes what a reused cluster keeps on this machine (its DAG folder's copy). */
    public static void forget(String clusterId) {
        deleteQuietly(home().resolve("reuse").resolve(clusterId));
    }

    private static void deleteQuietly(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", folder, e.getMessage());
        }
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
}
