package dev.datalake.cluster.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.filter.ScopeDependencyFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.eclipse.aether.supplier.Maven3ScopeManagerConfiguration.DS_COMPILE;
import static org.eclipse.aether.supplier.Maven3ScopeManagerConfiguration.DS_PROVIDED;
import static org.eclipse.aether.supplier.Maven3ScopeManagerConfiguration.DS_SYSTEM;
import static org.eclipse.aether.supplier.Maven3ScopeManagerConfiguration.DS_TEST;

/**
 * Resolves jars and their runtime dependencies from Maven Central with Maven Resolver, the way Maven
 * resolves a project's runtime classpath (nearest version wins, optional and provided dependencies of
 * dependencies left out). Downloads go to a Maven local repository, so jars already fetched by
 * {@code mvn} are reused and nothing is downloaded twice. The machine's Maven settings apply as they do
 * to {@code mvn}: mirrors, proxies, server credentials, the local repository and offline mode.
 */
final class MavenArtifacts {

    private static final Logger LOG = LoggerFactory.getLogger(MavenArtifacts.class);

    /** Maven Central. */
    public static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

    // "central" as Maven names it: the local repository records which repository each file came
    // from, and only files recorded under the same id are reused without asking the remote again.
    private static final String CENTRAL_ID = "central";

    private final Path localRepository;
    private final RemoteRepository remote;
    private final MavenSettings settings;

    private MavenArtifacts(Path localRepository, String remoteUrl, MavenSettings settings) {
        this.localRepository = Objects.requireNonNull(localRepository, "localRepository").toAbsolutePath();
        this.remote = new RemoteRepository.Builder(CENTRAL_ID, "default", Objects.requireNonNull(remoteUrl, "remoteUrl"))
                .build();
        this.settings = settings;
    }

    /**
     * Maven Central through this machine's Maven settings ({@code ~/.m2/settings.xml}, or the file of
     * {@code -Ddatalake.maven.settings}); local repository {@code -Dmaven.repo.local}, else the settings'
     * {@code localRepository}, else {@code ~/.m2/repository}.
     *
     * @throws IllegalArgumentException naming the file and the problem when a settings file cannot be read
     */
    public static MavenArtifacts defaults() {
        return withSettings(MavenSettings.load());
    }

    /** As {@link #defaults()} with the given user settings file instead of the machine's. */
    static MavenArtifacts withSettings(Path settingsXml) {
        return withSettings(MavenSettings.load(settingsXml, null));
    }

    private static MavenArtifacts withSettings(MavenSettings settings) {
        return new MavenArtifacts(settings.localRepository(), CENTRAL_URL, settings);
    }

    /**
     * A resolver with the given local repository and a Maven 2 layout remote repository (a mirror of
     * Central), and no Maven settings.
     */
    public static MavenArtifacts of(Path localRepository, String remoteUrl) {
        return new MavenArtifacts(localRepository, remoteUrl, MavenSettings.load(null, null));
    }

    /** The local repository jars are downloaded to. */
    public Path localRepository() {
        return localRepository;
    }

    /**
     * The runtime classpath of the given artifacts: the jars themselves and their compile and runtime
     * scope dependencies, transitively, one version per artifact as Maven picks it.
     *
     * @param coordinates {@code groupId:artifactId:version} or {@code groupId:artifactId:jar:classifier:version}
     * @param exclusions  {@code groupId:artifactId} (artifactId may be {@code *}) left out of the transitive
     *                    graph, with everything only they bring
     * @return the jar files, sorted by groupId, artifactId, classifier, without duplicates
     * @throws IllegalArgumentException when a coordinate or exclusion is malformed
     * @throws IllegalStateException    when something cannot be resolved; the message names the coordinate
     */
    public List<ResolvedJar> resolve(List<String> coordinates, List<String> exclusions) {
        return resolve(coordinates, exclusions, List.of());
    }

    /**
     * As {@link #resolve(List, List)}, with the {@code dependencyManagement} of the given POMs imported,
     * as a project importing them as BOMs would: the versions, scopes and exclusions they manage win
     * over what the transitive graph would pick.
     *
     * @param boms {@code groupId:artifactId:version} of POMs, e.g. {@code org.apache.spark:spark-parent_2.12:3.5.3}
     */
    public List<ResolvedJar> resolve(List<String> coordinates, List<String> exclusions, List<String> boms) {
        return resolve(coordinates, exclusions, boms, List.of());
    }

    /**
     * The jars to add to an existing classpath so that the given artifacts run on it: their runtime
     * closure resolved with the versions of {@code classpath} pinned (as a {@code dependencyManagement}
     * would), minus every artifact ({@code groupId:artifactId}) the classpath already holds.
     */
    public List<ResolvedJar> resolveOnTopOf(List<ResolvedJar> classpath, List<String> coordinates,
            List<String> exclusions) {
        return resolve(coordinates, exclusions, List.of(), classpath);
    }

    private List<ResolvedJar> resolve(List<String> coordinates, List<String> exclusions, List<String> boms,
            List<ResolvedJar> pinned) {
        if (coordinates.isEmpty()) {
            return List.of();
        }
        List<Artifact> roots = coordinates.stream().<Artifact>map(MavenArtifacts::artifact).toList();
        List<Exclusion> excluded = exclusions.stream().map(MavenArtifacts::exclusion).toList();
        long started = System.nanoTime();
        TransferCounter downloads = new TransferCounter();
        RepositorySystem system = new ResolverSupplier().get();
        try (CloseableSession session = settings.configure(new SessionBuilderSupplier(system).get())
                .withLocalRepositoryBaseDirectories(localRepository)
                // POM profiles may be activated by JDK version or OS, as in a Maven build on this machine
                .setSystemProperties(System.getProperties())
                .setTransferListener(downloads)
                .build()) {
            // Central as the settings see it: behind its mirror, with that mirror's credentials and proxy
            List<RemoteRepository> repositories = system.newResolutionRepositories(session, List.of(remote));
            String from = repositories.get(0).getUrl();
            CollectRequest collect = new CollectRequest();
            collect.setRepositories(repositories);
            for (Artifact root : roots) {
                collect.addDependency(new Dependency(root, DS_COMPILE, false, excluded));
            }
            List<Dependency> managed = new ArrayList<>();
            for (ResolvedJar jar : pinned) {
                // version only: an empty scope and a null optional flag leave those as the graph has them
                managed.add(new Dependency(new DefaultArtifact(jar.groupId(), jar.artifactId(), jar.classifier(),
                        "jar", jar.version()), "", null));
            }
            for (String bom : boms) {
                managed.addAll(managedBy(system, session, repositories, bom));
            }
            collect.setManagedDependencies(managed);
            // the runtime classpath: compile and runtime scopes
            DependencyRequest request = new DependencyRequest(collect,
                    new ScopeDependencyFilter(null, List.of(DS_TEST, DS_PROVIDED, DS_SYSTEM)));
            DependencyResult result;
            try {
                result = system.resolveDependencies(session, request);
            } catch (DependencyResolutionException e) {
                throw failure(coordinates, from, e);
            } catch (NoClassDefFoundError e) {
                // Gson is left off the library's dependencies (it would change a Spark project's); the
                // resolver needs it only to read an error answer in RFC 9457 form
                throw new IllegalStateException("Cannot resolve " + String.join(", ", coordinates) + " from " + from
                        + ": the repository answered with an error whose details need " + e.getMessage()
                        + " (Gson) to read; add com.google.code.gson:gson to the test classpath to see them", e);
            }
            Set<String> provided = new HashSet<>();
            pinned.forEach(jar -> provided.add(jar.ga()));
            List<ResolvedJar> jars = jars(result.getArtifactResults()).stream()
                    .filter(jar -> !provided.contains(jar.ga()))
                    .toList();
            long bytes = jars.stream().mapToLong(jar -> size(jar.file())).sum();
            LOG.info("Resolved {} coordinates to {} jars{}, {} MB, in {} ms ({} files, {} MB downloaded from {})",
                    coordinates.size(), jars.size(),
                    pinned.isEmpty() ? "" : " on top of a classpath of " + pinned.size(),
                    megabytes(bytes), (System.nanoTime() - started) / 1_000_000,
                    downloads.files.get(), megabytes(downloads.bytes.get()), from);
            return jars;
        } finally {
            system.shutdown();
        }
    }

    private static List<ResolvedJar> jars(List<ArtifactResult> results) {
        Map<String, ResolvedJar> unique = new LinkedHashMap<>();
        for (ArtifactResult result : results) {
            Artifact artifact = result.getArtifact();
            if (artifact == null || artifact.getPath() == null || !"jar".equals(artifact.getExtension())) {
                continue;
            }
            ResolvedJar jar = new ResolvedJar(artifact.getGroupId(), artifact.getArtifactId(),
                    artifact.getBaseVersion(), artifact.getClassifier(), artifact.getPath());
            unique.putIfAbsent(jar.coordinate(), jar);
        }
        List<ResolvedJar> jars = new ArrayList<>(unique.values());
        jars.sort(Comparator.comparing(ResolvedJar::groupId)
                .thenComparing(ResolvedJar::artifactId)
                .thenComparing(ResolvedJar::classifier)
                .thenComparing(ResolvedJar::version));
        return List.copyOf(jars);
    }

    private List<Dependency> managedBy(RepositorySystem system, CloseableSession session,
            List<RemoteRepository> repositories, String bom) {
        DefaultArtifact pom = artifact(bom);
        pom = new DefaultArtifact(pom.getGroupId(), pom.getArtifactId(), "pom", pom.getVersion());
        try {
            return system.readArtifactDescriptor(session, new ArtifactDescriptorRequest(pom, repositories, null))
                    .getManagedDependencies();
        } catch (ArtifactDescriptorException e) {
            throw new IllegalStateException("Cannot read the dependencyManagement of " + bom + " from "
                    + repositories.get(0).getUrl() + ": " + e.getMessage(), e);
        }
    }

    private IllegalStateException failure(List<String> coordinates, String from, DependencyResolutionException e) {
        String culprit = null;
        DependencyResult partial = e.getResult();
        Throwable cause = e.getCause();
        if (partial != null && partial.getRoot() != null) {
            Artifact failed = failedArtifact(cause);
            if (failed != null) {
                culprit = requestedBy(partial.getRoot(), failed, coordinates);
            }
        }
        String what = culprit != null ? culprit : String.join(", ", coordinates);
        return new IllegalStateException("Cannot resolve " + what + " from " + from
                + " (local repository " + localRepository + ", Maven settings: " + settings.source() + "): "
                + reasons(e), e);
    }

    /** The distinct messages of the cause chain: the resolver's own says what failed, the last one why. */
    private static String reasons(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e.getCause() != null ? e.getCause() : e; t != null && messages.size() < 4; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message);
            }
        }
        return String.join(": ", messages);
    }

    private static Artifact failedArtifact(Throwable cause) {
        if (cause instanceof ArtifactResolutionException resolution) {
            for (ArtifactResult result : resolution.getResults()) {
                if (!result.isResolved()) {
                    return result.getRequest().getArtifact();
                }
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ArtifactDescriptorException descriptor && descriptor.getResult() != null) {
                return descriptor.getResult().getRequest().getArtifact();
            }
        }
        return null;
    }

    /** The requested coordinate whose subtree holds {@code failed}, with the path to it when it is transitive. */
    private static String requestedBy(DependencyNode root, Artifact failed, List<String> coordinates) {
        for (int i = 0; i < root.getChildren().size() && i < coordinates.size(); i++) {
            List<String> path = new ArrayList<>();
            if (find(root.getChildren().get(i), failed, path, Collections.newSetFromMap(new IdentityHashMap<>()))) {
                return path.size() == 1 ? coordinates.get(i) : coordinates.get(i) + " (via " + String.join(" -> ", path) + ")";
            }
        }
        return null;
    }

    private static boolean find(DependencyNode node, Artifact failed, List<String> path, Set<DependencyNode> seen) {
        if (node.getArtifact() == null || !seen.add(node)) {
            return false;
        }
        Artifact artifact = node.getArtifact();
        path.add(artifact.toString());
        if (artifact.getGroupId().equals(failed.getGroupId())
                && artifact.getArtifactId().equals(failed.getArtifactId())
                && artifact.getClassifier().equals(failed.getClassifier())) {
            return true;
        }
        for (DependencyNode child : node.getChildren()) {
            if (find(child, failed, path, seen)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    private static DefaultArtifact artifact(String coordinate) {
        try {
            DefaultArtifact artifact = new DefaultArtifact(coordinate.trim());
            if (artifact.getVersion().isEmpty()) {
                throw new IllegalArgumentException("no version");
            }
            return artifact;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Bad Maven coordinate '" + coordinate
                    + "': expected groupId:artifactId:version or groupId:artifactId:jar:classifier:version", e);
        }
    }

    private static Exclusion exclusion(String pattern) {
        String[] parts = pattern.trim().split(":");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("Bad exclusion '" + pattern
                    + "': expected groupId:artifactId (artifactId may be *)");
        }
        return new Exclusion(parts[0], parts[1], "*", "*");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of " + file, e);
        }
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
