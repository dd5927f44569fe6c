package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.spark.SparkVersion;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolves the three jar sets from Maven Central (about 550 MB into the local repository the first
 * time, seconds afterwards) and checks what each holds.
 */
class SparkJarsResolutionIT {

    // hadoop-project 3.3.4's aws-java-sdk.version, the SDK hadoop-aws 3.3.4 was built and tested against
    private static final String AWS_SDK_BUNDLE_VERSION = "1.12.262";

    // hadoop-project 3.4.1's aws-java-sdk-v2.version: hadoop-aws 3.4 talks to S3 through SDK v2's bundle
    private static final String AWS_SDK_V2_BUNDLE_VERSION = "2.24.6";

    private static List<ResolvedJar> base;
    private static List<ResolvedJar> connectors;
    private static List<ResolvedJar> s3proxy;
    private static List<ResolvedJar> base40;
    private static List<ResolvedJar> connectors40;

    @BeforeAll
    static void resolve() {
        MavenArtifacts maven = MavenArtifacts.defaults();
        long started = System.nanoTime();
        base = SparkJars.resolveBase(maven, SparkVersion.V3_5);
        connectors = SparkJars.resolveConnectors(maven, SparkVersion.V3_5);
        s3proxy = SparkJars.resolveS3proxy(maven);
        base40 = SparkJars.resolveBase(maven, SparkVersion.V4_0);
        connectors40 = SparkJars.resolveConnectors(maven, SparkVersion.V4_0);
        System.out.printf(Locale.ROOT, "3.5 base: %d jars, %.1f MB%n3.5 connectors: %d jars, %.1f MB%n"
                        + "4.0 base: %d jars, %.1f MB%n4.0 connectors: %d jars, %.1f MB%n"
                        + "s3proxy: %d jars, %.1f MB%nresolved in %d ms%n",
                base.size(), megabytes(base), connectors.size(), megabytes(connectors),
                base40.size(), megabytes(base40), connectors40.size(), megabytes(connectors40),
                s3proxy.size(), megabytes(s3proxy), (System.nanoTime() - started) / 1_000_000);
        connectors.forEach(jar -> System.out.println("  3.5 connector " + jar.coordinate()));
        connectors40.forEach(jar -> System.out.println("  4.0 connector " + jar.coordinate()));
    }

    @Test
    void baseHoldsSparkCoreSqlAndTheHadoopClient() {
        assertThat(fileNames(base)).contains(
                "spark-core_2.12-3.5.7.jar",
                "spark-sql_2.12-3.5.7.jar",
                "spark-catalyst_2.12-3.5.7.jar",
                "spark-launcher_2.12-3.5.7.jar",
                "hadoop-client-api-3.3.4.jar",
                "hadoop-client-runtime-3.3.4.jar",
                // Delta's classes use the unshaded Guava Spark's distribution ships
                "guava-14.0.1.jar",
                // the 3.5 Connect server: one shaded jar, nothing of its own beside it
                "spark-connect_2.12-3.5.7.jar");
        assertThat(base).noneMatch(jar -> jar.artifactId().startsWith("spark-hive"));
        // Spark's BOM, not nearest-wins: slf4j 2 under log4j-slf4j2-impl, one jackson version
        assertThat(versionOf(base, "org.slf4j:slf4j-api")).startsWith("2.");
        assertThat(versionOf(base, "com.fasterxml.jackson.core:jackson-core"))
                .isEqualTo(versionOf(base, "com.fasterxml.jackson.core:jackson-databind"));
        assertThat(versionOf(base, "org.scala-lang:scala-library")).startsWith("2.12.");
    }

    @Test
    void connectorsHoldEveryConnectorWithItsTransitiveJars() {
        assertThat(fileNames(connectors)).contains(
                "hadoop-aws-3.3.4.jar",
                "aws-java-sdk-bundle-" + AWS_SDK_BUNDLE_VERSION + ".jar",
                "postgresql-42.7.4.jar",
                "mysql-connector-j-8.4.0.jar",
                "spark-sql-kafka-0-10_2.12-3.5.7.jar",
                "spark-token-provider-kafka-0-10_2.12-3.5.7.jar",
                "delta-spark_2.12-3.2.1.jar",
                "delta-storage-3.2.1.jar",
                "mongo-spark-connector_2.12-10.5.0.jar");
        Set<String> gas = gas(connectors);
        assertThat(gas).contains(
                "org.apache.kafka:kafka-clients",
                "org.apache.commons:commons-pool2",
                "org.mongodb:mongodb-driver-sync",
                "org.mongodb:mongodb-driver-core",
                "org.mongodb:bson");
    }

    @Test
    void connectorsLeaveOutEverythingTheBaseHas() {
        Set<String> baseGas = gas(base);
        assertThat(connectors).noneMatch(jar -> baseGas.contains(jar.ga()));
        assertThat(gas(connectors)).doesNotContain(
                "org.apache.spark:spark-core_2.12",
                "org.apache.spark:spark-sql_2.12",
                "org.apache.spark:spark-catalyst_2.12",
                "org.apache.spark:spark-tags_2.12",
                "org.apache.hadoop:hadoop-client-api",
                "org.apache.hadoop:hadoop-client-runtime",
                "org.scala-lang:scala-library",
                "org.slf4j:slf4j-api");
        assertThat(connectors).noneMatch(jar -> jar.groupId().startsWith("org.apache.logging.log4j")
                || jar.groupId().startsWith("com.fasterxml.jackson"));
        // both sets are copied into the same $SPARK_HOME/jars
        List<String> names = new ArrayList<>(fileNames(base));
        names.addAll(fileNames(connectors));
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void base40HoldsSpark4OnScala213AndHadoop341WithTheConnectServer() {
        assertThat(fileNames(base40)).contains(
                "spark-core_2.13-4.0.1.jar",
                "spark-sql_2.13-4.0.1.jar",
                "spark-catalyst_2.13-4.0.1.jar",
                "spark-launcher_2.13-4.0.1.jar",
                "spark-connect_2.13-4.0.1.jar",
                "spark-mllib_2.13-4.0.1.jar",
                "guava-33.4.0-jre.jar",
                "hadoop-client-api-3.4.1.jar",
                "hadoop-client-runtime-3.4.1.jar");
        assertThat(gas(base40)).doesNotContain("org.apache.spark:spark-connect-common_2.13",
                "org.apache.spark:spark-connect-shims_2.13");
        assertThat(base40).noneMatch(jar -> jar.artifactId().endsWith("_2.12"));
        assertThat(versionOf(base40, "org.slf4j:slf4j-api")).startsWith("2.");
        assertThat(versionOf(base40, "com.fasterxml.jackson.core:jackson-core"))
                .isEqualTo(versionOf(base40, "com.fasterxml.jackson.core:jackson-databind"));
        assertThat(versionOf(base40, "org.scala-lang:scala-library")).startsWith("2.13.");
    }

    @Test
    void connectors40HoldEveryConnectorOfTheLine() {
        assertThat(fileNames(connectors40)).contains(
                "hadoop-aws-3.4.1.jar",
                "bundle-" + AWS_SDK_V2_BUNDLE_VERSION + ".jar",
                "postgresql-42.7.4.jar",
                "mysql-connector-j-8.4.0.jar",
                "spark-sql-kafka-0-10_2.13-4.0.1.jar",
                "spark-token-provider-kafka-0-10_2.13-4.0.0.jar",
                "delta-spark_2.13-4.0.0.jar",
                "delta-storage-4.0.0.jar",
                "mongo-spark-connector_2.13-10.5.0.jar");
        assertThat(gas(connectors40)).contains("org.apache.kafka:kafka-clients", "org.mongodb:mongodb-driver-sync");
        assertThat(connectors40).noneMatch(jar -> jar.artifactId().endsWith("_2.12"));
        Set<String> baseGas = gas(base40);
        assertThat(connectors40).noneMatch(jar -> baseGas.contains(jar.ga()));
        List<String> names = new ArrayList<>(fileNames(base40));
        names.addAll(fileNames(connectors40));
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void s3proxyRunsOnJava17() throws IOException {
        ResolvedJar server = s3proxy.stream().filter(jar -> jar.ga().equals("org.gaul:s3proxy")).findFirst()
                .orElseThrow();
        assertThat(server.version()).isEqualTo(SparkJars.S3PROXY_VERSION);
        try (ZipFile zip = new ZipFile(server.file().toFile())) {
            assertThat(zip.getEntry(SparkJars.S3PROXY_MAIN_CLASS.replace('.', '/') + ".class")).isNotNull();
        }
        for (ResolvedJar jar : s3proxy) {
            assertThat(highestClassVersion(jar)).as("class file major version in %s", jar).isLessThanOrEqualTo(61);
        }
        assertThat(fileNames(s3proxy)).doesNotHaveDuplicates();
    }

    @Test
    void resolvedJarsAreFilesInTheLocalRepository() {
        for (List<ResolvedJar> set : List.of(base, connectors, s3proxy, base40, connectors40)) {
            assertThat(set).allMatch(jar -> Files.isRegularFile(jar.file()) && jar.fileName().endsWith(".jar"));
            assertThat(set).doesNotHaveDuplicates();
        }
    }

    @Test
    void aMissingArtifactFailsNamingItsCoordinate(@TempDir Path localRepository) {
        // a scratch local repository: the resolver records the miss there
        MavenArtifacts maven = MavenArtifacts.of(localRepository, MavenArtifacts.CENTRAL_URL);
        assertThatThrownBy(() -> maven.resolve(List.of("org.gaul:s3proxy:0.0.0-nonexistent"), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.gaul:s3proxy:0.0.0-nonexistent");
    }

    @Test
    void exclusionsCutTheTransitiveGraph() {
        List<ResolvedJar> jars = MavenArtifacts.defaults().resolve(List.of("org.apache.hadoop:hadoop-aws:3.3.4"),
                List.of("com.amazonaws:*"));
        assertThat(gas(jars)).contains("org.apache.hadoop:hadoop-aws").doesNotContain("com.amazonaws:aws-java-sdk-bundle");
    }

    private static int highestClassVersion(ResolvedJar jar) throws IOException {
        int highest = 0;
        try (ZipFile zip = new ZipFile(jar.file().toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                // multi-release jars may carry classes for newer JVMs, which Java 17 never loads
                if (!name.endsWith(".class") || name.startsWith("META-INF/versions/") || name.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
                    data.readInt();
                    data.readUnsignedShort();
                    highest = Math.max(highest, data.readUnsignedShort());
                }
            }
        }
        return highest;
    }

    private static String versionOf(List<ResolvedJar> jars, String ga) {
        return jars.stream().filter(jar -> jar.ga().equals(ga)).map(ResolvedJar::version).findFirst()
                .orElseThrow(() -> new AssertionError(ga + " is not in the set"));
    }

    private static List<String> fileNames(List<ResolvedJar> jars) {
        return jars.stream().map(ResolvedJar::fileName).toList();
    }

    private static Set<String> gas(List<ResolvedJar> jars) {
        return jars.stream().map(ResolvedJar::ga).collect(Collectors.toSet());
    }

    private static double megabytes(List<ResolvedJar> jars) {
        return jars.stream().mapToLong(jar -> jar.file().toFile().length()).sum() / (1024.0 * 1024.0);
    }
}
