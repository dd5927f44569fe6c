package dev.datalake.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.datalake.cluster.spark.SparkVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line without Docker: bad input, help, compose, a taken port. */
class DataLakeCliTest {

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DataLakeCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "up --foo                    | Unknown option: '--foo'",
            "up --workers -1             | --workers must be 0 or more, got -1",
            "up --workers many           | Invalid value for option '--workers': 'many' is not an int",
            "up --images nope            | Invalid value for option '--images': 'nope' is not an image set: use auto, upstream or offline",
            "up --images                 | Missing required parameter for option '--images'",
            "up extra                    | Unmatched argument at index 1: 'extra'",
            "compose --workers -2        | --workers must be 0 or more, got -2",
            "down now                    | Unmatched argument at index 1: 'now'",
            "stage-jars /no/such/folder  | /no/such/folder has no Dockerfile: name the folder of images/spark/Dockerfile",
            "stage-jars a b              | Unmatched argument at index 2: 'b'",
            "bogus                       | Unmatched argument at index 0: 'bogus'"})
    void badInputIsAOneLineErrorAndExitCode2(String args, String message) {
        Result result = run(args.trim().split("\\s+"));
        assertThat(result.exitCode()).isEqualTo(DataLakeCli.USAGE_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).hasSize(1);
        assertThat(result.err()).startsWith("datalake: " + message).contains("--help");
    }

    @Test
    void noCommandSaysWhichThereAre() {
        Result result = run();
        assertThat(result.exitCode()).isEqualTo(DataLakeCli.USAGE_ERROR);
        assertThat(result.err()).contains("datalake: name a command: up, down, status, compose or stage-jars");
    }

    @Test
    void helpListsTheOptions() {
        Result result = run("up", "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--images", "--workers", "--no-jupyter", "--no-airflow", "--random-ports",
                "8887 (Spark master UI)");
    }

    @Test
    void upHelpSaysDockerIsNeededAndShowsAnExample() {
        Result result = run("up", "--help");
        assertThat(result.out()).contains("Needs a Docker engine")
                .contains("Examples:", "java -jar datalake-cluster-cli.jar up --images offline --workers 1");
    }

    @Test
    void theCommandListDescribesEachCommandInAWholeSentence() {
        Result result = run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("stage-jars  Stage the Spark and Airflow images' jars for docker compose up", "--build.")
                .contains("down", "status", "-V, --version");
    }

    @Test
    void versionPrintsTheBuildsVersion() {
        for (String flag : List.of("--version", "-V")) {
            Result result = run(flag);
            assertThat(result.exitCode()).isZero();
            assertThat(result.out().strip()).matches("datalake-cluster \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java \\d+\\)");
            assertThat(result.out()).doesNotContain("${");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "stauts                | Unmatched argument at index 0: 'stauts'. Did you mean: status or stage-jars?",
            "downn                 | Unmatched argument at index 0: 'downn'. Did you mean: down?",
            "up --worker 1         | Unknown options: '--worker', '1'. Did you mean: --workers?",
            "up --no-jupiter       | Unknown option: '--no-jupiter'. Did you mean: --no-jupyter or --no-airflow?"})
    void aMistypedCommandOrOptionGetsASuggestion(String args, String message) {
        Result result = run(args.trim().split("\\s+"));
        assertThat(result.exitCode()).isEqualTo(DataLakeCli.USAGE_ERROR);
        assertThat(result.err().lines().toList()).hasSize(1);
        assertThat(result.err()).startsWith("datalake: " + message);
    }

    @Test
    void composeTakesWorkers() {
        Result result = run("compose", "--workers", "3");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(ComposeFile.upstream(SparkVersion.DEFAULT, 3, modules -> { })).contains("spark-worker-3:")
                .doesNotContain("spark-worker-4:");
        assertThat(run("compose", "--workers", "0").out()).doesNotContain("spark-worker-1:").contains("spark-master:");
    }

    @Test
    void composePrintsTheGeneratedFile() {
        Result result = run("compose");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(ComposeFile.upstream(SparkVersion.DEFAULT, 2, modules -> { }));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aTakenUsualPortFailsBeforeAnythingStartsSuggestingRandomPorts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            // the Spark master UI's usual port; if something else holds a usual port already, that one is named
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8887));
            Result result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> run("up", "--images", "offline", "--workers", "1", "--no-jupyter", "--no-airflow"));
            assertThat(result.exitCode()).isEqualTo(DataLakeCli.FAILURE);
            assertThat(result.err().lines().toList()).hasSize(1);
            assertThat(result.err()).startsWith("datalake: host port ").contains("is already in use")
                    .contains("--random-ports").contains("Nothing was started");
        }
    }

    @Test
    void theTableAlignsItsColumns() {
        String table = ServiceTable.format(List.of(
                new ServiceTable.Row("object store (S3)", "http://localhost:9000", "access key a, secret key b"),
                new ServiceTable.Row("Spark master UI", "http://localhost:8887", "")));
        assertThat(table.lines().toList()).containsExactly(
                "SERVICE            URL                    CREDENTIALS / NOTES",
                "object store (S3)  http://localhost:9000  access key a, secret key b",
                "Spark master UI    http://localhost:8887");
    }
}
