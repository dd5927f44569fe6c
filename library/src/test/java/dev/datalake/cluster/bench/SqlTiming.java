package dev.datalake.cluster.bench;

import static dev.datalake.cluster.bench.StartupBenchmark.out;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.spark.SqlResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@code sql(...)} of a CSV count over s3a through the SQL gateway and Spark Connect (every
 * line): each call a new session on the same long-lived application, the first call after start and
 * the median of the later ones.
 */
final class SqlTiming {

    private static final int ROWS = 10_000;

    private final DataLakeCluster cluster;

    SqlTiming(DataLakeCluster cluster) {
        this.cluster = cluster;
    }

    void run(int calls) {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(i).append(",name-").append(i).append(',').append(i % 97).append('\n');
        }
        cluster.objectStore().createBucket("bench");
        cluster.objectStore().putObject("bench", "people/people.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        out("");
        out("sql(...) through Spark Connect on %s (a new session per call): CREATE TEMPORARY VIEW over "
                + "s3a://bench/people/ (CSV, %d rows), SELECT count(*)", cluster.spark().version(), ROWS);
        List<Double> later = new ArrayList<>();
        for (int call = 1; call <= calls; call++) {
            long start = System.nanoTime();
            count();
            double seconds = (System.nanoTime() - start) / 1e9;
            out("call %d: %.2f s%s", call, seconds, call == 1 ? " (first after start)" : "");
            if (call > 1) {
                later.add(seconds);
            }
        }
        List<Double> sorted = later.stream().sorted().toList();
        if (!sorted.isEmpty()) {
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            out("later calls: median %.2f s (min %.2f s, max %.2f s)", median, sorted.get(0), sorted.get(n - 1));
        }
    }

    private void count() {
        SqlResult result = cluster.spark().sql(
                "CREATE TEMPORARY VIEW people USING csv OPTIONS (path 's3a://bench/people/', header 'true')",
                "SELECT count(*) FROM people");
        if (!String.valueOf(ROWS).equals(result.singleValue())) {
            throw new IllegalStateException("count was " + result.singleValue());
        }
    }
}
