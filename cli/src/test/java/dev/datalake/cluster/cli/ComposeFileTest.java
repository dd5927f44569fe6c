package dev.datalake.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.Service;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker/*.yml are the generated model, and the model is what the compose setup needs. */
class ComposeFileTest {

    private static final String RENDERED = ComposeFile.upstream(SparkVersion.DEFAULT, 2, modules -> { });

    /** A file of the repository (the tests run in cli/). */
    static Path repository(String path) {
        return Path.of("..").resolve(path).normalize();
    }

    @Test
    void theRepositorysComposeFilesAreTheGeneratedOnes() throws IOException {
        for (SparkVersion line : SparkVersion.values()) {
            String file = Files.readString(repository(ComposeFile.path(line)), StandardCharsets.UTF_8);
            assertThat(file).as("%s has drifted from the library's model. Regenerate it from the repository's root "
                    + "with:%n  mvn -q package -DskipTests && %s compose --spark %s > %s", ComposeFile.path(line),
                    ComposeFile.CLI, line.line(), ComposeFile.path(line))
                    .isEqualTo(ComposeFile.upstream(line, 2, modules -> { }));
        }
    }

    @Test
    void isTheSameEveryTime() {
        assertThat(ComposeFile.upstream(SparkVersion.DEFAULT, 2, modules -> { })).isEqualTo(RENDERED);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(String compose) {
        Map<String, Object> file = new Yaml().load(compose);
        assertThat(file).containsOnlyKeys("services");
        return (Map<String, Map<String, Object>>) file.get("services");
    }

    @Test
    void hasTheServicesOfTheClusterOnComposesDefaultNetwork() {
        assertThat(services(RENDERED)).containsOnlyKeys("minio", "spark-master", "spark-worker-1", "spark-worker-2",
                "airflow");
        assertThat(RENDERED).doesNotContain("container_name").doesNotContain("external").doesNotContain("networks:");
        services(RENDERED).values().forEach(service -> assertThat(service).containsKey("healthcheck"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesTheUsualPortsOnLoopback() {
        Map<String, Map<String, Object>> services = services(RENDERED);
        assertThat((List<String>) services.get("minio").get("ports"))
                .containsExactly("127.0.0.1:9000:9000", "127.0.0.1:9001:9001");
        assertThat((List<String>) services.get("spark-master").get("ports")).contains("127.0.0.1:7077:7077",
                "127.0.0.1:8887:8080", "127.0.0.1:4040:4040", "127.0.0.1:8888:8888");
        assertThat((List<String>) services.get("airflow").get("ports")).containsExactly("127.0.0.1:8081:8080");
        assertThat(services.get("spark-worker-1")).doesNotContainKey("ports");
    }

    @Test
    @SuppressWarnings("unchecked")
    void buildsSparkAndAirflowFromTheCustomLayersAndRunsTheUpstreamImages() {
        Map<String, Map<String, Object>> services = services(RENDERED);
        assertThat(services.get("minio").get("image")).isEqualTo(ImageSet.DEFAULT_MINIO_IMAGE);
        assertThat(services.get("airflow").get("image")).isEqualTo("datalake/airflow:compose");
        Map<String, Object> airflowBuild = (Map<String, Object>) services.get("airflow").get("build");
        assertThat(airflowBuild.get("context")).isEqualTo("../images/airflow");
        assertThat((Map<String, Object>) airflowBuild.get("args"))
                .containsEntry("BASE_IMAGE", ImageSet.DEFAULT_AIRFLOW_IMAGE);
        Map<String, Object> build = (Map<String, Object>) services.get("spark-master").get("build");
        assertThat(build.get("context")).isEqualTo("../images/spark");
        assertThat((Map<String, Object>) build.get("args")).containsEntry("BASE_IMAGE",
                ImageSet.upstream().sparkBaseImage(SparkVersion.DEFAULT));
        // built once, by the master's service: the workers run the image it tags
        for (String spark : List.of("spark-master", "spark-worker-1", "spark-worker-2")) {
            assertThat(services.get(spark).get("image")).isEqualTo("datalake/spark:compose");
        }
        for (String worker : List.of("spark-worker-1", "spark-worker-2")) {
            assertThat(services.get(worker)).doesNotContainKey("build").containsEntry("pull_policy", "never")
                    .containsEntry("depends_on", List.of("spark-master"));
        }
        assertThat(repository("images/spark/Dockerfile")).exists();
        assertThat(repository("examples/dags")).isDirectory();
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsAreVariablesComposeRequiresAndNoPasswordIsInTheFile() {
        Map<String, Object> env = (Map<String, Object>) services(RENDERED).get("spark-master").get("environment");
        assertThat(env).containsEntry("AWS_ACCESS_KEY_ID", "datalake")
                .containsEntry("S3_ENDPOINT", "http://minio:9000")
                .containsEntry("SPARK_MASTER", "spark://spark-master:7077");
        assertThat((String) env.get("JUPYTER_TOKEN")).startsWith("${DATALAKE_JUPYTER_SECRET:?");
        assertThat((String) env.get("AWS_SECRET_ACCESS_KEY")).startsWith("${DATALAKE_OBJECT_STORE_SECRET:?");
        Map<String, Object> airflow = (Map<String, Object>) services(RENDERED).get("airflow").get("environment");
        assertThat(airflow.values()).anyMatch(v -> String.valueOf(v).startsWith("${DATALAKE_AIRFLOW_SECRET:?"));
        assertThat(RENDERED).doesNotContain(":-admin").doesNotContain(":-datalake");
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthChecksAskWhatTheProbesAsk() {
        Map<String, Map<String, Object>> services = services(RENDERED);
        String master = String.join(" ", (List<String>) ((Map<String, Object>) services.get("spark-master")
                .get("healthcheck")).get("test"));
        assertThat(master).contains("/json/").contains("'ALIVE'").contains("aliveworkers'] == 2").contains(":8888/api");
        String airflow = String.join(" ", (List<String>) ((Map<String, Object>) services.get("airflow")
                .get("healthcheck")).get("test"));
        assertThat(airflow).contains("/health").contains("['metadatabase']['status'] == 'healthy'");
    }

    @Test
    void switchesOfOptionalServicesComeFromTheModules() {
        String withoutAirflow = ComposeFile.upstream(SparkVersion.DEFAULT, 1,
                modules -> modules.stream().filter(m -> m.service() == Service.AIRFLOW).forEach(m -> m.enable(false)));
        assertThat(services(withoutAirflow)).containsOnlyKeys("minio", "spark-master", "spark-worker-1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void offlineRunsTheImagesBuiltHereWithoutBuildingOrPulling() {
        String offline = ComposeFile.render(ImageSet.offline(), SparkVersion.DEFAULT, 1, modules -> { },
                Map.of(Service.OBJECT_STORE, "datalake/offline-s3proxy:abc", Service.SPARK_MASTER, "datalake/spark:def",
                        Service.AIRFLOW, "datalake/airflow:ghi"));
        Map<String, Map<String, Object>> services = services(offline);
        assertThat(services).containsOnlyKeys("minio", "spark-master", "spark-worker-1", "airflow");
        assertThat(services.get("minio")).containsEntry("image", "datalake/offline-s3proxy:abc")
                .containsEntry("pull_policy", "never").doesNotContainKey("command");
        assertThat(services.get("spark-master")).containsEntry("image", "datalake/spark:def")
                .containsEntry("pull_policy", "never").doesNotContainKey("build");
        assertThat(services.get("airflow")).containsEntry("image", "datalake/airflow:ghi").doesNotContainKey("build");
    }
}
