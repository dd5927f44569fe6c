package dev.datalake.cluster.images;

import dev.datalake.cluster.spark.runner.SqlRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** The jar of the SQL runner that the Spark image carries, made from the library's own classes. */
final class RunnerJar {

    private static final long FIXED_TIME = 315532800000L; // 1980-01-01: the same bytes on every build
    private static volatile byte[] bytes;

    private RunnerJar() {}

    /** The jar's bytes; identical from run to run, so the image tag stays put. */
    public static byte[] bytes() {
        if (bytes == null) {
            bytes = build(SqlRunner.class);
        }
        return bytes.clone();
    }

    private static byte[] build(Class<?>... classes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream jar = new JarOutputStream(out)) {
            JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
            manifestEntry.setTime(FIXED_TIME);
            jar.putNextEntry(manifestEntry);
            manifest.write(jar);
            jar.closeEntry();
            for (Class<?> type : classes) {
                String path = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
                    if (in == null) {
                        throw new IllegalStateException("class file " + path + " not found");
                    }
                    JarEntry entry = new JarEntry(path);
                    entry.setTime(FIXED_TIME);
                    jar.putNextEntry(entry);
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
