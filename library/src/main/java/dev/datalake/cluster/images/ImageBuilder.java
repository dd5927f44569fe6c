package dev.datalake.cluster.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Builds images whose tag is a hash of their build inputs, so an unchanged image is never
 * rebuilt: when {@code datalake/<name>:<hash>} exists, {@link #ensure(BuildSpec)} returns at once.
 */
final class ImageBuilder {

    /** Where the Dockerfile folders sit on the classpath (the repository's {@code images/}). */
    public static final String RESOURCE_ROOT = "dev/datalake/cluster/images/docker/";
    /** One lock per tag being made ready in this JVM. */
    private static final ConcurrentHashMap<String, Object> BUILDING = new ConcurrentHashMap<>();
    public static final String IMAGE_LABEL = "dev.datalake.cluster.image";

    private static final Logger LOG = LoggerFactory.getLogger(ImageBuilder.class);
    /** How a Dockerfile's script starts the one line that says why it failed. */
    static final String BUILD_ERROR = "datalake-build: error:";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);

    private final DockerClient docker;
    private final Duration buildTimeout;

    public ImageBuilder() {
        this(DockerClientFactory.lazyClient(), BUILD_TIMEOUT);
    }

    ImageBuilder(DockerClient docker, Duration buildTimeout) {
        this.docker = docker;
        this.buildTimeout = buildTimeout;
    }

    /** The image's full name for {@code spec}: {@code datalake/<name>:<first 16 hex of the inputs' SHA-256>}. */
    public static String tag(BuildSpec spec) {
        MessageDigest digest = sha256();
        Map<String, byte[]> files = resourceFiles(spec.resourceFolder);
        files.forEach((path, bytes) -> update(digest, "file:" + path, bytes));
        spec.buildArgs.forEach((k, v) -> update(digest, "arg:" + k, v.getBytes(StandardCharsets.UTF_8)));
        spec.fingerprints.forEach(f -> update(digest, "jars", f.getBytes(StandardCharsets.UTF_8)));
        spec.generatedFiles.forEach((path, content) -> update(digest, "generated:" + path, content.get()));
        return "datalake/" + spec.name + ":" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /**
     * Returns the image for {@code spec}, building it only when no image has its tag. Clusters
     * started side by side, in this JVM or in others on this machine, ask for the same images at
     * once: one builds, the others wait for it (a lock per tag) and then find the image.
     */
    public String ensure(BuildSpec spec) {
        String tag = tag(spec);
        synchronized (BUILDING.computeIfAbsent(tag, t -> new Object())) {
            if (exists(tag)) {
                LOG.debug("image {} is up to date", tag);
                return tag;
            }
            try (BuildLock lock = BuildLock.acquire(tag)) {
                // another process may have built it while this one waited
                if (exists(tag)) {
                    LOG.info("image {} was built by another process meanwhile", tag);
                    return tag;
                }
                return build(spec, tag);
            }
        }
    }

    private String build(BuildSpec spec, String tag) {
        long started = System.nanoTime();
        LOG.info("building image {} (first time for these inputs)", tag);
        byte[] caBundle = ExtraCaBundle.bytes();
        Path context = stage(spec, caBundle);
        try {
            build(tag, context, spec);
        } finally {
            deleteQuietly(context);
        }
        LOG.info("built image {} in {} s", tag, (System.nanoTime() - started) / 1_000_000_000);
        return tag;
    }

    public boolean exists(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void build(String tag, Path context, BuildSpec spec) {
        var command = docker.buildImageCmd()
                .withBaseDirectory(context.toFile())
                .withDockerfile(context.resolve("Dockerfile").toFile())
                .withTags(Set.of(tag))
                .withLabels(Map.of(IMAGE_LABEL, spec.name))
                .withPull(false)
                .withRemove(true)
                // a failed step's container goes too: a failed build leaves nothing behind
                .withForcerm(true);
        spec.buildArgs.forEach(command::withBuildArg);
        BuildOutput output = new BuildOutput(spec.name);
        try {
            command.exec(output);
            if (!output.awaitCompletion(buildTimeout.toSeconds(), TimeUnit.SECONDS)) {
                closeQuietly(output);
                throw new BuildFailure("timed out after " + buildTimeout.toMinutes() + " min (" + buildTimeout.toSeconds()
                        + " s): a slow network or a stuck step; run it again, or build the image from images/"
                        + spec.resourceFolder + " to see where it stops");
            }
            output.awaitImageId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(output);
            removeLayers(tag, output.createdLastFirst());
            throw new IllegalStateException("building image " + tag + " was interrupted", e);
        } catch (RuntimeException e) {
            removeLayers(tag, output.createdLastFirst());
            String tail = output.tail();
            String reason = e instanceof BuildFailure ? e.getMessage() : buildError(tail).orElse(e.getMessage());
            throw new IllegalStateException("building image " + tag + " from images/" + spec.resourceFolder
                    + " failed: " + reason + "\nlast build output:\n" + tail, e);
        }
    }

    /**
     * Removes the images the failed build created for its steps (a multi-GB layer is typical), the
     * last first; one that another image now builds on stays.
     */
    private void removeLayers(String tag, List<String> layers) {
        int removed = 0;
        for (String id : layers) {
            try {
                docker.removeImageCmd(id).withForce(false).withNoPrune(true).exec();
                removed++;
            } catch (RuntimeException e) {
                LOG.debug("kept image {} of the failed build of {}: {}", id, tag, e.getMessage());
            }
        }
        if (removed > 0) {
            LOG.info("removed {} intermediate image(s) the failed build of {} left", removed, tag);
        }
    }

    private static void closeQuietly(java.io.Closeable callback) {
        try {
            callback.close();
        } catch (IOException e) {
            LOG.debug("could not close a build's stream: {}", e.getMessage());
        }
    }

    /** A build that failed on its own terms (its limit), not with an error of the engine. */
    private static final class BuildFailure extends RuntimeException {
        BuildFailure(String message) {
            super(message);
        }
    }

    /**
     * The cause a Dockerfile's own script named: its last line starting with {@value #BUILD_ERROR}
     * (e.g. the PyPI package that could not be downloaded, and what to do). The builder's own
     * {@code Step N/M : RUN ...} lines are not the script's: they echo the Dockerfile, messages included.
     */
    static Optional<String> buildError(String output) {
        String found = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("Step ")) {
                continue;
            }
            int at = line.indexOf(BUILD_ERROR);
            if (at >= 0) {
                found = line.substring(at + BUILD_ERROR.length()).strip();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Lays out the build context in a temporary folder: Dockerfile folder, jar folders, generated
     * files, and the extra CA bundle (possibly empty; not part of the tag).
     */
    static Path stage(BuildSpec spec, byte[] caBundle) {
        Path context;
        try {
            context = Files.createTempDirectory("datalake-build-" + spec.name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage the build context of " + spec.name, e);
        }
        try {
            fill(context, spec, caBundle);
            return context;
        } catch (IOException e) {
            deleteQuietly(context);
            throw new UncheckedIOException("could not stage the build context of " + spec.name, e);
        } catch (RuntimeException | Error e) {
            // a jar that could not be resolved, say: the half-staged folder goes
            deleteQuietly(context);
            throw e;
        }
    }

    private static void fill(Path context, BuildSpec spec, byte[] caBundle) throws IOException {
        for (var file : resourceFiles(spec.resourceFolder).entrySet()) {
            Path target = context.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
            if (file.getKey().endsWith(".sh") || file.getKey().startsWith("bin/")) {
                target.toFile().setExecutable(true, false);
            }
        }
        for (var folder : spec.jarFolders.entrySet()) {
            Path dir = Files.createDirectories(context.resolve(folder.getKey()));
            List<ResolvedJar> jars = folder.getValue().get();
            for (ResolvedJar jar : jars) {
                link(jar.file(), dir.resolve(jar.fileName()));
            }
            LOG.info("[{}] staged {} jars into {}/", spec.name, jars.size(), folder.getKey());
        }
        for (var file : spec.builtFiles.entrySet()) {
            Path target = context.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            link(file.getValue().get(), target);
        }
        for (var file : spec.generatedFiles.entrySet()) {
            Path target = context.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue().get());
        }
        Files.write(context.resolve(ExtraCaBundle.FILE_NAME), caBundle);
    }

    /** A hard link where the file system allows it (the jars are large), else a copy. */
    private static void link(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target);
        }
    }

    /** The files of a Dockerfile folder on the classpath, by path relative to it, sorted. */
    static Map<String, byte[]> resourceFiles(String folder) {
        String prefix = RESOURCE_ROOT + folder + "/";
        URL url = ImageBuilder.class.getClassLoader().getResource(prefix + "Dockerfile");
        if (url == null) {
            throw new IllegalStateException("no Dockerfile for images/" + folder + " on the classpath ("
                    + prefix + "Dockerfile)");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try {
            if ("jar".equals(url.getProtocol())) {
                JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
                for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                    if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.put(entry.getName().substring(prefix.length()), in.readAllBytes());
                        }
                    }
                }
            } else {
                Path dir = Paths.get(url.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path path : walk.filter(Files::isRegularFile).toList()) {
                        files.put(dir.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("could not read images/" + folder + " from the classpath", e);
        }
        return files;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String label, byte[] bytes) {
        digest.update(label.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
        digest.update((byte) 0);
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(paths);
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
