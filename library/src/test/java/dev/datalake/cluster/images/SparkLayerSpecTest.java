package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One Spark per line in both image sets: the Spark layer brings the line's Spark (the offline base's
 * jar set) onto an upstream base of another patch, and its build script refuses a base of another
 * version when it brings none.
 */
class SparkLayerSpecTest {

    private static final Supplier<MavenArtifacts> NO_MAVEN = () -> {
        throw new AssertionError("Maven was asked while making a spec");
    };

    @Test
    void docker35BaseIsOlderThanTheLineSoTheLayerBringsSpark() {
        String base = ImageSet.upstream().sparkBaseImage(SparkVersion.V3_5);
        assertThat(base).isEqualTo("quay.io/jupyter/all-spark-notebook:spark-3.5.3");
        assertThat(ClusterImages.runsLineSpark(base, SparkVersion.V3_5)).isFalse();
        String base40 = ImageSet.upstream().sparkBaseImage(SparkVersion.V4_0);
        assertThat(ClusterImages.runsLineSpark(base40, SparkVersion.V4_0)).isTrue();
        // docker-stacks' newest 4.x tag is 4.0.1: the 4.2 line brings its Spark onto it
        String base42 = ImageSet.upstream().sparkBaseImage(SparkVersion.V4_2);
        assertThat(base42).isEqualTo("quay.io/jupyter/all-spark-notebook:spark-4.0.1");
        assertThat(ClusterImages.runsLineSpark(base42, SparkVersion.V4_2)).isFalse();
        assertThat(ClusterImages.runsLineSpark("my/spark:latest", SparkVersion.V4_0)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SparkVersion.class)
    void theLayerIsToldTheLinesSparkAndHadoop(SparkVersion line) {
        BuildSpec spec = ClusterImages.sparkSpec("base:1", "sha256:1", line, false, NO_MAVEN);
        assertThat(spec.buildArgs).containsEntry("BASE_IMAGE", "base:1")
                .containsEntry("SPARK_VERSION", line.version())
                .containsEntry("SPARK_HADOOP_VERSION", line.hadoopVersion())
                .containsEntry("SCALA_BINARY_VERSION", line.scalaBinaryVersion());
        assertThat(spec.jarFolders).containsKeys("spark-jars", "jars");
        assertThat(spec.jarFolders.get("spark-jars").get()).as("nothing to bring").isEmpty();
    }

    @Test
    void bringingSparkChangesTheTagAndStagesTheBaseSet() {
        BuildSpec same = ClusterImages.sparkSpec("base:1", "sha256:1", SparkVersion.V3_5, false, NO_MAVEN);
        BuildSpec bring = ClusterImages.sparkSpec("base:1", "sha256:1", SparkVersion.V3_5, true, NO_MAVEN);
        assertThat(bring.fingerprints).contains("spark-jars=" + SparkJars.fingerprint(SparkVersion.V3_5));
        assertThat(same.fingerprints).contains("spark-jars=none");
        assertThat(ImageBuilder.tag(bring)).isNotEqualTo(ImageBuilder.tag(same));
    }

    @Test
    void theLayerShipsTheScriptAndTheGateway() {
        var files = ImageBuilder.resourceFiles("spark");
        assertThat(files).containsKeys("bring-spark.sh", "sql_gateway.py", "datalake-sql");
        String dockerfile = new String(files.get("Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile).contains("COPY spark-jars/ ").contains("bring-spark.sh")
                .contains("ARG SPARK_VERSION=" + SparkVersion.DEFAULT.version())
                .contains("ARG SPARK_HADOOP_VERSION=" + SparkVersion.DEFAULT.hadoopVersion());
        // the Python step checks pyspark against RELEASE: Spark must be in place before it
        assertThat(dockerfile.indexOf("bring-spark.sh /tmp")).isLessThan(dockerfile.indexOf("setup-python.sh /tmp"));
    }

    @Test
    void withoutJarsTheBaseMustRunTheLinesSpark(@TempDir Path dir) throws Exception {
        Path home = sparkHome(dir, "3.5.3");
        Files.createDirectories(dir.resolve("ctx/spark-jars"));
        Result ok = bringSpark(dir, home, "3.5.3");
        assertThat(ok.code).as(ok.output).isZero();
        assertThat(ok.output).contains("the base runs Spark 3.5.3");
        Result refused = bringSpark(dir, home, "3.5.7");
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.output).contains("datalake-build: error: the Spark base runs Spark 3.5.3").contains("not 3.5.7");
    }

    @Test
    void jarsOfAnotherLineOrVersionAreRefusedBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        Path home = sparkHome(dir, "3.5.3");
        Path jars = Files.createDirectories(dir.resolve("ctx/spark-jars"));
        Files.write(jars.resolve("spark-core_2.12-3.5.6.jar"), new byte[0]);
        Result wrongJars = bringSpark(dir, home, "3.5.7");
        assertThat(wrongJars.output).contains("hold spark-core_2.12-3.5.6.jar, not Spark 3.5.7");
        Result otherMajor = bringSpark(dir, home, "4.0.1");
        assertThat(otherMajor.output).contains("runs Spark 3.5.3, not Spark 4");
        assertThat(home.resolve("jars/spark-core_2.12-3.5.3.jar")).exists();
    }

    private static Path sparkHome(Path dir, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve("spark"));
        Files.createDirectories(home.resolve("jars"));
        Files.write(home.resolve("jars/spark-core_2.12-" + version + ".jar"), new byte[0]);
        Files.writeString(home.resolve("RELEASE"), "Spark " + version + " built for Hadoop 3.3.4\n");
        return home;
    }

    private record Result(int code, String output) {}

    private static Result bringSpark(Path dir, Path home, String version) throws Exception {
        Path script = dir.resolve("ctx/bring-spark.sh");
        Files.write(script, ImageBuilder.resourceFiles("spark").get("bring-spark.sh"));
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), dir.resolve("ctx").toString(), version,
                "3.3.4").redirectErrorStream(true);
        builder.environment().put("SPARK_HOME", home.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
