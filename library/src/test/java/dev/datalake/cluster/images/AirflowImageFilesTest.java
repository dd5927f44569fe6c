package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.spark.SparkVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow images' inputs as the library ships them: every Python package pinned, Airflow's
 * version that of the upstream image, PySpark that of the cluster, pip given the extra CA bundle
 * only when there is one, and the layer's build context as {@link ClusterImages} stages it.
 */
class AirflowImageFilesTest {

    @Test
    void theOfflineBasePinsEveryPackageOfEachVersion() {
        for (AirflowVersion version : AirflowVersion.values()) {
            Map<String, String> pins = pins("offline/airflow", "requirements-" + version.version() + ".txt");
            assertThat(pins).as(version.version()).containsEntry("apache-airflow", version.version());
            assertThat(version.upstreamImage(SparkVersion.DEFAULT)).startsWith("apache/airflow:" + version.version() + "-");
        }
        Map<String, String> pins = pins("offline/airflow", "requirements-2.7.3.txt");
        // the providers apache-airflow 2.7.3 depends on, at the versions of its constraints
        assertThat(pins).containsEntry("apache-airflow-providers-sqlite", "3.5.0")
                .containsEntry("apache-airflow-providers-common-sql", "1.8.0")
                .containsEntry("flask-appbuilder", "4.3.6")
                .containsEntry("sqlalchemy", "1.4.50")
                .containsEntry("pendulum", "2.1.2");
        assertThat(pins).hasSizeGreaterThan(100);

        Map<String, String> three = pins("offline/airflow", "requirements-3.3.2.txt");
        // Airflow 3 is three distributions of one version, with the providers core depends on
        assertThat(three).containsEntry("apache-airflow-core", "3.3.2")
                .containsEntry("apache-airflow-task-sdk", "1.3.2")
                .containsKeys("apache-airflow-providers-standard", "apache-airflow-providers-common-sql",
                        "boto3", "botocore", "sqlalchemy", "fastapi", "uvicorn")
                .doesNotContainKeys("flask-appbuilder", "gunicorn");
        assertThat(three).hasSizeGreaterThan(100);
        assertThat(ClusterImages.offlineAirflowSpec(AirflowVersion.V3_3).buildArgs)
                .containsEntry("AIRFLOW_VERSION", "3.3.2").containsEntry("BASE_IMAGE", "debian:bookworm-slim");
    }

    @Test
    void theLayerAddsPySparkOfEachSparkLineAndTheSparkProviderOfEachAirflowVersionAllPinned() {
        for (SparkVersion line : SparkVersion.values()) {
            Map<String, String> pins = pins("airflow", "requirements-" + line.line() + ".txt");
            assertThat(pins).as(line.line()).containsOnlyKeys("pyspark", "py4j").containsEntry("pyspark", line.version());
        }
        assertThat(pins("airflow", "requirements-airflow-2.7.3.txt"))
                .containsEntry("apache-airflow-providers-apache-spark", "4.1.1")
                .containsKeys("boto3", "botocore").doesNotContainKeys("apache-airflow", "pyspark");
        // the provider's last release that depends on pyspark (6.x brings pyspark-client, the same package again)
        assertThat(pins("airflow", "requirements-airflow-3.3.2.txt"))
                .containsEntry("apache-airflow-providers-apache-spark", "5.6.0")
                .doesNotContainKeys("apache-airflow", "pyspark", "pyspark-client");
        for (AirflowVersion version : AirflowVersion.values()) {
            assertThat(ImageBuilder.resourceFiles("airflow")).containsKey("requirements-airflow-" + version.version() + ".txt");
        }
        assertThat(ClusterImages.airflowSpec("base", SparkVersion.V4_0).buildArgs)
                .containsEntry("SPARK_LINE", "4.0").containsEntry("SPARK_VERSION", "4.0.1");
    }

    @Test
    void bothImagesInstallWithThePipWrapperWhichTrustsTheExtraCaBundleOnlyWhenThereIsOne() {
        assertThat(text("offline/airflow", "Dockerfile")).contains("COPY ").contains("pip-install.sh")
                .contains("pip-install.sh \"$pip\" \"images/offline/airflow/requirements-${AIRFLOW_VERSION}.txt\" /tmp/extra-ca.pem")
                .contains("\"$pip\" check");
        assertThat(text("airflow", "Dockerfile")).contains("COPY requirements-${SPARK_LINE}.txt requirements-airflow-*.txt")
                .contains("-r \"$pins\" -r \"/tmp/datalake/requirements-sources-${AIRFLOW_VERSION}.txt\" "
                        + "-r \"/tmp/datalake/requirements-${SPARK_LINE}.txt\"")
                .contains("/tmp/datalake/extra-ca.pem \"apache-airflow==${AIRFLOW_VERSION}\"");
        assertThat(text("airflow", ClusterImages.PIP_INSTALL))
                .contains("if [[ -s \"$ca_bundle\" ]]; then\n  export PIP_CERT=\"$ca_bundle\"");
    }

    @Test
    void aPackagePipCannotGetFailsWithOneLineNamingItAndItsPins(@TempDir Path temp) throws Exception {
        Path script = temp.resolve(ClusterImages.PIP_INSTALL);
        Files.write(script, ImageBuilder.resourceFiles("airflow").get(ClusterImages.PIP_INSTALL));
        Path pip = temp.resolve("pip");
        Files.writeString(pip, """
                #!/usr/bin/env bash
                echo "Collecting apache-airflow==9.9.9"
                echo "ERROR: Could not find a version that satisfies the requirement apache-airflow==9.9.9 (from versions: 2.7.3)"
                echo "ERROR: No matching distribution found for apache-airflow==9.9.9"
                exit 1
                """);
        pip.toFile().setExecutable(true);
        Process run = new ProcessBuilder("bash", script.toString(), pip.toString(), "images/offline/airflow/requirements.txt",
                "", "--no-deps", "-r", "requirements.txt").redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).isEqualTo(1);
        assertThat(out.lines().filter(line -> line.startsWith("datalake-build: error:")))
                .containsExactly("datalake-build: error: pip could not install apache-airflow==9.9.9 (pinned in "
                        + "images/offline/airflow/requirements.txt) from PyPI. Check that this machine reaches PyPI and "
                        + "that the version is still served, then build again.");
    }

    @Test
    void theLayerRunsTheSparkEntrypointBeforeTheBaseImagesOwn() {
        String dockerfile = text("airflow", "Dockerfile");
        assertThat(dockerfile)
                .contains("COPY " + ClusterImages.SPARK_ENTRYPOINT_COPY + " /usr/local/bin/datalake-entrypoint.sh")
                .contains("ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\", \"/usr/local/bin/datalake-entrypoint.sh\", \"/entrypoint\"]")
                .contains("COPY jars/ /opt/datalake/jars/")
                .contains("spark.driver.extraClassPath /opt/datalake/jars/*");
        // run with arguments, the Spark entrypoint writes spark-defaults.conf and execs them
        assertThat(text("spark", "entrypoint.sh")).contains("write_spark_defaults").contains("exec \"$@\"");
        assertThat(text("offline/airflow", "Dockerfile"))
                .contains("ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\", \"/entrypoint\"]")
                .contains("--uid \"${AIRFLOW_UID}\" --gid 0")
                .contains("chmod g=u /etc/passwd");
    }

    private static String text(String folder, String file) {
        byte[] bytes = ImageBuilder.resourceFiles(folder).get(file);
        assertThat(bytes).as("images/%s/%s", folder, file).isNotNull();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Package (lower case) to version of a requirements file; fails on any line that is not {@code name==version}. */
    private static Map<String, String> pins(String folder, String file) {
        Map<String, String> pins = new LinkedHashMap<>();
        for (String line : text(folder, file).lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            assertThat(line).as("images/%s/%s pins exact versions", folder, file)
                    .matches("[A-Za-z0-9._-]+==[A-Za-z0-9.+]+");
            String[] parts = line.split("==");
            pins.put(parts[0].toLowerCase().replace('_', '-'), parts[1]);
        }
        return pins;
    }

    @Test
    void theLayerDropsTheBasesThirdPartyAptListsBeforeUpdating() {
        String dockerfile = new String(ImageBuilder.resourceFiles("airflow").get("Dockerfile"), StandardCharsets.UTF_8);
        int drop = dockerfile.indexOf("find /etc/apt/sources.list.d -name '*.list' -type f -delete");
        int update = dockerfile.indexOf("&& apt-get update");
        assertThat(drop).as("third-party apt lists dropped").isPositive();
        assertThat(update).as("the first apt-get update comes after").isGreaterThan(drop);
    }
}
