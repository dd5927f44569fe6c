package dev.datalake.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Packs test classes into a job jar for spark-submit. */
public final class JobJars {

    private JobJars() {}

    public static Path jarOf(Class<?> mainClass) throws IOException {
        Path jar = Files.createTempFile("datalake-job-", ".jar");
        String path = mainClass.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
                InputStream in = mainClass.getClassLoader().getResourceAsStream(path)) {
            jarOut.putNextEntry(new JarEntry(path));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        jar.toFile().deleteOnExit();
        return jar;
    }
}
