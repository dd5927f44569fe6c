package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java command the Spark image's entrypoint starts a daemon with (run with bash on the host, a
 * stand-in java printing its arguments; no Docker): Spark's launcher's heap and options, conf/ last
 * on the classpath (a class-data sharing archive refuses a non-empty directory before the jars), the
 * archive used when the image has one and written instead when asked to.
 */
class SparkDaemonCommandTest {

    @TempDir
    Path dir;

    private List<String> workerCommand(Map<String, String> extraEnv) throws Exception {
        Path home = dir.resolve("spark");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("bin/spark-class"), "#!/bin/sh\n").toFile().setExecutable(true);
        Path javaHome = dir.resolve("jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        Files.writeString(javaHome.resolve("bin/java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"ARG $a\"; done\n")
                .toFile().setExecutable(true);
        Path script = dir.resolve("entrypoint.sh");
        Files.write(script, ImageBuilder.resourceFiles("spark").get("entrypoint.sh"));
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(Map.of("SPARK_HOME", home.toString(), "JAVA_HOME", javaHome.toString(),
                "SPARK_MODE", "worker", "SPARK_MASTER_URL", "spark://127.0.0.1:1", "SPARK_MASTER_WAIT", "0",
                "SPARK_WORKER_HOST", "w1", "SPARK_DAEMON_MEMORY", "256m",
                "SPARK_DAEMON_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "SPARK_WORKER_OPTS", "-Dspark.worker.cleanup.enabled=true",
                "DATALAKE_CDS_DIR", dir.resolve("cds").toString()));
        env.putAll(extraEnv);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().filter(l -> l.startsWith("ARG ")).map(l -> l.substring(4)).toList();
    }

    @Test
    void theWorkerStartsAsSparksLauncherWouldWithConfLast() throws Exception {
        List<String> args = workerCommand(Map.of());
        String home = dir.resolve("spark").toString();
        assertThat(args.subList(0, 2)).containsExactly("-cp", home + "/jars/*:" + home + "/conf/");
        assertThat(args).contains("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dspark.worker.cleanup.enabled=true", "org.apache.spark.deploy.worker.Worker", "--host", "w1",
                "spark://127.0.0.1:1");
        assertThat(args).noneMatch(a -> a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit"));
    }

    @Test
    void theImagesArchiveIsUsedWhenThereAndWrittenWhenAsked() throws Exception {
        Path archive = dir.resolve("cds/worker.jsa");
        List<String> dump = workerCommand(Map.of("DATALAKE_CDS_DUMP", "true"));
        assertThat(dump).contains("-XX:ArchiveClassesAtExit=" + archive).noneMatch(a -> a.contains("SharedArchiveFile"));
        Files.createDirectories(archive.getParent());
        Files.write(archive, new byte[] {1});
        List<String> run = workerCommand(Map.of());
        assertThat(run).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(run.indexOf("-XX:SharedArchiveFile=" + archive))
                .isLessThan(run.indexOf("org.apache.spark.deploy.worker.Worker"));
        assertThat(ImageBuilder.resourceFiles("spark")).containsKey("make-cds.sh");
    }
}
