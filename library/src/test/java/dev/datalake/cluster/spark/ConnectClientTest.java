package dev.datalake.cluster.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.MemorySize;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optional Connect client: which line's client is here, the artifact each line needs, and the
 * JVM flag Arrow needs, checked before the client fails (no Docker). The library's tests carry the
 * 4.2 client and run with --add-opens=java.base/java.nio=ALL-UNNAMED (the parent POM's argLine).
 */
class ConnectClientTest {

    @Test
    void theTestClasspathHoldsTheNewestLinesClientWhichServesEvery4xLine() {
        assertThat(ConnectClient.version()).isEqualTo(SparkVersion.V4_2.version());
        assertThat(ConnectClient.present(SparkVersion.V4_0)).isTrue();
        assertThat(ConnectClient.present(SparkVersion.V4_2)).isTrue();
        assertThat(ConnectClient.present(SparkVersion.V3_5)).isFalse();
    }

    @Test
    void eachLineNamesItsArtifactAndVersion() {
        assertThat(ConnectClient.artifact(SparkVersion.V3_5))
                .startsWith("org.apache.spark:spark-connect-client-jvm_2.12:3.5.7");
        assertThat(ConnectClient.artifact(SparkVersion.V4_0))
                .startsWith("org.apache.spark:spark-connect-client-jvm_2.13:4.0.1")
                .contains("excluding org.apache.spark:spark-connect-common_2.13");
        assertThatThrownBy(() -> ConnectClient.require(SparkVersion.V3_5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.apache.spark:spark-connect-client-jvm_2.12:3.5.7")
                .hasMessageContaining("found client 4.2.0");
    }

    @Test
    void sessionWithoutTheLinesClientNamesTheArtifactToAdd() {
        SparkCluster spark = new SparkCluster(SparkVersion.V3_5, new SparkMasterContainer("datalake/spark:test")
                .withSparkConnect(true), List.of(), i -> null, MemorySize.parse("1g"));
        assertThat(spark.version()).isEqualTo("3.5.7");
        // the library's tests carry the 4.2 client, which cannot speak for the 3.5 line
        assertThatThrownBy(spark::session).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.apache.spark:spark-connect-client-jvm_2.12:3.5.7")
                .hasMessageContaining("found client 4.2.0");
        SparkCluster noConnect = new SparkCluster(SparkVersion.V3_5, new SparkMasterContainer("datalake/spark:test"),
                List.of(), i -> null, MemorySize.parse("1g"));
        assertThatThrownBy(noConnect::connectUrl).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Spark Connect server");
    }

    @Test
    void theArrowFlagIsCheckedBeforeTheClientFails() throws Exception {
        // fresh JVMs with and without the flag, asking what session() asks first
        String with = run("--add-opens=java.base/java.nio=ALL-UNNAMED");
        assertThat(with).contains("open=true").contains("no exception");
        String without = run("-Dno.flag=true");
        assertThat(without).contains("open=false")
                .contains("--add-opens=java.base/java.nio=ALL-UNNAMED")
                .contains("maven-surefire-plugin and maven-failsafe-plugin");
    }

    private static String run(String jvmOption) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        Process process = new ProcessBuilder(java, jvmOption, "-cp", classpath, NoFlagMain.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    /** Runs in a JVM started with or without the flag. */
    static final class NoFlagMain {
        public static void main(String[] args) {
            System.out.println("open=" + ConnectClient.javaNioOpen(NoFlagMain.class.getClassLoader()));
            try {
                ConnectClient.require(SparkVersion.V4_0);
                System.out.println("no exception");
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
