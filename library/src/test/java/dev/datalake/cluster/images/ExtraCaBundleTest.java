package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which CA bundle a build context gets, and that it never changes an image's tag. */
class ExtraCaBundleTest {

    @TempDir
    Path dir;

    private Path pem(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), cert(content));
    }

    /** A PEM certificate block carrying {@code content}. */
    private static String cert(String content) {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
                + "\n-----END CERTIFICATE-----\n";
    }

    private static UnaryOperator<String> env(Map<String, String> values) {
        return values::get;
    }

    @Test
    void thePropertyWinsOverBothVariables() throws Exception {
        Path property = pem("p.pem", "P");
        Path explicit = pem("e.pem", "E");
        Path ssl = pem("s.pem", "S");
        byte[] bytes = ExtraCaBundle.bytes(property.toString(),
                env(Map.of(ExtraCaBundle.ENV, explicit.toString(), ExtraCaBundle.SSL_CERT_FILE, ssl.toString())));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(cert("P"));
    }

    @Test
    void theExplicitVariableWinsOverSslCertFile() throws Exception {
        Path explicit = pem("e.pem", "E");
        Path ssl = pem("s.pem", "S");
        byte[] bytes = ExtraCaBundle.bytes(" ",
                env(Map.of(ExtraCaBundle.ENV, explicit.toString(), ExtraCaBundle.SSL_CERT_FILE, ssl.toString())));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(cert("E"));
    }

    @Test
    void sslCertFileIsUsedWhenItIsAReadableFile() throws Exception {
        Path ssl = pem("s.pem", "S");
        assertThat(new String(ExtraCaBundle.bytes(null, env(Map.of(ExtraCaBundle.SSL_CERT_FILE, ssl.toString()))),
                StandardCharsets.UTF_8)).isEqualTo(cert("S"));
    }

    @Test
    void anOrdinaryMachineGetsAnEmptyFile() {
        assertThat(ExtraCaBundle.bytes(null, env(Map.of()))).isEmpty();
        assertThat(ExtraCaBundle.bytes("", env(Map.of(ExtraCaBundle.ENV, "")))).isEmpty();
        // SSL_CERT_FILE is a hint, not a request: a stale value is ignored
        assertThat(ExtraCaBundle.bytes(null, env(Map.of(ExtraCaBundle.SSL_CERT_FILE,
                dir.resolve("missing.pem").toString())))).isEmpty();
        assertThat(ExtraCaBundle.bytes(null, env(Map.of(ExtraCaBundle.SSL_CERT_FILE, dir.toString())))).isEmpty();
    }

    @Test
    void aBadExplicitPathIsRefusedByName() {
        String missing = dir.resolve("missing.pem").toString();
        assertThatThrownBy(() -> ExtraCaBundle.bytes(missing, env(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing).hasMessageContaining(ExtraCaBundle.PROPERTY);
        assertThatThrownBy(() -> ExtraCaBundle.bytes(null, env(Map.of(ExtraCaBundle.ENV, dir.toString()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining(ExtraCaBundle.ENV);
    }

    @Test
    void everyBuildContextHoldsTheBundleAndTheTagIgnoresIt() throws Exception {
        BuildSpec spec = new BuildSpec("spark", "spark").buildArg("BASE_IMAGE", "base:1")
                .jars("jars", "a", List::of).file("lib/x.jar", () -> new byte[] {1});
        String tag = ImageBuilder.tag(spec);
        for (byte[] bundle : List.of(new byte[0], "CA".getBytes(StandardCharsets.UTF_8))) {
            Path context = ImageBuilder.stage(spec, bundle);
            try {
                assertThat(context.resolve(ExtraCaBundle.FILE_NAME)).hasBinaryContent(bundle);
                assertThat(context.resolve("Dockerfile")).exists();
            } finally {
                ImageBuilder.deleteQuietly(context);
            }
            assertThat(ImageBuilder.tag(spec)).isEqualTo(tag);
        }
    }

    @Test
    void onlyCertificateBlocksAreKept() throws Exception {
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "# the corporate CA\n" + cert("A") + "text\n" + cert("B"));
        assertThat(new String(ExtraCaBundle.bytes(bundle.toString(), env(Map.of())), StandardCharsets.US_ASCII))
                .isEqualTo(cert("A") + cert("B"));
    }

    @Test
    void aBundleWithAPrivateKeyIsRefused() throws Exception {
        Path withKey = Files.writeString(dir.resolve("key.pem"), cert("A")
                + "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ExtraCaBundle.bytes(withKey.toString(), env(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PRIVATE KEY").hasMessageContaining("only CERTIFICATE blocks");
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ExtraCaBundle.bytes(encrypted.toString(), env(Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA PRIVATE KEY");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> ExtraCaBundle.bytes(notPem.toString(), env(Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no CERTIFICATE block");
    }
}
