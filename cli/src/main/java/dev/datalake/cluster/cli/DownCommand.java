package dev.datalake.cluster.cli;

import dev.datalake.cluster.cli.Engine.ClusterContainer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code down}: removes the clusters whose process is verifiably gone
 * ({@code DataLakeCluster.removeStale()}); with {@code --reused}, also those kept for reuse
 * ({@code DataLakeCluster.removeReused()}), which other processes may be using. {@code --dry-run}
 * lists what would go.
 */
@Command(name = "down", description = {
        "Remove the clusters whose process is gone (a killed test run, a crashed 'up').",
        "Clusters of processes that still run, of other machines or containers, and clusters kept for reuse",
        "are left alone; --reused removes the reused ones too."})
final class DownCommand implements Callable<Integer> {

    private final Engine engine;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @CommandLine.Option(names = "--reused", description = "Also remove the clusters kept for reuse (reuse(true)): "
            + "a test run that uses one now fails.")
    private boolean reused;

    @CommandLine.Option(names = "--dry-run", description = "List what would be removed; remove nothing.")
    private boolean dryRun;

    DownCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Integer call() {
        StatusCommand.requireEngine(engine);
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            List<ClusterContainer> going = engine.containers().stream()
                    .filter(c -> c.stale() || (reused && c.reused())).toList();
            if (going.isEmpty()) {
                out.println("Nothing to remove.");
            } else {
                out.print(StatusCommand.table(StatusCommand.rows(going)));
                out.printf("would remove these %d container(s) and their clusters' networks%n", going.size());
            }
            out.flush();
            return 0;
        }
        int stale = engine.removeStale();
        out.printf("removed %d containers and networks of clusters whose process is gone%n", stale);
        if (reused) {
            out.printf("removed %d containers and networks of reused clusters%n", engine.removeReused());
        }
        out.flush();
        return 0;
    }
}
