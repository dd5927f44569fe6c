package dev.datalake.cluster.cli;

import dev.datalake.cluster.ComposeFile;
import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compose}: prints the docker-compose file of the same model ({@value ComposeFile#PATH} is the default output). */
@Command(name = "compose", description = {
        "Print a docker-compose file of the same data lake (upstream images, the usual ports) to stdout.",
        "With the defaults (Spark 3.5, 2 workers) it is the repository's " + ComposeFile.PATH + "."})
final class ComposeCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--spark", paramLabel = "3.5|4.0", converter = SparkVersionConverter.class,
            description = "The Spark line: 3.5 or 4.0 (with Spark Connect; " + ComposeFile.PATH_SPARK_4
                    + " is that output). Default: 3.5.")
    private SparkVersion line = SparkVersion.DEFAULT;

    private int workers = DataLakeCluster.DEFAULT_WORKERS;

    @Option(names = "--workers", paramLabel = "N", description = "Spark workers, 0 or more (default: 2).")
    void workers(int workers) {
        this.workers = UpCommand.requireWorkers(spec, workers);
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ComposeFile.render(line, workers));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
