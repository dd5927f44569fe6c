package dev.datalake.cluster.cli;

import dev.datalake.cluster.ComposeFile;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code compose}: prints the docker-compose file of the same model ({@value ComposeFile#PATH} is exactly this). */
@Command(name = "compose", description = {
        "Print a docker-compose file of the same data lake (upstream images, the usual ports) to stdout.",
        "The repository's " + ComposeFile.PATH + " is exactly this output."})
final class ComposeCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @CommandLine.Option(names = "--spark", paramLabel = "3.5|4.0", converter = SparkVersionConverter.class,
            description = "The Spark line: 3.5 or 4.0 (with Spark Connect; " + ComposeFile.PATH_SPARK_4
                    + " is that output). Default: 3.5.")
    private SparkVersion line = SparkVersion.DEFAULT;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ComposeFile.render(line));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
