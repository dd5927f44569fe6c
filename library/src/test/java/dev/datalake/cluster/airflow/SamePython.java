package dev.datalake.cluster.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.Service;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.jupyter.PythonContract;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Python on both sides of a Spark job from a DAG: the Python contract script holds in the
 * Airflow container (where SparkSubmitOperator's drivers run), and in a worker's container (where
 * their executors run) Spark's Python workers run the same Python minor version.
 */
public final class SamePython {

    private static final Pattern SPARK_PYTHON = Pattern.compile("(?m)^spark python (\\d+\\.\\d+)$");
    private static final String CHECK = "ok   Python of Spark's Python workers";

    private SamePython() {}

    public static void check(DataLakeCluster cluster) {
        ContainerExec.Result airflow = ContainerExec.run(cluster.containers().get(Service.AIRFLOW.id()),
                Duration.ofMinutes(2),
                List.of("python3", PythonContract.CHECK_SCRIPT, "--airflow"));
        assertThat(airflow.exitCode()).as("Airflow image's contract:%n%s", airflow.output()).isZero();
        // the notebook environment of the Spark image's contract is the master's with Jupyter: a
        // worker answers only for the Python its executors start
        ContainerExec.Result worker = ContainerExec.run(cluster.containers().get("spark-worker-1"),
                Duration.ofMinutes(2), List.of("python3", PythonContract.CHECK_SCRIPT));
        assertThat(worker.output()).as("a worker's Python").contains(CHECK);
        assertThat(sparkPython(airflow.output())).as("the drivers' Python (Airflow) and the executors' (workers)")
                .isEqualTo(sparkPython(worker.output()));
    }

    private static String sparkPython(String output) {
        Matcher matcher = SPARK_PYTHON.matcher(output);
        assertThat(matcher.find()).as("a 'spark python' line in:%n%s", output).isTrue();
        return matcher.group(1);
    }
}
