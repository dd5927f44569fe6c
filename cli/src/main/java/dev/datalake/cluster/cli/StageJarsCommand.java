package dev.datalake.cluster.cli;

import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code stage-jars}: fills the Spark and Airflow layers' build contexts as the library does before
 * it builds the images, so that {@code docker compose up --build} gets the same images: the
 * connector jars (resolved from Maven Central) in {@code jars/} of both, the SQL runner in the
 * Spark layer's {@code lib/}, the Spark entrypoint and the extra CA bundle in the Airflow layer's.
 * Each context gets a manifest of what was staged; the next run removes only what it lists.
 */
@Command(name = "stage-jars", description = {
        "Stage the Spark and Airflow images' jars for docker compose up --build.",
        "Puts the connector jars (S3A, JDBC, Kafka, Delta, MongoDB; resolved from Maven Central through your",
        "Maven settings) and the SQL runner into the Spark image's build context (default: images/spark), and",
        "the jars and the Spark entrypoint into the Airflow image's (default: images/airflow). What an earlier",
        "run staged (listed in " + StageJarsCommand.MANIFEST + ") is replaced; nothing else is deleted."})
final class StageJarsCommand implements Callable<Integer> {

    /** The list of what this command staged in a context, one relative path a line. */
    static final String MANIFEST = ".datalake-staged";

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

    @CommandLine.Option(names = "--spark", paramLabel = "LINE", converter = SparkVersionConverter.class,
            description = "The Spark line whose connectors to stage (default: the library's default line).")
    private SparkVersion line = SparkVersion.DEFAULT;

    @Override
    public Integer call() throws IOException {
        requireDockerfile(context, "name the folder of images/spark/Dockerfile");
        requireDockerfile(airflowContext, "name the folder of images/airflow/Dockerfile with --airflow");
        ClusterImages.ComposeStaging staging = ClusterImages.composeStaging(line);
        Map<String, List<Path>> sparkJars = new LinkedHashMap<>();
        sparkJars.put("jars", staging.jars());
        // the line's Spark, when the upstream base runs another release (empty folder otherwise)
        sparkJars.put("spark-jars", staging.sparkJars());
        long bytes = stage(context, sparkJars, staging.sparkFiles());
        stage(airflowContext, Map.of("jars", staging.jars()), staging.airflowFiles());
        var out = spec.commandLine().getOut();
        out.printf("staged %d connector jars and %d Spark jars (%.0f MB), the SQL runner and the pip wrapper in %s%n",
                staging.jars().size(), staging.sparkJars().size(), bytes / 1e6, context);
        out.printf("staged the same %d jars, the Spark entrypoint and the extra CA bundle in %s%n",
                staging.jars().size(), airflowContext);
        out.flush();
        return 0;
    }

    private void requireDockerfile(Path folder, String fix) {
        if (!Files.isRegularFile(folder.resolve("Dockerfile"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), folder.toAbsolutePath()
                    + " has no Dockerfile: " + fix);
        }
    }

    /**
     * Removes what the manifest lists, then stages the jars in their folders (each folder made even
     * when it gets none: the Dockerfile COPYs it) and the files; returns the jars' bytes.
     */
    static long stage(Path context, Map<String, List<Path>> jarFolders, Map<String, byte[]> files) throws IOException {
        Path manifest = context.resolve(MANIFEST);
        if (Files.isRegularFile(manifest)) {
            for (String line : Files.readAllLines(manifest)) {
                Path staged = context.resolve(line).normalize();
                if (!line.isBlank() && staged.startsWith(context.normalize())) {
                    Files.deleteIfExists(staged);
                }
            }
        }
        List<String> written = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, List<Path>> folder : jarFolders.entrySet()) {
            Files.createDirectories(context.resolve(folder.getKey()));
            for (Path jar : folder.getValue()) {
                String name = folder.getKey() + "/" + jar.getFileName();
                Files.copy(jar, context.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                written.add(name);
                bytes += Files.size(jar);
            }
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = context.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
            written.add(file.getKey());
        }
        Files.write(manifest, written);
        return bytes;
    }
}
