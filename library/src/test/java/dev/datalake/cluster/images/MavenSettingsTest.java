package dev.datalake.cluster.images;

import dev.datalake.cluster.spark.SparkVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.datalake.cluster.ImageSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * settings.xml as the library's resolution of image jars reads it: a mirror that is a {@code file://}
 * repository this test writes, a {@code localRepository} of its own, server credentials and a proxy
 * (both against a real HTTP server in this JVM), and broken files.
 */
class MavenSettingsTest {

    private static final String APP = "test.datalake:app:1.0";

    @TempDir
    Path dir;
    private Path remote;
    private String repoLocalBefore;
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void repository() throws Exception {
        // the build may run with -Dmaven.repo.local, which wins over settings.xml as in Maven
        repoLocalBefore = System.clearProperty("maven.repo.local");
        remote = dir.resolve("remote");
        publish("test.datalake", "lib", "2.0", "");
        publish("test.datalake", "app", "1.0", """
                <dependencies><dependency>
                  <groupId>test.datalake</groupId><artifactId>lib</artifactId><version>2.0</version>
                </dependency></dependencies>""");
    }

    @AfterEach
    void restore() {
        if (repoLocalBefore != null) {
            System.setProperty("maven.repo.local", repoLocalBefore);
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aFileMirrorAndALocalRepositoryOfItsOwn() throws Exception {
        Path local = dir.resolve("own-local-repo");
        Path settings = settings("<localRepository>" + local + "</localRepository>"
                + mirror("company", remote.toUri().toString()));
        MavenArtifacts maven = MavenArtifacts.withSettings(settings);
        assertThat(maven.localRepository()).isEqualTo(local.toAbsolutePath());
        List<ResolvedJar> jars = maven.resolve(List.of(APP), List.of());
        assertThat(jars).extracting(ResolvedJar::coordinate)
                .containsExactly("test.datalake:app:1.0", "test.datalake:lib:2.0");
        assertThat(jars).allSatisfy(jar -> assertThat(jar.file()).startsWith(local));
        assertThat(local.resolve("test/datalake/lib/2.0/lib-2.0.jar")).isRegularFile();
    }

    @Test
    void serverCredentialsGoToTheMirrorWithTheSameId() throws Exception {
        String url = serve(true) + "/maven2/";
        Path withCredentials = settings("<localRepository>" + dir.resolve("a") + "</localRepository>"
                + mirror("company", url)
                + "<servers><server><id>company</id><username>deployer</username><password>s3cret</password></server></servers>");
        assertThat(MavenArtifacts.withSettings(withCredentials).resolve(List.of(APP), List.of())).hasSize(2);

        Path without = settings("<localRepository>" + dir.resolve("b") + "</localRepository>" + mirror("company", url));
        assertThatThrownBy(() -> MavenArtifacts.withSettings(without).resolve(List.of(APP), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("401");
    }

    @Test
    void requestsGoThroughTheActiveProxy() throws Exception {
        String proxy = serve(false);
        int port = Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1));
        Path settings = settings("<localRepository>" + dir.resolve("c") + "</localRepository>"
                + mirror("company", "http://repo.datalake.invalid/maven2/")
                + "<proxies><proxy><id>inactive</id><active>false</active><protocol>http</protocol>"
                + "<host>127.0.0.1</host><port>9</port></proxy>"
                + "<proxy><id>corp</id><active>true</active><protocol>http</protocol>"
                + "<host>127.0.0.1</host><port>" + port + "</port></proxy></proxies>");
        assertThat(MavenArtifacts.withSettings(settings).resolve(List.of(APP), List.of())).hasSize(2);
        assertThat(requests).anyMatch(r -> r.startsWith("http://repo.datalake.invalid/maven2/test/datalake/app/1.0/"));
    }

    @Test
    void aMalformedFileFailsNamingTheFileAndTheLine() throws Exception {
        Path settings = dir.resolve("broken-settings.xml");
        Files.writeString(settings, "<settings>\n  <mirrors>\n    <mirror><id>x</mirror>\n</settings>\n");
        assertThatThrownBy(() -> MavenArtifacts.withSettings(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot use the Maven settings " + settings)
                .hasMessageContaining("line 3");
    }

    @Test
    void anUnreadableFileFailsNamingIt() throws Exception {
        Path settings = Files.createDirectories(dir.resolve("settings.xml"));
        assertThatThrownBy(() -> MavenArtifacts.withSettings(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use the Maven settings " + settings + ": it is a directory. "
                        + "Fix the file or point -Ddatalake.maven.settings at another one.");
    }

    @Test
    void aBrokenFileStopsStartBeforeAnyImageStep() throws Exception {
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>");
        System.setProperty(MavenSettings.SETTINGS_PROPERTY, settings.toString());
        try {
            // no Docker needed: the settings are read before any image is looked at
            assertThatThrownBy(() -> ClusterImages.of(ImageSet.offline(), SparkVersion.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Cannot use the Maven settings " + settings);
        } finally {
            System.clearProperty(MavenSettings.SETTINGS_PROPERTY);
        }
    }

    private static String mirror(String id, String url) {
        return "<mirrors><mirror><id>" + id + "</id><mirrorOf>*</mirrorOf><url>" + url + "</url></mirror></mirrors>";
    }

    private Path settings(String body) throws IOException {
        Path file = Files.createTempFile(dir, "settings", ".xml");
        Files.writeString(file, "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">" + body + "</settings>");
        return file;
    }

    /** Serves {@link #remote} over HTTP (as a repository, or as a proxy forwarding absolute URIs); its base URL. */
    private String serve(boolean basicAuth) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, basicAuth));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, boolean basicAuth) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        String expected = "Basic " + Base64.getEncoder().encodeToString("deployer:s3cret".getBytes(StandardCharsets.UTF_8));
        if (basicAuth && !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"repo\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        Path file = remote.resolve(exchange.getRequestURI().getPath().replaceFirst("^/maven2/", ""));
        if (!Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] body = Files.readAllBytes(file);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private void publish(String group, String artifact, String version, String dependencies) throws Exception {
        Path folder = Files.createDirectories(remote.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
        String base = artifact + "-" + version;
        write(folder.resolve(base + ".pom"), ("""
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>%s</project>
                """.formatted(group, artifact, version, dependencies)).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(jar)) {
            zip.putNextEntry(new ZipEntry("META-INF/" + artifact + ".txt"));
            zip.write(base.getBytes(StandardCharsets.UTF_8));
        }
        write(folder.resolve(base + ".jar"), jar.toByteArray());
    }

    private static void write(Path file, byte[] content) throws Exception {
        Files.write(file, content);
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content)));
    }
}
