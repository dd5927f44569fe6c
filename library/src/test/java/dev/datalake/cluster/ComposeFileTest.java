package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker/docker-compose.yml is the generated model, and the model is what the compose setup needs. */
class ComposeFileTest {

    private static final String RENDERED = ComposeFile.render();

    @Test
    void theRepositorysComposeFileIsTheGeneratedOne() throws IOException {
        String file = Files.readString(RepositoryFiles.path(ComposeFile.PATH), StandardCharsets.UTF_8);
        assertThat(file)
                .as("%s has drifted from the library's model. Regenerate it from the repository's root with:%n"
                        + "  mvn -q package -DskipTests && %s", ComposeFile.PATH, ComposeFile.REGENERATE)
                .isEqualTo(RENDERED);
    }

    @Test
    void theRepositorysSpark4ComposeFileIsTheGeneratedOne() throws IOException {
        String file = Files.readString(RepositoryFiles.path(ComposeFile.PATH_SPARK_4), StandardCharsets.UTF_8);
        String rendered = ComposeFile.render(SparkVersion.V4_0);
        assertThat(file).as("%s has drifted from the library's model: regenerate it with compose --spark 4.0",
                ComposeFile.PATH_SPARK_4).isEqualTo(rendered);
        assertThat(rendered).contains("all-spark-notebook:spark-4.0.1").contains("SCALA_BINARY_VERSION: \"2.13\"")
                .contains("\"127.0.0.1:15002:15002\"").contains("'Spark Connect server'");
        assertThat(RENDERED).as("3.5 runs Spark Connect too, loopback only").contains("\"127.0.0.1:15002:15002\"")
                .contains("all-spark-notebook:spark-3.5.3");
    }

    @Test
    void isTheSameEveryTime() {
        assertThat(ComposeFile.render()).isEqualTo(RENDERED);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        Map<String, Object> compose = new Yaml().load(RENDERED);
        assertThat(compose).containsOnlyKeys("services");
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void hasTheServicesOfTheClusterOnComposesDefaultNetwork() {
        assertThat(services()).containsOnlyKeys("minio", "spark-master", "spark-worker-1", "spark-worker-2", "airflow");
        assertThat(RENDERED).doesNotContain("container_name").doesNotContain("external").doesNotContain("networks:");
        services().values().forEach(service -> assertThat(service).containsKey("healthcheck"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesTheUsualPortsOnLoopback() {
        Map<String, Map<String, Object>> services = services();
        assertThat((List<String>) services.get("minio").get("ports")).containsExactly("127.0.0.1:9000:9000", "127.0.0.1:9001:9001");
        assertThat((List<String>) services.get("spark-master").get("ports"))
                .containsExactly("127.0.0.1:7077:7077", "127.0.0.1:8887:8080", "127.0.0.1:4040:4040", "127.0.0.1:8888:8888",
                        "127.0.0.1:15002:15002");
        assertThat((List<String>) services.get("airflow").get("ports")).containsExactly("127.0.0.1:8081:8080");
        assertThat(services.get("spark-worker-1")).doesNotContainKey("ports");
    }

    @Test
    @SuppressWarnings("unchecked")
    void buildsSparkAndAirflowFromTheCustomLayersAndRunsTheUpstreamImages() {
        Map<String, Map<String, Object>> services = services();
        assertThat(services.get("minio").get("image")).isEqualTo(ImageSet.DEFAULT_MINIO_IMAGE);
        assertThat(services.get("airflow").get("image")).isEqualTo(ComposeFile.AIRFLOW_IMAGE);
        Map<String, Object> airflowBuild = (Map<String, Object>) services.get("airflow").get("build");
        assertThat(airflowBuild.get("context")).isEqualTo("../images/airflow");
        assertThat(airflowBuild.get("args")).isEqualTo(Map.of("BASE_IMAGE", ImageSet.DEFAULT_AIRFLOW_IMAGE));
        Map<String, Object> build = (Map<String, Object>) services.get("spark-master").get("build");
        assertThat(build.get("context")).isEqualTo("../images/spark");
        assertThat(build.get("args")).isEqualTo(Map.of("BASE_IMAGE", ImageSet.DEFAULT_SPARK_BASE_IMAGE));
        // built once, by the master's service: the workers run the image it tags
        for (String spark : List.of("spark-master", "spark-worker-1", "spark-worker-2")) {
            assertThat(services.get(spark).get("image")).isEqualTo(ComposeFile.SPARK_IMAGE);
        }
        for (String worker : List.of("spark-worker-1", "spark-worker-2")) {
            assertThat(services.get(worker)).doesNotContainKey("build").containsEntry("pull_policy", "never")
                    .containsEntry("depends_on", List.of("spark-master"));
        }
        assertThat(RepositoryFiles.path("docker").resolve((String) ((Map<String, Object>) services.get("spark-master").get("build"))
                .get("context")).resolve("Dockerfile")).exists();
    }

    @Test
    @SuppressWarnings("unchecked")
    void airflowRunsTheStartScriptWithDollarsEscapedForCompose() {
        Map<String, Object> airflow = services().get("airflow");
        List<String> command = (List<String>) airflow.get("command");
        assertThat(command.subList(0, 2)).containsExactly("bash", "-c");
        // compose turns $$ back into $: what runs is the container's own script
        assertThat(command.get(2).replace("$$", "$")).isEqualTo(AirflowContainer.START_SCRIPT + "\n");
        assertThat((List<String>) airflow.get("volumes")).containsExactly("../examples/dags:/opt/airflow/dags:ro");
        assertThat(RepositoryFiles.path("examples/dags")).isDirectory();
    }

    @Test
    @SuppressWarnings("unchecked")
    void credentialsComeFromTheEnvironmentWithDefaults() {
        Map<String, Object> env = (Map<String, Object>) services().get("spark-master").get("environment");
        assertThat(env).containsEntry("AWS_ACCESS_KEY_ID", "${DATALAKE_ACCESS_KEY:-datalake}")
                .containsEntry("JUPYTER_TOKEN", "${JUPYTER_TOKEN:-datalake}")
                .containsEntry("S3_ENDPOINT", "http://minio:9000")
                .containsEntry("SPARK_MASTER", "spark://spark-master:7077");
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthChecksAskWhatTheProbesAsk() {
        Map<String, Map<String, Object>> services = services();
        String master = String.join(" ", (List<String>) ((Map<String, Object>) services.get("spark-master").get("healthcheck")).get("test"));
        assertThat(master).contains("/json/").contains("'ALIVE'").contains("aliveworkers'] == 2").contains(":8888/api");
        String airflow = String.join(" ", (List<String>) ((Map<String, Object>) services.get("airflow").get("healthcheck")).get("test"));
        assertThat(airflow).contains("/health").contains("['metadatabase']['status'] == 'healthy'")
                .contains("['scheduler']['status'] == 'healthy'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void offlineRunsTheImagesBuiltHereWithoutBuildingOrPulling() {
        String offline = ComposeFile.renderOffline(SparkVersion.DEFAULT, 1, "datalake/offline-s3proxy:abc",
                "datalake/spark:def", "datalake/airflow:ghi");
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) ((Map<String, Object>)
                new Yaml().load(offline)).get("services");
        assertThat(services).containsOnlyKeys("minio", "spark-master", "spark-worker-1", "airflow");
        assertThat(services.get("minio")).containsEntry("image", "datalake/offline-s3proxy:abc")
                .containsEntry("pull_policy", "never").doesNotContainKey("command");
        assertThat(services.get("spark-master")).containsEntry("image", "datalake/spark:def")
                .containsEntry("pull_policy", "never").doesNotContainKey("build");
        assertThat(services.get("airflow")).containsEntry("image", "datalake/airflow:ghi").doesNotContainKey("build");
        assertThat((List<String>) services.get("minio").get("ports")).containsExactly("127.0.0.1:9000:9000");
        assertThat(String.join(" ", (List<String>) ((Map<String, Object>) services.get("minio").get("healthcheck"))
                .get("test"))).contains("AccessDenied");
        assertThat(offline).contains("compose --images offline").contains("s3proxy");
    }
}
