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
        return Files.writeString(dir.resolve(name), content);
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
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("P");
    }

    @Test
    void theExplicitVariableWinsOverSslCertFile() throws Exception {
        Path explicit = pem("e.pem", "E");
        Path ssl = pem("s.pem", "S");
        byte[] bytes = ExtraCaBundle.bytes(" ",
                env(Map.of(ExtraCaBundle.ENV, explicit.toString(), ExtraCaBundle.SSL_CERT_FILE, ssl.toString())));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("E");
    }

    @Test
    void sslCertFileIsUsedWhenItIsAReadableFile() throws Exception {
        Path ssl = pem("s.pem", "S");
        assertThat(new String(ExtraCaBundle.bytes(null, env(Map.of(ExtraCaBundle.SSL_CERT_FILE, ssl.toString()))),
                StandardCharsets.UTF_8)).isEqualTo("S");
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
}
