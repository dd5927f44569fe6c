package dev.datalake.cluster.images;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A jar resolved from a Maven repository, with the file it was downloaded to in the local repository.
 *
 * @param classifier the classifier, empty when the jar has none
 */
record ResolvedJar(String groupId, String artifactId, String version, String classifier, Path file) {

    public ResolvedJar {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        classifier = classifier == null ? "" : classifier;
        Objects.requireNonNull(file, "file");
    }

    /** {@code groupId:artifactId}, the key under which Maven resolves version conflicts. */
    public String ga() {
        return groupId + ":" + artifactId;
    }

    /** The name of the jar file, e.g. {@code spark-core_2.12-3.5.3.jar}. */
    public String fileName() {
        return file.getFileName().toString();
    }

    /** {@code groupId:artifactId[:jar:classifier]:version}, the form {@link MavenArtifacts#resolve} accepts. */
    public String coordinate() {
        return classifier.isEmpty()
                ? ga() + ":" + version
                : ga() + ":jar:" + classifier + ":" + version;
    }

    @Override
    public String toString() {
        return coordinate();
    }
}
