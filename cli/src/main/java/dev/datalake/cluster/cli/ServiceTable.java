package dev.datalake.cluster.cli;

import dev.datalake.cluster.DataLakeCluster;
import java.util.ArrayList;
import java.util.List;

/** The services of a running cluster with their URLs and credentials, as a text table. */
final class ServiceTable {

    record Row(String service, String url, String credentials) {}

    private ServiceTable() {}

    /** One row per endpoint the cluster's services report. */
    static List<Row> rows(DataLakeCluster cluster) {
        return cluster.startupReport().endpoints().stream().map(e -> new Row(e.name(), e.url(), e.notes())).toList();
    }

    static String of(DataLakeCluster cluster) {
        return format(rows(cluster));
    }

    static String format(List<Row> rows) {
        List<Row> all = new ArrayList<>();
        all.add(new Row("SERVICE", "URL", "CREDENTIALS / NOTES"));
        all.addAll(rows);
        int service = all.stream().mapToInt(r -> r.service().length()).max().orElse(0);
        int url = all.stream().mapToInt(r -> r.url().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Row row : all) {
            out.append(String.format("%-" + service + "s  %-" + url + "s  %s", row.service(), row.url(), row.credentials())
                    .stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
