package dev.datalake.cluster.cli;

import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code stage-jars}: fills the Spark and Airflow layers' build contexts as the library does before
 * it builds the images, so that {@code docker compose up --build} gets the same images: the
 * connector jars (resolved from Maven Central) in {@code jars/} of both, the SQL runner in the
 * Spark layer's {@code lib/}, the Spark entrypoint and the extra CA bundle in the Airflow layer's.
 */
@Command(name = "stage-jars", description = {
        "Stage the Spark and Airflow images' jars for docker compose up --build.",
        "Puts the connector jars (S3A, JDBC, Kafka, Delta, MongoDB; resolved from Maven Central through your",
        "Maven settings) and the SQL runner into the Spark image's build context (default: images/spark), and",
        "the jars and the Spark entrypoint into the Airflow image's (default: images/airflow)."})
final class StageJarsCommand implements Callable<Integer> {

    static final String RUNNER_FILE = Path.of(SparkCluster.RUNNER_JAR).getFileName().toString();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT",
            description = "The build context of images/spark/Dockerfile (default: ${DEFAULT-VALUE}).",
            defaultValue = "images/spark")
    private Path context;

    @CommandLine.Option(names = "--airflow", paramLabel = "CONTEXT",
            description = "The build context of images/airflow/Dockerfile (default: ${DEFAULT-VALUE}).",
            defaultValue = "images/airflow")
    private Path airflowContext;

    @CommandLine.Option(names = "--spark", paramLabel = "3.5|4.0", converter = SparkVersionConverter.class,
            description = "The Spark line whose connectors to stage: 3.5 or 4.0 (default: 3.5).")
    private SparkVersion line = SparkVersion.DEFAULT;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(context.resolve("Dockerfile"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), context.toAbsolutePath()
                    + " has no Dockerfile: name the folder of images/spark/Dockerfile");
        }
        if (!Files.isRegularFile(airflowContext.resolve("Dockerfile"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), airflowContext.toAbsolutePath()
                    + " has no Dockerfile: name the folder of images/airflow/Dockerfile with --airflow");
        }
        ClusterImages.StagedContext staged = ClusterImages.stageComposeContexts(context, airflowContext, RUNNER_FILE,
                line);
        var out = spec.commandLine().getOut();
        out.printf("staged %d connector jars (%.0f MB) in %s and the SQL runner in %s%n", staged.jars(),
                staged.bytes() / 1e6, staged.jarsFolder(), staged.runnerJar());
        out.printf("staged the same %d jars, the Spark entrypoint and the extra CA bundle in %s%n", staged.jars(),
                airflowContext);
        out.flush();
        return 0;
    }
}
