package dev.datalake.cluster.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The CA bundle every build context gets as {@value #FILE_NAME}, for builds behind a TLS-inspecting
 * proxy: a Dockerfile that downloads (pip) trusts it when it is not empty. Taken from the system
 * property {@value #PROPERTY}, else the environment variable {@value #ENV}, else {@code SSL_CERT_FILE}
 * when it names a readable file, else empty (an ordinary machine needs nothing). It is not part of
 * an image's tag: it changes how the inputs are fetched, not what they are.
 */
final class ExtraCaBundle {

    static final String FILE_NAME = "extra-ca.pem";
    static final String PROPERTY = "datalake.build.caBundle";
    static final String ENV = "DATALAKE_BUILD_CA_BUNDLE";
    static final String SSL_CERT_FILE = "SSL_CERT_FILE";

    private ExtraCaBundle() {
    }

    /** The bundle's bytes from this JVM's property and environment. */
    static byte[] bytes() {
        return bytes(System.getProperty(PROPERTY), System::getenv);
    }

    static byte[] bytes(String property, UnaryOperator<String> env) {
        if (!isBlank(property)) {
            return read(property, "system property " + PROPERTY);
        }
        String explicit = env.apply(ENV);
        if (!isBlank(explicit)) {
            return read(explicit, "environment variable " + ENV);
        }
        String sslCertFile = env.apply(SSL_CERT_FILE);
        if (!isBlank(sslCertFile)) {
            Path path = Path.of(sslCertFile.strip());
            if (Files.isRegularFile(path) && Files.isReadable(path)) {
                return read(sslCertFile, "environment variable " + SSL_CERT_FILE);
            }
        }
        return new byte[0];
    }

    private static byte[] read(String location, String source) {
        Path path = Path.of(location.strip());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("the CA bundle " + path + " given by " + source
                    + " is not a readable file: name a PEM file of CA certificates, or unset it");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the CA bundle " + path + " given by " + source, e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
