package dev.datalake.cluster.airflow;

import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.RepositoryFiles;
import dev.datalake.cluster.internal.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.datalake.cluster.internal.ServiceProbe;
import dev.datalake.cluster.testsupport.CreateCommands;
import dev.datalake.cluster.storage.MinioContainer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AirflowContainerTest {


    @TempDir
    Path temp;

    @Test
    void defaultsToTheUpstreamImageWhichCanBeOverridden() {
        // imageName(), not getDockerImageName(): that one resolves (pulls) the image
        assertThat(new AirflowContainer().imageName().asCanonicalNameString())
                .isEqualTo("apache/airflow:3.3.2-python3.11");
        assertThat(AirflowContainer.DEFAULT_IMAGE).isEqualTo("apache/airflow:3.3.2-python3.11");
        assertThat(new AirflowContainer().airflowVersion()).isEqualTo(AirflowVersion.V3_3);
        assertThat(new AirflowContainer("my/airflow:2").imageName().asCanonicalNameString()).isEqualTo("my/airflow:2");
    }

    @Test
    void airflow2GetsSqliteTheSequentialExecutorBasicAuthAndQuickDagScans() {
        AirflowContainer airflow = configured(new AirflowContainer().withAirflowVersion(AirflowVersion.V2_7)
                .withAdminCredentials("lake", "s3cret-pass"));

        assertThat(airflow.getEnvMap())
                .containsEntry("AIRFLOW__CORE__EXECUTOR", "SequentialExecutor")
                .containsEntry("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "sqlite:////opt/airflow/airflow.db")
                .containsEntry("AIRFLOW__DATABASE__LOAD_DEFAULT_CONNECTIONS", "False")
                .containsEntry("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
                .containsEntry("AIRFLOW__CORE__DAGS_FOLDER", "/opt/airflow/dags")
                .containsEntry("AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION", "False")
                .containsEntry("AIRFLOW__API__AUTH_BACKENDS",
                        "airflow.api.auth.backend.basic_auth,airflow.api.auth.backend.session")
                .containsEntry("AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL", "5")
                .containsEntry("AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL", "5")
                .containsEntry("AIRFLOW__SCHEDULER__PARSING_PROCESSES", "1")
                .containsEntry("AIRFLOW__WEBSERVER__WORKERS", "2")
                .containsEntry("CONNECTION_CHECK_MAX_COUNT", "0")
                .containsEntry("DATALAKE_AIRFLOW_ADMIN_USERNAME", "lake")
                .containsEntry("DATALAKE_AIRFLOW_ADMIN_PASSWORD", "s3cret-pass")
                .doesNotContainKeys("_AIRFLOW_DB_UPGRADE", "_AIRFLOW_DB_MIGRATE", "_AIRFLOW_WWW_USER_CREATE");
        String secret = airflow.getEnvMap().get("AIRFLOW__WEBSERVER__SECRET_KEY");
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(configured(new AirflowContainer().withAirflowVersion(AirflowVersion.V2_7)).getEnvMap()
                .get("AIRFLOW__WEBSERVER__SECRET_KEY")).as("each container has its own random secret key").isNotEqualTo(secret);
        assertThat(airflow.adminUsername()).isEqualTo("lake");
        assertThat(airflow.adminPassword()).isEqualTo("s3cret-pass");
    }

    @Test
    void airflow3GetsSqliteTheLocalExecutorTheSimpleAuthManagerAndOneJwtSecretForItsProcesses() {
        AirflowContainer airflow = configured(new AirflowContainer().withAdminCredentials("lake", "s3cret-pass"));

        assertThat(airflow.getEnvMap())
                .containsEntry("AIRFLOW__CORE__EXECUTOR", "LocalExecutor")
                .containsEntry("AIRFLOW__CORE__PARALLELISM", "2")
                .containsEntry("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "sqlite:////opt/airflow/airflow.db")
                .containsEntry("AIRFLOW__CORE__DAGS_FOLDER", "/opt/airflow/dags")
                .containsEntry("AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION", "False")
                .containsEntry("AIRFLOW__CORE__AUTH_MANAGER",
                        "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager")
                .containsEntry("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS", "lake:admin")
                .containsEntry("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE",
                        "/opt/airflow/simple_auth_manager_passwords.json")
                .containsEntry("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "http://localhost:8080/execution/")
                .containsEntry("AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL", "5")
                .containsEntry("AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT", "60")
                .containsEntry("AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES", "1")
                .containsEntry("AIRFLOW__API__WORKERS", "1")
                .containsEntry("DATALAKE_AIRFLOW_ADMIN_USERNAME", "lake")
                .containsEntry("DATALAKE_AIRFLOW_ADMIN_PASSWORD", "s3cret-pass")
                .doesNotContainKeys("AIRFLOW__WEBSERVER__SECRET_KEY", "AIRFLOW__API__AUTH_BACKENDS",
                        "AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL");
        String secret = airflow.getEnvMap().get("AIRFLOW__API__SECRET_KEY");
        assertThat(secret).matches("[0-9a-f]{64}")
                .isNotEqualTo(configured(new AirflowContainer()).getEnvMap().get("AIRFLOW__API__SECRET_KEY"));
        assertThat(airflow.getEnvMap()).containsEntry("AIRFLOW__API_AUTH__JWT_SECRET", secret);
    }

    @Test
    void theVersionMustBeNamed() {
        assertThatThrownBy(() -> new AirflowContainer().withAirflowVersion(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AirflowVersion");
    }

    @Test
    void defaultAdminIsAdminWithARandomPassword() {
        AirflowContainer a = new AirflowContainer();
        AirflowContainer b = new AirflowContainer();
        assertThat(a.adminUsername()).isEqualTo("admin");
        assertThat(a.adminPassword()).hasSizeGreaterThanOrEqualTo(16).isNotEqualTo(b.adminPassword());
    }

    @Test
    void tasksGetTheSameSparkAndS3EnvironmentAsJupyter() {
        MinioContainer store = new MinioContainer().withCredentials("access", "secret-key");
        store.withNetworkAliases("minio");
        AirflowContainer airflow = configured(new AirflowContainer().withObjectStore(store));

        assertThat(airflow.getEnvMap())
                .containsEntry("SPARK_MASTER", "spark://spark-master:7077")
                .containsEntry("SPARK_MASTER_REST_URL", "http://spark-master:6066")
                .containsEntry("S3_ENDPOINT", "http://minio:9000")
                .containsEntry("AWS_ENDPOINT_URL", "http://minio:9000")
                .containsEntry("AWS_ACCESS_KEY_ID", "access")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret-key")
                .containsEntry("AWS_REGION", "us-east-1");

        AirflowContainer other = configured(new AirflowContainer().withSparkMaster("spark://master-b:7077"));
        assertThat(other.getEnvMap())
                .containsEntry("SPARK_MASTER", "spark://master-b:7077")
                .containsEntry("SPARK_MASTER_REST_URL", "http://master-b:6066");
        assertThatThrownBy(() -> new AirflowContainer().withSparkMaster("http://spark-master:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spark://host:7077");
        assertThatThrownBy(() -> new AirflowContainer().withSparkMaster(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsTheImagesStartScriptWhichNeverSeesThePasswordOnItsCommandLine() {
        for (AirflowVersion version : AirflowVersion.values()) {
            AirflowContainer airflow = configured(new AirflowContainer().withAirflowVersion(version)
                    .withAdminCredentials("lake", "s3cret-pass"));
            assertThat(airflow.getCommandParts()).as(version.version())
                    .containsExactly("bash", "/opt/datalake/start-airflow.sh");
            assertThat(airflow.getEnvMap()).containsEntry("AIRFLOW_PORT", "8080");
        }
    }

    @Test
    void mountsTheDagFolderReadOnly() throws IOException {
        Path dags = Files.createDirectory(temp.resolve("dags"));
        AirflowContainer airflow = configured(new AirflowContainer().withDags(dags));
        configured(airflow); // configuring twice must not mount twice

        Bind[] binds = CreateCommands.of(airflow).getHostConfig().getBinds();
        assertThat(binds).hasSize(1);
        assertThat(binds[0].getPath()).isEqualTo(dags.toAbsolutePath().toString());
        assertThat(binds[0].getVolume().getPath()).isEqualTo("/opt/airflow/dags");
        assertThat(binds[0].getAccessMode()).isEqualTo(AccessMode.ro);
        assertThat(airflow.dagsFolder()).isEqualTo(dags.toAbsolutePath());
        assertThat(airflow.getBinds())
                .as("no bind declared through Testcontainers: that would make it run alpine:3.17 to check mounts")
                .isEmpty();
    }

    @Test
    void withoutADagFolderNothingIsMounted() {
        AirflowContainer airflow = configured(new AirflowContainer());
        assertThat(CreateCommands.of(airflow).getHostConfig().getBinds()).isNullOrEmpty();
        assertThat(airflow.getBinds()).isEmpty();
    }

    @Test
    void sparkSubmitOperatorsDefaultConnectionIsTheMasterInClientMode() throws Exception {
        AirflowContainer airflow = configured(new AirflowContainer().withSparkMaster("spark://master-b:7078"));

        var connection = Json.parse(airflow.getEnvMap().get("AIRFLOW_CONN_SPARK_DEFAULT"));
        // the Spark provider passes host:port on as --master, so the host keeps the scheme
        assertThat(connection.path("conn_type").asText()).isEqualTo("spark");
        assertThat(connection.path("host").asText() + ":" + connection.path("port").asInt())
                .isEqualTo("spark://master-b:7078");
        assertThat(connection.path("extra").path("deploy-mode").asText()).isEqualTo("client");
        assertThat(airflow.getEnvMap()).containsEntry("SPARK_MASTER_URL", "spark://master-b:7078");
    }

    @Test
    void driversStartedHereAdvertiseTheAirflowAliasAndAskForTheWorkersMemory() {
        AirflowContainer airflow = configured(new AirflowContainer().withSparkExecutorMemory(MemorySize.parse("768m")));

        assertThat(airflow.sparkConf())
                .containsEntry("spark.driver.host", "airflow")
                .containsEntry("spark.driver.bindAddress", "0.0.0.0")
                .containsEntry("spark.executor.memory", "768m")
                .containsEntry("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        assertThat(airflow.getEnvMap().get("SPARK_EXTRA_CONF").lines())
                .contains("spark.driver.host airflow", "spark.executor.memory 768m");
        assertThat(new AirflowContainer().sparkConf()).containsEntry("spark.executor.memory", "1g");
    }

    @Test
    void runsAsTheDagFoldersOwnerWithGroupZero() throws IOException {
        Path dags = Files.createDirectory(temp.resolve("private-dags"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        AirflowContainer airflow = configured(new AirflowContainer().withDags(dags));

        String owner = String.valueOf(Files.getAttribute(dags, "unix:uid"));
        assertThat(airflow.containerUser()).isEqualTo(owner + ":0");
        assertThat(CreateCommands.of(airflow).getUser()).isEqualTo(owner + ":0");
        assertThat(new AirflowContainer().containerUser()).as("without a DAG folder: the image's user").isNull();
        assertThat(CreateCommands.of(configured(new AirflowContainer())).getUser()).isNull();
    }

    @Test
    void theReadabilityCheckListsWhatItCannotReadAndTheMessageSaysWhatToDo() throws Exception {
        Path dags = Files.createDirectory(temp.resolve("checked"));
        Files.writeString(dags.resolve("a.py"), "x = 1\n");
        String script = DagFolder.UNREADABLE_SCRIPT.replace(AirflowContainer.DAGS_PATH, dags.toString());
        Process readable = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(readable.waitFor()).isZero();
        Process missing = new ProcessBuilder("bash", "-c", script.replace(dags.toString(), dags + "-missing"))
                .redirectErrorStream(true).start();
        assertThat(missing.waitFor()).isEqualTo(1);
        assertThat(new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo(dags + "-missing");

        assertThat(DagFolder.unreadableMessage(dags, "1000:0", "./a.py\n./sub\n"))
                .contains("uid:gid 1000:0").contains("cannot read the DAG folder " + dags)
                .contains("./a.py, ./sub").contains("chmod -R u+rX");
        // a rootless engine or user-namespace remapping: the owner's chmod cannot help, the message says so
        assertThat(DagFolder.unreadableMessage(dags, "1000:0", "./a.py\n", true))
                .contains("rootless or remaps user namespaces").contains("o+rX").doesNotContain("u+rX");
        assertThat(DagFolder.engineRemapsUsers(List.of("name=seccomp,profile=default", "name=rootless"))).isTrue();
        assertThat(DagFolder.engineRemapsUsers(List.of("name=userns"))).isTrue();
        assertThat(DagFolder.engineRemapsUsers(List.of("name=seccomp,profile=default"))).isFalse();
        assertThat(DagFolder.engineRemapsUsers(null)).isFalse();
    }

    @Test
    void exposesTheWebserverUnderTheAirflowAlias() {
        AirflowContainer airflow = configured(new AirflowContainer());
        assertThat(airflow.getExposedPorts()).containsExactly(8080);
        assertThat(airflow.getNetworkAliases()).contains("airflow");
        assertThat(AirflowContainer.INTERNAL_URL).isEqualTo("http://airflow:8080");
    }

    @Test
    void isReadyWhenTheVersionsHealthDocumentSaysItsComponentsAreHealthy() {
        AirflowContainer airflow2 = configured(new AirflowContainer().withAirflowVersion(AirflowVersion.V2_7));
        assertThat(airflow2.waitStrategy()).isInstanceOfSatisfying(ServiceProbe.class, probe -> assertThat(probe.description())
                .isEqualTo("GET :8080/health says metadatabase, scheduler healthy"));
        AirflowContainer airflow3 = configured(new AirflowContainer());
        assertThat(airflow3.waitStrategy()).isInstanceOfSatisfying(ServiceProbe.class, probe -> assertThat(probe.description())
                .isEqualTo("GET :8080/api/v2/monitor/health says metadatabase, scheduler, dag_processor healthy"));
        assertThat(airflow3.healthPath()).isEqualTo("/api/v2/monitor/health");
        assertThat(airflow2.healthyComponents()).containsExactly("metadatabase", "scheduler");
    }

    @Test
    void healthPredicateReadsTheStatusOfEachComponent() {
        AirflowVersion v2 = AirflowVersion.V2_7;
        assertThat(AirflowSettings.healthy(v2, Json.parse("""
                {"metadatabase": {"status": "healthy"},
                 "scheduler": {"status": "healthy", "latest_scheduler_heartbeat": "2024-01-01T00:00:00+00:00"},
                 "triggerer": {"status": null, "latest_triggerer_heartbeat": null}}"""))).isTrue();
        assertThat(AirflowSettings.healthy(v2, Json.parse("""
                {"metadatabase": {"status": "healthy"},
                 "scheduler": {"status": "unhealthy", "latest_scheduler_heartbeat": null}}"""))).isFalse();
        assertThat(AirflowSettings.healthy(v2, Json.parse("""
                {"metadatabase": {"status": "unhealthy"},
                 "scheduler": {"status": "healthy", "latest_scheduler_heartbeat": "2024-01-01T00:00:00+00:00"}}""")))
                .isFalse();
        assertThat(AirflowSettings.healthy(v2, Json.parse("{}"))).isFalse();
        assertThat(AirflowSettings.healthy(v2, Json.parse("{\"metadatabase\":\"healthy\",\"scheduler\":\"healthy\"}")))
                .isFalse();
        assertThat(AirflowSettings.healthy(v2, null)).isFalse();

        String schedulerUp = """
                {"metadatabase": {"status": "healthy"},
                 "scheduler": {"status": "healthy", "latest_scheduler_heartbeat": "2026-01-01T00:00:00+00:00"},
                 "triggerer": {"status": "healthy", "latest_triggerer_heartbeat": "2026-01-01T00:00:00+00:00"},
                 "dag_processor": {"status": %s, "latest_dag_processor_heartbeat": null}}""";
        assertThat(AirflowSettings.healthy(AirflowVersion.V3_3, Json.parse(schedulerUp.formatted("\"healthy\"")))).isTrue();
        assertThat(AirflowSettings.healthy(AirflowVersion.V3_3, Json.parse(schedulerUp.formatted("\"unhealthy\""))))
                .as("Airflow 3 without a DAG processor parses no DAG").isFalse();
        assertThat(AirflowSettings.healthy(AirflowVersion.V3_3, Json.parse(schedulerUp.formatted("null")))).isFalse();
    }

    @Test
    void dagFilesAreValidPython() throws Exception {
        Assumptions.assumeTrue(onPath("python3"), "python3 is not on PATH: DAG files not compiled");
        List<String> command = new ArrayList<>(List.of("python3", "-m", "py_compile"));
        command.add(Path.of("src/test/resources/dags/hello_datalake.py").toAbsolutePath().toString());
        for (String example : List.of("spark_sql_via_rest.py", "spark_submit_csv_count.py", "count_csv.py")) {
            command.add(RepositoryFiles.path("examples/dags/" + example).toAbsolutePath().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // keeps __pycache__ out of the DAG folders
        builder.environment().put("PYTHONPYCACHEPREFIX", temp.resolve("pycache").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }


    /** Runs {@code configure()} as {@code start()} would, without Docker. */
    private static <T extends AirflowContainer> T configured(T container) {
        container.configure();
        return container;
    }
}
