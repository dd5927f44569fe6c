package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark image's entrypoint, run with bash on the host (no Docker) in its command mode: the
 * spark-defaults.conf it writes keeps the base image's Java options when SPARK_EXTRA_CONF adds its own.
 */
class SparkEntrypointConfTest {

    @TempDir
    Path sparkHome;

    private String run(String extraConf) throws Exception {
        Files.createDirectories(sparkHome.resolve("bin"));
        Files.createDirectories(sparkHome.resolve("conf"));
        Path sparkClass = Files.writeString(sparkHome.resolve("bin/spark-class"), "#!/bin/sh\n");
        sparkClass.toFile().setExecutable(true);
        Files.writeString(sparkHome.resolve("conf/spark-defaults.conf.base"), String.join("\n",
                "# as in the upstream pyspark-notebook image",
                "spark.driver.extraJavaOptions -Dio.netty.tryReflectionSetAccessible=true",
                "spark.executor.extraJavaOptions=-Dio.netty.tryReflectionSetAccessible=true", ""));
        Path script = sparkHome.resolve("entrypoint.sh");
        Files.write(script, ImageBuilder.resourceFiles("spark").get("entrypoint.sh"));
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "true").redirectErrorStream(true);
        builder.environment().putAll(Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_EXTRA_CONF", extraConf));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Files.readString(sparkHome.resolve("conf/spark-defaults.conf"));
    }

    /** The value the last line with {@code key} gives it (Spark reads the file as properties: last wins). */
    private static String effective(String conf, String key) {
        String value = null;
        for (String line : conf.split("\n")) {
            if (line.startsWith(key + " ") || line.startsWith(key + "=")) {
                value = line.substring(key.length() + 1).strip();
            }
        }
        return value;
    }

    @Test
    void extraJavaOptionsAddToTheBaseImagesInsteadOfReplacingThem() throws Exception {
        String conf = run("spark.driver.host spark-master\n"
                + "spark.driver.extraJavaOptions -XX:TieredStopAtLevel=1\n"
                + "spark.executor.extraJavaOptions: -XX:TieredStopAtLevel=1\n"
                + "spark.executor.extraJavaOptions -Dtwo=2\n");
        assertThat(effective(conf, "spark.driver.extraJavaOptions"))
                .isEqualTo("-Dio.netty.tryReflectionSetAccessible=true -XX:TieredStopAtLevel=1");
        assertThat(effective(conf, "spark.executor.extraJavaOptions"))
                .isEqualTo("-Dio.netty.tryReflectionSetAccessible=true -XX:TieredStopAtLevel=1 -Dtwo=2");
        assertThat(effective(conf, "spark.driver.host")).isEqualTo("spark-master");
    }

    @Test
    void optionsTheBaseAlreadyHasAreNotRepeated() throws Exception {
        String conf = run("spark.driver.extraJavaOptions -Dio.netty.tryReflectionSetAccessible=true");
        assertThat(effective(conf, "spark.driver.extraJavaOptions"))
                .isEqualTo("-Dio.netty.tryReflectionSetAccessible=true");
        assertThat(effective(conf, "spark.executor.extraJavaOptions"))
                .isEqualTo("-Dio.netty.tryReflectionSetAccessible=true");
        assertThat(List.of(conf.split("\n"))).filteredOn(l -> l.startsWith("spark.driver.extraJavaOptions")).hasSize(2);
    }
}
