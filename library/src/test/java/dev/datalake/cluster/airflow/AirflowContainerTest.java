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
                .isEqualTo("apache/airflow:2.7.3-python3.10");
        assertThat(AirflowContainer.DEFAULT_IMAGE).isEqualTo("apache/airflow:2.7.3-python3.10");
        assertThat(new AirflowContainer("my/airflow:2").imageName().asCanonicalNameString()).isEqualTo("my/airflow:2");
    }

    @Test
    void configuresSqliteTheSequentialExecutorBasicAuthAndQuickDagScans() {
        AirflowContainer airflow = configured(new AirflowContainer().withAdminCredentials("lake", "s3cret-pass"));

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
        assertThat(configured(new AirflowContainer()).getEnvMap().get("AIRFLOW__WEBSERVER__SECRET_KEY"))
                .as("each container has its own random secret key").isNotEqualTo(secret);
        assertThat(airflow.adminUsername()).isEqualTo("lake");
        assertThat(airflow.adminPassword()).isEqualTo("s3cret-pass");
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
    void commandMigratesCreatesTheAdminThenRunsSchedulerAndWebserver() {
        AirflowContainer airflow = configured(new AirflowContainer().withAdminCredentials("lake", "s3cret-pass"));

        String[] command = airflow.getCommandParts();
        assertThat(command).hasSize(3).startsWith("bash", "-c");
        String script = command[2];
        assertThat(script).isEqualTo(AirflowContainer.START_SCRIPT)
                .contains("airflow db migrate")
                .doesNotContain("db init")
                .doesNotContain("db upgrade")
                .contains("airflow users create --role Admin")
                .contains("'already exist'")
                .contains("airflow scheduler &")
                .contains("airflow webserver --port 8080 &")
                .contains("wait -n")
                .doesNotContain("set -x")
                .doesNotContain("s3cret-pass");
        assertThat(script.indexOf("airflow db migrate")).isLessThan(script.indexOf("airflow users create"));
        assertThat(script.indexOf("airflow users create")).isLessThan(script.indexOf("airflow scheduler"));
        assertThat(script.lines().filter(line -> line.contains("DATALAKE_AIRFLOW_ADMIN_PASSWORD")))
                .as("the password is only passed to 'users create' and then unset, never echoed")
                .allMatch(line -> line.contains("airflow users create") || line.equals("unset DATALAKE_AIRFLOW_ADMIN_PASSWORD"));
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
    void isReadyWhenHealthSaysMetadatabaseAndSchedulerAreHealthy() {
        AirflowContainer airflow = configured(new AirflowContainer());
        assertThat(airflow.waitStrategy()).isInstanceOfSatisfying(ServiceProbe.class, probe -> assertThat(probe.description())
                .isEqualTo("GET :8080/health says metadatabase and scheduler healthy"));
        assertThat(AirflowContainer.healthProbe().description())
                .isEqualTo("GET :8080/health says metadatabase and scheduler healthy");
    }

    @Test
    void healthPredicateReadsTheStatusOfBoth() throws Exception {
        assertThat(AirflowContainer.healthy(Json.parse("""
                {"metadatabase": {"status": "healthy"},
                 "scheduler": {"status": "healthy", "latest_scheduler_heartbeat": "2024-01-01T00:00:00+00:00"},
                 "triggerer": {"status": null, "latest_triggerer_heartbeat": null}}"""))).isTrue();
        assertThat(AirflowContainer.healthy(Json.parse("""
                {"metadatabase": {"status": "healthy"},
                 "scheduler": {"status": "unhealthy", "latest_scheduler_heartbeat": null},
                 "triggerer": {"status": null, "latest_triggerer_heartbeat": null}}"""))).isFalse();
        assertThat(AirflowContainer.healthy(Json.parse("""
                {"metadatabase": {"status": "unhealthy"},
                 "scheduler": {"status": "healthy", "latest_scheduler_heartbeat": "2024-01-01T00:00:00+00:00"}}""")))
                .isFalse();
        assertThat(AirflowContainer.healthy(Json.parse("{}"))).isFalse();
        assertThat(AirflowContainer.healthy(Json.parse("{\"metadatabase\":\"healthy\",\"scheduler\":\"healthy\"}")))
                .isFalse();
        assertThat(AirflowContainer.healthy(null)).isFalse();
    }

    @Test
    void dagFilesAreValidPython() throws Exception {
        Assumptions.assumeTrue(onPath("python3"), "python3 is not on PATH: DAG files not compiled");
        List<String> command = new ArrayList<>(List.of("python3", "-m", "py_compile"));
        command.add(Path.of("src/test/resources/dags/hello_datalake.py").toAbsolutePath().toString());
        command.add(RepositoryFiles.path("examples/dags/spark_sql_via_rest.py").toAbsolutePath().toString());
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

    /**
     * The start script, run by bash with a stand-in {@code airflow} command that logs what it is
     * asked to do: the order of the steps, the admin user, the password kept out of the output,
     * and the container ending when the scheduler or the webserver ends.
     */
    @Nested
    class StartScript {

        private Path log;
        private Path bin;

        @BeforeEach
        void standInAirflow() throws IOException {
            Assumptions.assumeTrue(onPath("bash"), "bash is not on PATH: start script not run");
            log = temp.resolve("airflow-calls.log");
            bin = Files.createDirectory(temp.resolve("bin"));
            Path airflow = Files.writeString(bin.resolve("airflow"), String.join("\n",
                    "#!/usr/bin/env bash",
                    "echo \"$*\" >> \"$CALLS\"",
                    "case \"$1\" in",
                    "  db) exit \"${MIGRATE_EXIT:-0}\" ;;",
                    "  users) echo \"${USERS_OUTPUT:-User $6 created with role Admin}\"; exit \"${USERS_EXIT:-0}\" ;;",
                    "  scheduler) echo \"scheduler sees password: ${DATALAKE_AIRFLOW_ADMIN_PASSWORD:-unset}\" >> \"$CALLS\";"
                            + " sleep \"${SCHEDULER_SECONDS:-1}\"; exit \"${SCHEDULER_EXIT:-3}\" ;;",
                    "  webserver) exec sleep 60 ;;",
                    "esac",
                    ""));
            Files.setPosixFilePermissions(airflow, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        private Run run(Map<String, String> env) throws Exception {
            AirflowContainer container = configured(new AirflowContainer().withAdminCredentials("lake", "s3cret-pass"));
            ProcessBuilder builder = new ProcessBuilder(container.getCommandParts()).redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.putAll(container.getEnvMap());
            environment.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
            environment.put("CALLS", log.toString());
            environment.putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
            List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return new Run(process.exitValue(), output, calls, Duration.ofNanos(System.nanoTime() - start));
        }

        record Run(int exitCode, String output, List<String> calls, Duration took) {}

        @Test
        void runsTheStepsInOrderAndStopsWhenTheSchedulerDies() throws Exception {
            Run run = run(Map.of());

            assertThat(run.calls()).hasSize(5);
            assertThat(run.calls().subList(0, 2)).containsExactly(
                    "db migrate",
                    "users create --role Admin --username lake --password s3cret-pass --firstname Data --lastname Lake"
                            + " --email lake@datalake.invalid");
            // the scheduler and the webserver start side by side, in either order
            assertThat(run.calls().subList(2, 5)).containsExactlyInAnyOrder(
                    "scheduler", "scheduler sees password: unset", "webserver --port 8080");
            assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
            assertThat(run.output()).contains("User lake created").contains("the scheduler or the webserver exited")
                    .doesNotContain("s3cret-pass");
            assertThat(run.took()).as("the webserver is stopped, not waited for").isLessThan(Duration.ofSeconds(20));
        }

        @Test
        void anExistingAdminIsNotAnError() throws Exception {
            Run run = run(Map.of("USERS_OUTPUT", "lake already exist in the db", "USERS_EXIT", "1"));
            assertThat(run.calls()).contains("scheduler", "webserver --port 8080");
            assertThat(run.exitCode()).isEqualTo(3);
        }

        @Test
        void aFailedUserCreationStopsTheContainer() throws Exception {
            Run run = run(Map.of("USERS_OUTPUT", "boom is not a valid role", "USERS_EXIT", "1"));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output()).contains("boom is not a valid role").contains("could not create the admin user");
            assertThat(run.calls()).noneMatch(call -> call.startsWith("scheduler") || call.startsWith("webserver"));
        }

        @Test
        void aFailedMigrationStopsTheContainer() throws Exception {
            Run run = run(Map.of("MIGRATE_EXIT", "2"));
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.calls()).containsExactly("db migrate");
        }
    }

    /** The REST client against a stand-in of Airflow's API on the loopback interface. */
    @Nested
    class Server {

        private static final String RUN_ID = "manual__2024-01-01T00:00:00.123456+00:00";

        private HttpServer http;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final AtomicInteger dagLookups = new AtomicInteger();
        private final AtomicInteger runLookups = new AtomicInteger();
        private volatile int dagVisibleAfter = 2;
        private volatile List<String> runStates = List.of("queued", "running", "success");
        private volatile int postStatus = 200;

        @BeforeEach
        void start() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", this::handle);
            http.start();
        }

        @AfterEach
        void stop() {
            http.stop(0);
        }

        private AirflowServer client(Duration parseTimeout) {
            URI base = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
            return new AirflowServer(base, "lake", "s3cret-pass", parseTimeout);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(method + " " + target + (body.isEmpty() ? "" : " " + body));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + java.util.Base64.getEncoder()
                    .encodeToString("lake:s3cret-pass".getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                reply(exchange, 401, "{\"title\":\"Unauthorized\"}");
                return;
            }
            String run = "/api/v1/dags/hello_datalake/dagRuns/manual__2024-01-01T00%3A00%3A00.123456%2B00%3A00";
            switch (method + " " + target) {
                case "GET /api/v1/dags/hello_datalake" -> {
                    if (dagLookups.incrementAndGet() < dagVisibleAfter) {
                        reply(exchange, 404, "{\"detail\":\"DAG not found\",\"status\":404}");
                    } else {
                        reply(exchange, 200, "{\"dag_id\":\"hello_datalake\",\"is_paused\":true}");
                    }
                }
                case "PATCH /api/v1/dags/hello_datalake?update_mask=is_paused" ->
                        reply(exchange, 200, "{\"dag_id\":\"hello_datalake\",\"is_paused\":false}");
                case "POST /api/v1/dags/hello_datalake/dagRuns" -> reply(exchange, postStatus, postStatus == 200
                        ? "{\"dag_run_id\":\"" + RUN_ID + "\",\"state\":\"queued\"}"
                        : "{\"detail\":\"DAG with dag_id: 'hello_datalake' has import errors\",\"status\":400}");
                case "GET /api/v1/importErrors" -> reply(exchange, 200,
                        "{\"import_errors\":[{\"filename\":\"/opt/airflow/dags/broken.py\","
                                + "\"stack_trace\":\"NameError: name 'x' is not defined\"}],\"total_entries\":1}");
                default -> {
                    if (("GET " + run).equals(method + " " + target)) {
                        List<String> states = runStates;
                        String state = states.get(Math.min(runLookups.getAndIncrement(), states.size() - 1));
                        reply(exchange, 200, "{\"dag_run_id\":\"" + RUN_ID + "\",\"state\":\"" + state + "\"}");
                    } else {
                        reply(exchange, 404, "{\"detail\":\"no such thing\"}");
                    }
                }
            }
        }

        private void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Test
        void triggerWaitsForTheDagUnpausesItAndReturnsTheRunId() throws Exception {
            AirflowServer server = client(Duration.ofSeconds(20));

            assertThat(server.triggerDag("hello_datalake")).isEqualTo(RUN_ID);
            assertThat(requests).containsExactly(
                    "GET /api/v1/dags/hello_datalake",
                    "GET /api/v1/dags/hello_datalake",
                    "PATCH /api/v1/dags/hello_datalake?update_mask=is_paused {\"is_paused\":false}",
                    "POST /api/v1/dags/hello_datalake/dagRuns {\"conf\":{}}");
            assertThat(server.username()).isEqualTo("lake");
            assertThat(server.password()).isEqualTo("s3cret-pass");
            assertThat(server.url().getPort()).isEqualTo(http.getAddress().getPort());
        }

        @Test
        void awaitPollsTheRunUntilItEnds() {
            AirflowServer server = client(Duration.ofSeconds(20));
            assertThat(server.awaitDagRun("hello_datalake", RUN_ID, Duration.ofSeconds(30))).isEqualTo("success");
            assertThat(runLookups.get()).isEqualTo(3);

            runStates = List.of("running", "failed");
            runLookups.set(0);
            assertThat(server.awaitDagRun("hello_datalake", RUN_ID, Duration.ofSeconds(30))).isEqualTo("failed");
        }

        @Test
        void awaitTimesOutNamingTheDagTheRunAndTheLastState() {
            runStates = List.of("running");
            AirflowServer server = client(Duration.ofSeconds(20));
            assertThatThrownBy(() -> server.awaitDagRun("hello_datalake", RUN_ID, Duration.ofSeconds(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hello_datalake").hasMessageContaining(RUN_ID)
                    .hasMessageContaining("last state: running");
            assertThatThrownBy(() -> server.awaitDagRun("hello_datalake", RUN_ID, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void anUnknownRunIsAnErrorWithStatusAndBody() {
            AirflowServer server = client(Duration.ofSeconds(20));
            assertThatThrownBy(() -> server.awaitDagRun("hello_datalake", "nope", Duration.ofSeconds(10)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HTTP 404").hasMessageContaining("no such thing");
        }

        @Test
        void aRefusedTriggerIsAnErrorWithStatusAndBody() {
            postStatus = 400;
            dagVisibleAfter = 1;
            AirflowServer server = client(Duration.ofSeconds(20));
            assertThatThrownBy(() -> server.triggerDag("hello_datalake"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("POST /api/v1/dags/hello_datalake/dagRuns answered HTTP 400")
                    .hasMessageContaining("has import errors");
        }

        @Test
        void aDagThatNeverAppearsIsReportedWithTheImportErrors() {
            dagVisibleAfter = Integer.MAX_VALUE;
            AirflowServer server = client(Duration.ofSeconds(2));
            assertThatThrownBy(() -> server.triggerDag("hello_datalake"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DAG 'hello_datalake' was not found within 2 s")
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("/opt/airflow/dags/broken.py: NameError");
        }

        @Test
        void wrongCredentialsFailAtOnce() {
            AirflowServer server = new AirflowServer(URI.create("http://127.0.0.1:" + http.getAddress().getPort()),
                    "lake", "wrong", Duration.ofSeconds(20));
            assertThatThrownBy(() -> server.triggerDag("hello_datalake"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP 401");
            assertThat(requests).hasSize(1);
        }

        @Test
        void runIdsAreEncodedAsOnePathSegment() {
            assertThat(AirflowServer.pathSegment(RUN_ID)).isEqualTo("manual__2024-01-01T00%3A00%3A00.123456%2B00%3A00");
            assertThat(AirflowServer.pathSegment("a b/c")).isEqualTo("a%20b%2Fc");
        }

        @Test
        void aContainerThatIsNotStartedHasNoServer() {
            assertThatThrownBy(() -> new AirflowServer(new AirflowContainer()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        }
    }

    /** Runs {@code configure()} as {@code start()} would, without Docker. */
    private static <T extends AirflowContainer> T configured(T container) {
        container.configure();
        return container;
    }
}
