package dev.datalake.cluster.jupyter;

import dev.datalake.cluster.Service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.internal.ContainerLogs;
import dev.datalake.cluster.internal.ContainerOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies what is written to two streams. */
final class TeeOutputStream extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    TeeOutputStream(OutputStream first, OutputStream second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
        first.write(b);
        synchronized (second) {
            second.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        first.write(b, off, len);
        synchronized (second) {
            second.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        first.flush();
    }
}

/** Jupyter in the master's container: token, environment, notebooks that reach the store. One cluster. */
class JupyterIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DataLakeCluster cluster;

    @TempDir
    Path dir;

    /**
     * Everything this JVM logged while the cluster started (slf4j-simple writes to System.err), the
     * containers' own output included: their loggers are at DEBUG here, as a user would set them.
     */
    private static final ByteArrayOutputStream LOGGED = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        // failsafe sets it for the whole run (pom.xml); this covers a run of this class alone
        System.setProperty("org.slf4j.simpleLogger.log." + ContainerOutput.LOGGER_PREFIX.replaceAll("\\.$", ""), "debug");
        PrintStream err = System.err;
        System.setErr(new PrintStream(new TeeOutputStream(err, LOGGED), true, StandardCharsets.UTF_8));
        cluster = DataLakeCluster.builder()
                .images(ImageSet.fromEnvironment())
                .sparkWorkers(1)
                // smaller than Spark's default executor (1g): a notebook's session must still get executors
                .sparkWorkerMemory("512m")
                .jupyter(true)
                .airflow(false)
                .start();
        System.setErr(err);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everythingButApiNeedsTheToken() throws Exception {
        JupyterServer jupyter = cluster.jupyter();
        assertThat(jupyter.token()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(jupyter.url().getHost()).isEqualTo("localhost");
        assertThat(jupyter.url().getQuery()).isEqualTo("token=" + jupyter.token());

        assertThat(get(jupyter.baseUrl() + "/api", null)).isEqualTo(200);
        assertThat(get(jupyter.baseUrl() + "/api/contents", null)).isIn(401, 403);
        assertThat(get(jupyter.baseUrl() + "/api/contents", jupyter.token())).isEqualTo(200);
        assertThat(get(jupyter.baseUrl() + "/api/contents", "not-the-token")).isIn(401, 403);
    }

    @Test
    void aNotebookSeesTheClusterInItsEnvironment() throws IOException {
        NotebookResult result = cluster.jupyter().execute(notebook("env.ipynb",
                "import os\nfor k in ['SPARK_MASTER', 'S3_ENDPOINT', 'AWS_ACCESS_KEY_ID']:\n    print(k + '=' + os.environ[k])",
                "print('secret set:', len(os.environ['AWS_SECRET_ACCESS_KEY']) >= 8)"));

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output())
                .contains("SPARK_MASTER=spark://spark-master:7077")
                .contains("S3_ENDPOINT=" + cluster.objectStore().internalEndpoint())
                .contains("AWS_ACCESS_KEY_ID=" + cluster.objectStore().accessKey())
                .contains("secret set: True");
    }

    @Test
    void aNotebookWritingWithBoto3LeavesItsObjectInTheStore() throws IOException {
        cluster.objectStore().createBucket("notebooks");
        NotebookResult result = cluster.jupyter().execute(notebook("write.ipynb",
                "import os, boto3\n"
                        + "s3 = boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT'])\n"
                        + "s3.put_object(Bucket='notebooks', Key='out/hello.txt', Body=b'written by a notebook')",
                "import pandas as pd\n"
                        + "print(sorted(o['Key'] for o in s3.list_objects_v2(Bucket='notebooks')['Contents']))\n"
                        + "pd.DataFrame({'n': [1, 2, 3]})['n'].sum()"));

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("['out/hello.txt']").contains("6");
        assertThat(new String(cluster.objectStore().getObject("notebooks", "out/hello.txt"), StandardCharsets.UTF_8))
                .isEqualTo("written by a notebook");
    }

    @Test
    void thePythonContractHoldsInTheMastersContainer() {
        ContainerExec.Result check = PythonContract.check(cluster);
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("ok   import pyspark: pyspark 3.5.7").contains("python contract holds");
    }

    @Test
    void pysparkIsImportableByAPlainPython3InTheContainer() {
        ContainerExec.Result run = ContainerExec.run(cluster.containers().get(Service.SPARK_MASTER.id()),
                Duration.ofMinutes(1), List.of("python3", "-c", "import pyspark, boto3; print(pyspark.__version__)"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout().strip()).isEqualTo("3.5.7");
    }

    @Test
    void aPySparkNotebookReadsCsvFromTheStoreAndWritesDelta() throws IOException {
        PythonContract.NotebookRun run = PythonContract.runPySparkNotebook(cluster, dir);
        assertThat(run.result().succeeded()).as(run.result().output()).isTrue();
        run.assertHostSeesIt();
    }

    @Test
    void aFailingCellIsReportedWithItsError() throws IOException {
        NotebookResult result = cluster.jupyter().execute(notebook("fails.ipynb",
                "print('before the failure')",
                "raise ValueError('this cell fails on purpose')"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).contains("before the failure")
                .contains("ValueError: this cell fails on purpose");
    }

    @Test
    void aFileThatIsNotANotebookIsRejectedBeforeAnythingIsCopied() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a notebook");
        assertThatThrownBy(() -> cluster.jupyter().execute(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".ipynb");
    }

    @Test
    void noLogLeaksTheSecretKeyOrTheToken() {
        String secret = cluster.objectStore().secretKey();
        String token = cluster.jupyter().token();
        String library;
        synchronized (LOGGED) {
            library = LOGGED.toString(StandardCharsets.UTF_8);
        }
        assertThat(library).contains(cluster.id()).doesNotContain(secret).doesNotContain(token);
        // the containers' output reached SLF4J, each service under its own logger
        assertThat(library).contains(ContainerOutput.LOGGER_PREFIX + "spark-master")
                .contains(ContainerOutput.LOGGER_PREFIX + "object-store");
        cluster.containers().forEach((service, container) -> assertThat(
                ContainerLogs.tail(container.getContainerId(), 100_000))
                .as("the log of %s", service)
                .doesNotContain(secret)
                .doesNotContain(token));
    }

    private int get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "token " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Path notebook(String name, String... sources) throws IOException {
        return PythonContract.notebook(dir, name, sources);
    }
}
