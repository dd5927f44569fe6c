package dev.datalake.cluster.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.jupyter.PythonContract;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Python on both sides of a Spark job from a DAG: the Python contract script holds in the
 * Airflow container (where SparkSubmitOperator's drivers run) and in the master's (the Spark image
 * the workers run), and both name the same Python minor version for Spark's Python workers.
 */
public final class SamePython {

    private static final Pattern SPARK_PYTHON = Pattern.compile("(?m)^spark python (\\d+\\.\\d+)$");

    private SamePython() {}

    public static void check(DataLakeCluster cluster) {
        ContainerExec.Result spark = PythonContract.check(cluster);
        ContainerExec.Result airflow = ContainerExec.run(cluster.airflowContainer(), Duration.ofMinutes(2),
                List.of("python3", PythonContract.CHECK_SCRIPT, "--airflow"));
        assertThat(spark.exitCode()).as("Spark image's contract:%n%s", spark.output()).isZero();
        assertThat(airflow.exitCode()).as("Airflow image's contract:%n%s", airflow.output()).isZero();
        assertThat(sparkPython(airflow.output())).as("the drivers' Python (Airflow) and the workers' (Spark)")
                .isEqualTo(sparkPython(spark.output()));
    }

    private static String sparkPython(String output) {
        Matcher matcher = SPARK_PYTHON.matcher(output);
        assertThat(matcher.find()).as("a 'spark python' line in:%n%s", output).isTrue();
        return matcher.group(1);
    }
}
