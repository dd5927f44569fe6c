package dev.datalake.cluster.cli;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.airflow.AirflowModule;
import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.internal.ServiceModule;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compose}: prints the docker-compose file of the same model ({@value ComposeFile#PATH} is the default output). */
@Command(name = "compose", description = {
        "Print a docker-compose file of the same data lake (upstream images, the usual ports) to stdout.",
        "With the defaults it is the repository's " + ComposeFile.PATH + ". Secrets are variables compose",
        "requires from its environment: the file holds no password.",
        "--images offline first builds the offline images here (needs Docker) and runs them as they are."})
final class ComposeCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--spark", paramLabel = "LINE", converter = SparkVersionConverter.class,
            description = "The Spark line (default: the newest stable line, as the library's).")
    private SparkVersion line = SparkVersion.DEFAULT;

    @Option(names = "--airflow", paramLabel = "2.7|3.3", converter = AirflowVersionConverter.class,
            description = "The Airflow version: 3.3 (3 also works; the default) or 2.7 (2).")
    private AirflowVersion airflow = AirflowVersion.DEFAULT;

    @Option(names = "--images", paramLabel = "upstream|offline", converter = UpCommand.ImageSetConverter.class,
            description = "The image set (default: upstream, built by compose from images/).")
    private ImageSet images = ImageSet.upstream();

    private int workers = DataLakeCluster.DEFAULT_WORKERS;

    @Option(names = "--workers", paramLabel = "N", description = "Spark workers, 0 or more (default: 2).")
    void workers(int workers) {
        this.workers = UpCommand.requireWorkers(spec, workers);
    }

    @Override
    public Integer call() {
        Consumer<List<ServiceModule>> options = modules -> {
            ServiceSwitches.apply(spec, modules);
            modules.stream().filter(AirflowModule.class::isInstance).forEach(m -> ((AirflowModule) m).version(airflow));
        };
        String compose = images.isOffline()
                ? ComposeFile.offline(line, workers, options)
                : ComposeFile.upstream(line, workers, options);
        spec.commandLine().getOut().print(compose);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
