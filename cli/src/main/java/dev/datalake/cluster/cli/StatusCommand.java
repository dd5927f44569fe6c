package dev.datalake.cluster.cli;

import dev.datalake.cluster.cli.Engine.ClusterContainer;
import java.io.PrintWriter;
import java.util.ArrayList;
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

    /** Columns as wide as their widest value, two spaces apart. */
    static String table(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        rows.forEach(row -> {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        });
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : String.format("%-" + (width[i] + 2) + "s", row.get(i)));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** The table's rows: a header, then one row per container, grouped by cluster. */
    static List<List<String>> rows(List<ClusterContainer> containers) {
        Map<String, List<ClusterContainer>> clusters = containers.stream()
                .collect(Collectors.groupingBy(ClusterContainer::cluster, LinkedHashMap::new, Collectors.toList()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("CLUSTER", "SERVICE", "STATE", "REUSED", "OWNER", "PORTS"));
        clusters.forEach((id, members) -> members.forEach(c -> rows.add(List.of(id, c.service(), c.state(),
                c.reused() ? "yes" : "no", c.owner() + (c.stale() ? " (gone)" : ""),
                c.ports().isEmpty() ? "-" : String.join(" ", c.ports())))));
        return rows;
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
        out.print(table(rows(containers)));
        out.printf("%d cluster(s), %d container(s)%n", clusters.size(), containers.size());
        out.flush();
        return 0;
    }
}
