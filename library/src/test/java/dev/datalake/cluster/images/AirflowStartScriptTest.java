package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.airflow.AirflowVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow image's start script (images/airflow/start-airflow.sh), run with bash on the host (no
 * Docker) with the environment {@link AirflowContainer} gives it and a stand-in {@code airflow}
 * command that logs what it is asked to do: the order of the steps, the admin user of each
 * version, the password kept out of the output and of the processes' environment, and the
 * container ending when any of its processes ends.
 */
class AirflowStartScriptTest {

    @TempDir
    Path temp;
    private Path log;
    private Path bin;

    @BeforeEach
    void standInAirflow() throws IOException {
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
                "  *) exec sleep 60 ;;",
                "esac",
                ""));
        Files.setPosixFilePermissions(airflow, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run run(AirflowVersion version, Map<String, String> env) throws Exception {
        Path script = temp.resolve("start-airflow.sh");
        Files.write(script, ImageBuilder.resourceFiles("airflow").get("start-airflow.sh"));
        AirflowContainer container = new AirflowContainer().withAirflowVersion(version)
                .withAdminCredentials("lake", "s3cret-pass");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.putAll(container.environment());
        environment.put("AIRFLOW_VERSION", version.version());
        environment.put("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", temp.resolve("passwords.json").toString());
        environment.put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
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
    void airflow2MigratesCreatesTheAdminThenRunsSchedulerAndWebserverAndStopsWhenOneDies() throws Exception {
        Run run = run(AirflowVersion.V2_7, Map.of());

        assertThat(run.calls()).hasSize(5);
        assertThat(run.calls().subList(0, 2)).containsExactly(
                "db migrate",
                "users create --role Admin --username lake --password s3cret-pass --firstname Data --lastname Lake"
                        + " --email lake@datalake.invalid");
        // the scheduler and the webserver start side by side, in either order
        assertThat(run.calls().subList(2, 5)).containsExactlyInAnyOrder(
                "scheduler", "scheduler sees password: unset", "webserver --port 8080");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("User lake created").contains("exited (status 3); stopping")
                .doesNotContain("s3cret-pass");
        assertThat(run.took()).as("the webserver is stopped, not waited for").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void airflow3WritesTheAdminsPasswordFileThenRunsItsFourProcesses() throws Exception {
        Run run = run(AirflowVersion.V3_3, Map.of());

        assertThat(run.calls().get(0)).isEqualTo("db migrate");
        assertThat(run.calls().subList(1, run.calls().size())).containsExactlyInAnyOrder(
                "api-server --port 8080", "scheduler --skip-serve-logs", "scheduler sees password: unset",
                "dag-processor", "triggerer --skip-serve-logs");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        Path passwords = temp.resolve("passwords.json");
        assertThat(Files.readString(passwords)).isEqualToIgnoringNewLines("{\"lake\": \"s3cret-pass\"}");
        assertThat(Files.getPosixFilePermissions(passwords)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(run.output()).contains("admin user 'lake'").doesNotContain("s3cret-pass");
        assertThat(run.took()).as("the others are stopped, not waited for").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void anExistingAdminIsNotAnError() throws Exception {
        Run run = run(AirflowVersion.V2_7, Map.of("USERS_OUTPUT", "lake already exist in the db", "USERS_EXIT", "1"));
        assertThat(run.calls()).contains("scheduler", "webserver --port 8080");
        assertThat(run.exitCode()).isEqualTo(3);
    }

    @Test
    void aFailedUserCreationStopsTheContainer() throws Exception {
        Run run = run(AirflowVersion.V2_7, Map.of("USERS_OUTPUT", "boom is not a valid role", "USERS_EXIT", "1"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("boom is not a valid role").contains("could not create the admin user");
        assertThat(run.calls()).noneMatch(call -> call.startsWith("scheduler") || call.startsWith("webserver"));
    }

    @Test
    void aFailedMigrationStopsTheContainer() throws Exception {
        for (AirflowVersion version : AirflowVersion.values()) {
            Files.deleteIfExists(log);
            Run run = run(version, Map.of("MIGRATE_EXIT", "2"));
            assertThat(run.exitCode()).as(version.version()).isEqualTo(2);
            assertThat(run.calls()).containsExactly("db migrate");
        }
    }

    @Test
    void theImageRunsIt() {
        String dockerfile = new String(ImageBuilder.resourceFiles("airflow").get("Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile).contains("COPY start-airflow.sh check_python_contract.py /opt/datalake/");
        assertThat(new AirflowContainer().command()).containsExactly("bash", AirflowContainer.START_SCRIPT_PATH);
    }
}
