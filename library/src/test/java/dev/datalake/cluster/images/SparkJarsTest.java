package dev.datalake.cluster.images;

import static dev.datalake.cluster.spark.SparkVersion.V3_5;
import static dev.datalake.cluster.spark.SparkVersion.V4_0;
import static dev.datalake.cluster.spark.SparkVersion.V4_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.spark.SparkVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the jar sets of the Spark images (no network). The hand-made setup this replaces had hadoop-aws
 * 3.3.6 on Hadoop 3.3.4, no AWS SDK bundle, a Kafka connector for Spark 3.4 and no transitive jars.
 */
class SparkJarsTest {

    @Test
    void versionsArePinned() {
        assertThat(SparkJars.SPARK_VERSION).isEqualTo("3.5.7");
        assertThat(SparkJars.SCALA_BINARY).isEqualTo("2.12");
        assertThat(SparkJars.HADOOP_VERSION).isEqualTo("3.3.4");
        assertThat(SparkJars.S3PROXY_MAIN_CLASS).isEqualTo("org.gaul.s3proxy.Main");
        assertThat(SparkVersion.V4_0.version()).isEqualTo("4.0.1");
        assertThat(SparkVersion.V4_0.scalaBinaryVersion()).isEqualTo("2.13");
        assertThat(SparkVersion.V4_0.hadoopVersion()).isEqualTo("3.4.1");
    }

    @Test
    void baseIsSparkCoreAndSqlOnTheShadedHadoopClientWithTheConnectServer() {
        // the 3.5 Connect server jar is shaded: no unserved module to exclude, no MLlib
        assertThat(SparkJars.baseCoordinates(V3_5)).containsExactly(
                "org.apache.spark:spark-core_2.12:3.5.7",
                "org.apache.spark:spark-sql_2.12:3.5.7",
                "org.apache.hadoop:hadoop-client-api:3.3.4",
                "org.apache.hadoop:hadoop-client-runtime:3.3.4",
                "com.google.guava:guava:14.0.1",
                "org.apache.spark:spark-connect_2.12:3.5.7");
        assertThat(SparkJars.baseBoms(V3_5)).containsExactly("org.apache.spark:spark-parent_2.12:3.5.7");
        assertThat(SparkJars.baseExclusions(V3_5)).isEmpty();
        assertThat(SparkJars.baseCoordinates(V3_5)).noneMatch(c -> c.contains("hive"));
    }

    @Test
    void base40AddsTheConnectServerAndLeavesOutTheUnservedConnectModules() {
        assertThat(SparkJars.baseCoordinates(V4_0)).containsExactly(
                "org.apache.spark:spark-core_2.13:4.0.1",
                "org.apache.spark:spark-sql_2.13:4.0.1",
                "org.apache.hadoop:hadoop-client-api:3.4.1",
                "org.apache.hadoop:hadoop-client-runtime:3.4.1",
                "com.google.guava:guava:33.4.0-jre",
                "com.google.guava:failureaccess:1.0.2",
                "org.apache.spark:spark-connect_2.13:4.0.1",
                "org.apache.spark:spark-mllib_2.13:4.0.1");
        assertThat(SparkJars.baseBoms(V4_0)).containsExactly("org.apache.spark:spark-parent_2.13:4.0.1");
        assertThat(SparkJars.baseExclusions(V4_0)).containsExactly(
                "org.apache.spark:spark-connect-common_2.13", "org.apache.spark:spark-connect-shims_2.13");
    }

    @Test
    void base42IsTheNewestLineWithItsOwnGuavaAndTheServedConnectModulesOnly() {
        assertThat(SparkVersion.values()[SparkVersion.values().length - 1]).as("the newest line is declared last")
                .isEqualTo(V4_2);
        assertThat(SparkJars.baseCoordinates(V4_2)).containsExactly(
                "org.apache.spark:spark-core_2.13:4.2.0",
                "org.apache.spark:spark-sql_2.13:4.2.0",
                "org.apache.hadoop:hadoop-client-api:3.5.0",
                "org.apache.hadoop:hadoop-client-runtime:3.5.0",
                "com.google.guava:guava:33.6.0-jre",
                "com.google.guava:failureaccess:1.0.3",
                "org.apache.spark:spark-connect_2.13:4.2.0",
                "org.apache.spark:spark-mllib_2.13:4.2.0");
        assertThat(SparkJars.baseBoms(V4_2)).containsExactly("org.apache.spark:spark-parent_2.13:4.2.0");
        assertThat(SparkJars.connectorCoordinates(V4_2)).containsExactly(
                "org.apache.hadoop:hadoop-aws:3.5.0",
                "org.postgresql:postgresql:42.7.4",
                "com.mysql:mysql-connector-j:8.4.0",
                "org.apache.spark:spark-sql-kafka-0-10_2.13:4.2.0",
                "io.delta:delta-spark_2.13:4.4.0",
                "org.mongodb.spark:mongo-spark-connector_2.13:10.5.0");
        // 4.2.0's token provider is served: nothing stands in for it
        assertThat(SparkJars.connectorExclusions(V4_2)).isEmpty();
    }

    @Test
    void connectorsArePinned() {
        assertThat(SparkJars.connectorCoordinates(V3_5)).containsExactly(
                "org.apache.hadoop:hadoop-aws:3.3.4",
                "org.postgresql:postgresql:42.7.4",
                "com.mysql:mysql-connector-j:8.4.0",
                "org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.7",
                "io.delta:delta-spark_2.12:3.2.1",
                "org.mongodb.spark:mongo-spark-connector_2.12:10.5.0");
        assertThat(SparkJars.connectorCoordinates(V4_0)).containsExactly(
                "org.apache.hadoop:hadoop-aws:3.4.1",
                "org.postgresql:postgresql:42.7.4",
                "com.mysql:mysql-connector-j:8.4.0",
                "org.apache.spark:spark-sql-kafka-0-10_2.13:4.0.1",
                "io.delta:delta-spark_2.13:4.0.0",
                "org.mongodb.spark:mongo-spark-connector_2.13:10.5.0",
                "org.apache.spark:spark-token-provider-kafka-0-10_2.13:4.0.0");
        assertThat(SparkJars.connectorExclusions(V3_5)).isEmpty();
        // the 4.0.1 token provider is not served: the 4.0.0 one stands in
        assertThat(SparkJars.connectorExclusions(V4_0))
                .containsExactly("org.apache.spark:spark-token-provider-kafka-0-10_2.13");
    }

    @ParameterizedTest
    @EnumSource(SparkVersion.class)
    void connectorsMatchTheBase(SparkVersion line) {
        // S3A only works with the hadoop-aws of the Hadoop the base runs, Spark modules only with their Spark
        List<String> all = new ArrayList<>(SparkJars.baseCoordinates(line));
        all.addAll(SparkJars.connectorCoordinates(line));
        assertThat(all)
                .filteredOn(c -> c.startsWith("org.apache.hadoop:"))
                .allMatch(c -> c.endsWith(":" + line.hadoopVersion()));
        assertThat(all)
                .filteredOn(c -> c.startsWith("org.apache.spark:") && !c.contains("token-provider"))
                .allMatch(c -> c.endsWith("_" + line.scalaBinaryVersion() + ":" + line.version()));
        assertThat(all)
                .filteredOn(c -> c.matches("[^:]+:[^:]+_2\\.1[0-9]:.*"))
                .allMatch(c -> c.contains("_" + line.scalaBinaryVersion() + ":"));
    }

    @Test
    void s3proxyIsPinned() {
        assertThat(SparkJars.s3proxyCoordinates()).containsExactly("org.gaul:s3proxy:3.3.0",
                "com.fasterxml.jackson.core:jackson-annotations:2.22");
    }

    @Test
    void fingerprintIsAStableHashOfThePinnedListsOfALine() {
        String fingerprint = SparkJars.fingerprint(V3_5);
        assertThat(fingerprint).matches("[0-9a-f]{16}").isEqualTo(SparkJars.fingerprint(V3_5));
        assertThat(SparkJars.fingerprint(V4_0)).isNotEqualTo(fingerprint);
        List<List<String>> lists = List.of(SparkJars.baseCoordinates(V3_5), SparkJars.baseBoms(V3_5),
                SparkJars.baseExclusions(V3_5), SparkJars.connectorCoordinates(V3_5),
                SparkJars.connectorExclusions(V3_5), SparkJars.s3proxyCoordinates());
        assertThat(SparkJars.fingerprint(lists)).isEqualTo(fingerprint);
        List<List<String>> otherAws = new ArrayList<>(lists);
        otherAws.set(3, List.of("org.apache.hadoop:hadoop-aws:3.3.6"));
        assertThat(SparkJars.fingerprint(otherAws)).isNotEqualTo(fingerprint);
        // an element moving from one list to the next is a different input
        assertThat(SparkJars.fingerprint(List.of(List.of("a", "b"), List.of())))
                .isNotEqualTo(SparkJars.fingerprint(List.of(List.of("a"), List.of("b"))));
    }

    @Test
    void linesAreParsedFromTheirNames() {
        assertThat(SparkVersion.parse("4.0")).isEqualTo(V4_0);
        assertThat(SparkVersion.parse(" 3.5.7 ")).isEqualTo(V3_5);
        assertThat(SparkVersion.DEFAULT).isEqualTo(V3_5);
        assertThat(V4_0.line()).isEqualTo("4.0");
        assertThat(V4_0.hasConnect()).isTrue();
        assertThat(V3_5.hasConnect()).isTrue();
        assertThatThrownBy(() -> SparkVersion.parse("3.4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use 3.5, 4.0, 4.2");
    }

    @Test
    void localRepositoryFollowsMavenRepoLocal(@TempDir Path dir) {
        String before = System.getProperty("maven.repo.local");
        try {
            System.setProperty("maven.repo.local", dir.toString());
            assertThat(MavenArtifacts.defaults().localRepository()).isEqualTo(dir.toAbsolutePath());
            System.clearProperty("maven.repo.local");
            assertThat(MavenArtifacts.defaults().localRepository())
                    .isEqualTo(Path.of(System.getProperty("user.home"), ".m2", "repository").toAbsolutePath());
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
    }

    @Test
    void malformedInputIsRejectedBeforeAnyDownload(@TempDir Path dir) {
        MavenArtifacts maven = MavenArtifacts.of(dir, "http://127.0.0.1:9/");
        assertThatThrownBy(() -> maven.resolve(List.of("org.apache.spark:spark-core_2.12"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org.apache.spark:spark-core_2.12");
        assertThatThrownBy(() -> maven.resolve(List.of("g:a:1"), List.of("g:a:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("g:a:1");
        assertThat(maven.resolve(List.of(), List.of())).isEmpty();
    }

    @Test
    void unresolvableCoordinateFailsNamingIt(@TempDir Path dir) {
        // nothing listens on the discard port: the download fails at once
        MavenArtifacts maven = MavenArtifacts.of(dir, "http://127.0.0.1:9/");
        assertThatThrownBy(() -> maven.resolve(List.of("org.gaul:s3proxy:3.3.0"), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.gaul:s3proxy:3.3.0")
                .hasMessageContaining("http://127.0.0.1:9/");
    }

    @Test
    void resolvedJarNames(@TempDir Path dir) {
        ResolvedJar jar = new ResolvedJar("io.netty", "netty-transport-native-epoll", "4.1.96.Final", "linux-x86_64",
                dir.resolve("netty-transport-native-epoll-4.1.96.Final-linux-x86_64.jar"));
        assertThat(jar.ga()).isEqualTo("io.netty:netty-transport-native-epoll");
        assertThat(jar.fileName()).isEqualTo("netty-transport-native-epoll-4.1.96.Final-linux-x86_64.jar");
        assertThat(jar.coordinate()).isEqualTo("io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.96.Final");
        assertThat(new ResolvedJar("g", "a", "1", null, dir.resolve("a-1.jar")).classifier()).isEmpty();
    }
}
