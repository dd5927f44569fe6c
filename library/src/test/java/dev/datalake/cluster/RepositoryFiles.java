package dev.datalake.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository outside the library module (docker/, examples/), for tests run from library/. */
public final class RepositoryFiles {

    private RepositoryFiles() {}

    /** {@code relative} under the repository's root: the parent of the module's directory. */
    public static Path path(String relative) {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("library")) || !Files.isDirectory(root.resolve("examples"))) {
            throw new IllegalStateException("run the tests from the library module (library/): " + root
                    + " is not the repository's root");
        }
        return root.resolve(relative);
    }
}
