package dev.datalake.cluster.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code down}: removes the clusters nobody will stop: those kept for reuse
 * ({@code DataLakeCluster.removeReused()}) and those whose process is gone
 * ({@code DataLakeCluster.removeStale()}). Clusters of running processes stay.
 */
@Command(name = "down", description = {
        "Remove the clusters nobody will stop: those kept for reuse and those whose process is gone.",
        "Clusters of processes that still run (another test run, an 'up') are left alone."})
final class DownCommand implements Callable<Integer> {

    private final Engine engine;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    DownCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Integer call() {
        StatusCommand.requireEngine(engine);
        int reused = engine.removeReused();
        int stale = engine.removeStale();
        var out = spec.commandLine().getOut();
        out.printf("removed %d containers and networks of reused clusters and %d of clusters whose process is gone%n",
                reused, stale);
        out.flush();
        return 0;
    }
}
