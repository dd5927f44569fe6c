package dev.datalake.cluster.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What goes into one image: the Dockerfile folder shipped with the library, folders of jars
 * resolved from Maven (only when the image must be built), generated files and build arguments.
 * Everything that can change the image is part of its {@link ImageBuilder#tag(BuildSpec) tag}.
 */
final class BuildSpec {

    final String name;
    final String resourceFolder;
    final Map<String, String> buildArgs = new LinkedHashMap<>();
    final Map<String, Supplier<List<ResolvedJar>>> jarFolders = new LinkedHashMap<>();
    final Map<String, Supplier<byte[]>> generatedFiles = new LinkedHashMap<>();
    final Map<String, Supplier<Path>> builtFiles = new LinkedHashMap<>();
    final List<String> fingerprints = new ArrayList<>();

    /**
     * @param name the image's repository name under {@code datalake/}
     * @param resourceFolder the folder under {@code images/} (e.g. {@code spark}, {@code offline/jre})
     */
    public BuildSpec(String name, String resourceFolder) {
        this.name = name;
        this.resourceFolder = resourceFolder;
    }

    public BuildSpec buildArg(String key, String value) {
        buildArgs.put(key, value);
        return this;
    }

    /**
     * Stages the jars that {@code jars} resolves into {@code folder} of the build context.
     * {@code fingerprint} stands for them in the tag (their pinned coordinates), so nothing is
     * resolved when the image already exists.
     */
    public BuildSpec jars(String folder, String fingerprint, Supplier<List<ResolvedJar>> jars) {
        jarFolders.put(folder, jars);
        fingerprints.add(folder + "=" + fingerprint);
        return this;
    }

    /** A file the library makes (e.g. the SQL runner jar); its bytes are part of the tag. */
    public BuildSpec file(String path, Supplier<byte[]> content) {
        generatedFiles.put(path, content);
        return this;
    }

    /**
     * A file the library builds on this machine (e.g. a Go binary), staged at {@code path} of the
     * build context; {@code fingerprint} (its pinned inputs) stands for it in the tag, so nothing is
     * built when the image already exists.
     */
    public BuildSpec builtFile(String path, String fingerprint, Supplier<Path> file) {
        builtFiles.put(path, file);
        fingerprints.add(path + "=" + fingerprint);
        return this;
    }

    public String name() {
        return name;
    }
}
