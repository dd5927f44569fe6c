package dev.datalake.cluster.cli;

import dev.datalake.cluster.cli.Engine.ClusterContainer;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code status}: the data lake clusters on this machine's engine, read from the labels of their containers. */
@Command(name = "status", description = {
        "List the data lake clusters on this machine: id, services, ports, owner, reused or not.",
        "A cluster whose owner is gone is what 'down' removes."})
final class StatusCommand implements Callable<Integer> {

    static final String NONE = "No data lake cluster on this machine.";
    private static final String ROW = "%-10s %-16s %-9s %-6s %-18s %s%n";

    private final Engine engine;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    StatusCommand(Engine engine) {
        this.engine = engine;
    }

    /** Fails with one line (exit code 1) when there is no engine to ask. */
    static void requireEngine(Engine engine) {
        if (!engine.available()) {
            throw new IllegalStateException("no Docker engine is reachable at " + engine.where()
                    + ": start one, or point DOCKER_HOST at it");
        }
    }

    @Override
    public Integer call() {
        requireEngine(engine);
        List<ClusterContainer> containers = engine.containers();
        PrintWriter out = spec.commandLine().getOut();
        if (containers.isEmpty()) {
            out.println(NONE);
            out.flush();
            return 0;
        }
        Map<String, List<ClusterContainer>> clusters = containers.stream()
                .collect(Collectors.groupingBy(ClusterContainer::cluster, LinkedHashMap::new, Collectors.toList()));
        out.printf(ROW, "CLUSTER", "SERVICE", "STATE", "REUSED", "OWNER", "PORTS");
        clusters.forEach((id, members) -> members.forEach(c -> out.printf(ROW, id, c.service(), c.state(),
                c.reused() ? "yes" : "no", c.owner() + (c.stale() ? " (gone)" : ""),
                c.ports().isEmpty() ? "-" : String.join(" ", c.ports()))));
        out.printf("%d cluster(s), %d container(s)%n", clusters.size(), containers.size());
        out.flush();
        return 0;
    }
}
