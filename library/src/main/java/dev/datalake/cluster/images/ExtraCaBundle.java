package dev.datalake.cluster.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CA bundle every build context gets as {@value #FILE_NAME}, for builds behind a TLS-inspecting
 * proxy: a Dockerfile that downloads (pip) trusts it when it is not empty. Taken from the system
 * property {@value #PROPERTY}, else the environment variable {@value #ENV}, else {@code SSL_CERT_FILE}
 * when it names a readable file, else empty (an ordinary machine needs nothing). It is not part of
 * an image's tag: it changes how the inputs are fetched, not what they are. Only its
 * {@code CERTIFICATE} blocks are passed on; a bundle holding anything else (a private key) is refused.
 */
final class ExtraCaBundle {

    static final String FILE_NAME = "extra-ca.pem";
    static final String PROPERTY = "datalake.build.caBundle";
    static final String ENV = "DATALAKE_BUILD_CA_BUNDLE";
    static final String SSL_CERT_FILE = "SSL_CERT_FILE";
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([^-\\r\\n]+)-----(.*?)-----END ([^-\\r\\n]+)-----", Pattern.DOTALL);

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
            return certificates(Files.readString(path, StandardCharsets.US_ASCII), path + " given by " + source);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the CA bundle " + path + " given by " + source + " is not a PEM file "
                    + "(it is not ASCII text): name a PEM file of CA certificates, or unset it");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the CA bundle " + path + " given by " + source, e);
        }
    }

    /**
     * The {@code CERTIFICATE} blocks of a PEM text, and nothing else; {@link IllegalArgumentException}
     * when it holds another block (a private key has no place in a build context) or no certificate.
     */
    static byte[] certificates(String pem, String what) {
        Matcher block = PEM_BLOCK.matcher(pem);
        StringBuilder certificates = new StringBuilder();
        while (block.find()) {
            if (!block.group(1).equals(block.group(3))) {
                throw new IllegalArgumentException("the CA bundle " + what + " has a block that begins as "
                        + block.group(1) + " and ends as " + block.group(3) + ": name a PEM file of CA certificates");
            }
            if (!"CERTIFICATE".equals(block.group(1))) {
                throw new IllegalArgumentException("the CA bundle " + what + " holds a " + block.group(1)
                        + " block: only CERTIFICATE blocks are accepted (never a key): name a file of CA certificates");
            }
            certificates.append(block.group()).append('\n');
        }
        if (PEM_BLOCK.matcher(pem).results().count() != pem.split("-----BEGIN ", -1).length - 1) {
            throw new IllegalArgumentException("the CA bundle " + what + " has a block without its END line: "
                    + "name a PEM file of CA certificates");
        }
        if (certificates.length() == 0 && !pem.isBlank()) {
            throw new IllegalArgumentException("the CA bundle " + what + " holds no CERTIFICATE block: name a PEM "
                    + "file of CA certificates, or unset it");
        }
        return certificates.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
