package dev.datalake.cluster.airflow;

import dev.datalake.cluster.RepositoryFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The example DAG {@code examples/dags/spark_submit_csv_count.py} run end to end, for the offline
 * and the upstream cluster ITs: the DAG folder is private (0700, as a JUnit {@code @TempDir}), the
 * host puts a CSV in the store, the DAG's boto3 task writes an object, its SparkSubmitOperator counts
 * the CSV on the cluster, sums the letters of a column with a Python UDF on the executors and writes
 * both to s3a; the host reads them.
 */
public final class SparkSubmitDagRun {

    public static final String DAG = "spark_submit_csv_count";
    public static final List<String> FILES = List.of("spark_submit_csv_count.py", "count_csv.py");
    /** The bucket, keys and prefixes the DAG uses (constants at its top). */
    static final String BUCKET = "lake";
    static final String INPUT_KEY = "input/people.csv";
    static final String MARKER_KEY = "airflow/boto3.txt";
    static final String OUTPUT_PREFIX = "output/count/";
    static final int ROWS = 500;

    private SparkSubmitDagRun() {}

    /** A private folder under {@code parent} (see {@link PrivateDagFolders}) holding the example DAG and its PySpark file. */
    public static Path privateDagFolder(Path parent) {
        try {
            Path dags = Files.createDirectory(parent.resolve("dags"));
            for (String file : FILES) {
                Files.copy(RepositoryFiles.path("examples/dags").resolve(file), dags.resolve(file));
            }
            return PrivateDagFolders.restrict(dags, "rwx------", "rw-------");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the DAG on {@code cluster} (started with {@link #privateDagFolder}) and checks what it wrote. */
    public static void runAndCheck(DataLakeCluster cluster, Duration timeout) {
        ObjectStore s3 = cluster.objectStore();
        s3.createBucket(BUCKET);
        String csv = "id,name\n" + IntStream.rangeClosed(1, ROWS).mapToObj(i -> i + ",person-" + i)
                .collect(Collectors.joining("\n")) + "\n";
        s3.putObject(BUCKET, INPUT_KEY, csv.getBytes(StandardCharsets.UTF_8));

        AirflowServer airflow = cluster.airflow();
        String run = airflow.triggerDag(DAG);
        String state = airflow.awaitDagRun(DAG, run, timeout);
        assertThat(state).as("run %s of %s", run, DAG).isEqualTo("success");

        String marker = new String(s3.getObject(BUCKET, MARKER_KEY), StandardCharsets.UTF_8);
        assertThat(marker).as("the boto3 task's object").contains(run);
        List<String> parts = s3.listObjects(BUCKET, OUTPUT_PREFIX).stream()
                .filter(key -> key.substring(key.lastIndexOf('/') + 1).startsWith("part-")).toList();
        assertThat(parts).as("the Spark job's output under s3a://%s/%s", BUCKET, OUTPUT_PREFIX).isNotEmpty();
        String result = parts.stream().map(key -> new String(s3.getObject(BUCKET, key), StandardCharsets.UTF_8).strip())
                .filter(text -> !text.isEmpty()).collect(Collectors.joining());
        // the letters of person-1 ... person-500, summed by a Python UDF on the workers
        int letters = IntStream.rangeClosed(1, ROWS).map(i -> ("person-" + i).length()).sum();
        assertThat(result).as("the count and the Python UDF's sum the Spark job wrote").isEqualTo(ROWS + "," + letters);
    }
}
