package dev.datalake.cluster.airflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * DAG folders as a user keeps them private (0700, files 0600, as a JUnit {@code @TempDir}). When the
 * tests run as root the folder and its files are given to {@link #OTHER_UID}, so that Airflow (which
 * runs as the folder's owner) runs as a uid that is neither root, which reads everything, nor the
 * image's 50000.
 */
public final class PrivateDagFolders {

    public static final int OTHER_UID = 4321;

    private PrivateDagFolders() {}

    /** Sets the modes of {@code folder} and of the files in it; as root, gives them all to {@link #OTHER_UID}. */
    public static Path restrict(Path folder, String folderMode, String fileMode) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(fileMode));
                if (root) {
                    Files.setAttribute(file, "unix:uid", OTHER_UID);
                }
            }
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(folderMode));
        if (root) {
            Files.setAttribute(folder, "unix:uid", OTHER_UID);
        }
        return folder;
    }
}
