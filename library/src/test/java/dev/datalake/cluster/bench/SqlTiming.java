package dev.datalake.cluster.bench;

import static dev.datalake.cluster.bench.StartupBenchmark.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SqlResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Times {@code sql(...)} of a CSV count over s3a. Where each call is its own application (3.5), says
 * where the time goes, from the Spark event log of each call: the driver's own millisecond
 * timestamps of application start, executors added, each SQL statement (the S3A listing and reads
 * happen inside them), and application end. Through Spark Connect (4.0) every call is a new session
 * on the same long-lived application: the first call and the median of the later ones.
 */
final class SqlTiming {

    private static final String EVENT_DIR = "/tmp/spark-events";
    private static final int ROWS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataLakeCluster cluster;
    private final SparkMasterContainer master;

    SqlTiming(DataLakeCluster cluster) {
        this.cluster = cluster;
        this.master = cluster.spark().master();
    }

    void run(int calls) throws IOException {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(i).append(",name-").append(i).append(',').append(i % 97).append('\n');
        }
        cluster.objectStore().createBucket("bench");
        cluster.objectStore().putObject("bench", "people/people.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        if (cluster.spark().sparkVersion().hasConnect()) {
            connectCalls(calls);
            return;
        }
        // the event log: spark-submit reads spark-defaults.conf at every launch (a bench-only addition)
        exec("mkdir -p " + EVENT_DIR + " && printf '%s\\n' 'spark.eventLog.enabled true' "
                + "'spark.eventLog.dir file://" + EVENT_DIR + "' >> \"$SPARK_HOME/conf/spark-defaults.conf\"");

        out("");
        out("sql(...) round trip: CREATE TEMPORARY VIEW over s3a://bench/people/ (CSV, %d rows), SELECT count(*)", ROWS);
        for (int call = 1; call <= calls; call++) {
            timedCall(call, call == 1 ? " (first)" : "");
        }
    }

    private void connectCalls(int calls) {
        out("");
        out("sql(...) through Spark Connect (a new session per call): CREATE TEMPORARY VIEW over "
                + "s3a://bench/people/ (CSV, %d rows), SELECT count(*)", ROWS);
        List<Double> later = new ArrayList<>();
        for (int call = 1; call <= calls; call++) {
            long start = System.nanoTime();
            count();
            double seconds = (System.nanoTime() - start) / 1e9;
            out("call %d: %.2f s%s", call, seconds, call == 1 ? " (first)" : "");
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

    private void timedCall(int call, String note) throws IOException {
        long hostStart = System.currentTimeMillis();
        count();
        long hostEnd = System.currentTimeMillis();
        out("call %d: %.1f s%s", call, (hostEnd - hostStart) / 1000.0, note);
        timeline(hostStart, hostEnd);
    }

    private void timeline(long hostStart, long hostEnd) throws IOException {
        String name = exec("ls -t " + EVENT_DIR + " | head -n 1").trim();
        List<JsonNode> events = new ArrayList<>();
        for (String line : exec("cat '" + EVENT_DIR + "/" + name + "'").split("\n")) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        TreeMap<Long, String> marks = new TreeMap<>();
        long appStart = -1;
        long firstExecutor = -1;
        long firstSql = -1;
        long lastSqlEnd = -1;
        long appEnd = -1;
        long lastExecutor = -1;
        long jobTime = 0;
        TreeMap<Long, Long> jobStarts = new TreeMap<>();
        for (JsonNode e : events) {
            String type = e.path("Event").asText();
            switch (type.substring(type.lastIndexOf('.') + 1)) {
                case "SparkListenerApplicationStart" -> {
                    appStart = e.path("Timestamp").asLong();
                    put(marks, appStart, "application started (driver JVM up, SparkContext ready)");
                }
                case "SparkListenerExecutorAdded" -> {
                    long at = e.path("Timestamp").asLong();
                    firstExecutor = firstExecutor < 0 ? at : Math.min(firstExecutor, at);
                    lastExecutor = Math.max(lastExecutor, at);
                    put(marks, at, "executor " + e.path("Executor ID").asText() + " added ("
                            + e.path("Executor Info").path("Host").asText() + ")");
                }
                case "SparkListenerSQLExecutionStart" -> {
                    long at = e.path("time").asLong();
                    firstSql = firstSql < 0 ? at : Math.min(firstSql, at);
                    put(marks, at, "SQL " + e.path("executionId").asText() + " starts: "
                            + abbreviate(e.path("description").asText()));
                }
                case "SparkListenerSQLExecutionEnd" -> {
                    long at = e.path("time").asLong();
                    lastSqlEnd = Math.max(lastSqlEnd, at);
                    put(marks, at, "SQL " + e.path("executionId").asText() + " ends");
                }
                case "SparkListenerJobStart" -> {
                    jobStarts.put(e.path("Job ID").asLong(), e.path("Submission Time").asLong());
                    put(marks, e.path("Submission Time").asLong(), "job " + e.path("Job ID").asText() + " submitted");
                }
                case "SparkListenerJobEnd" -> {
                    long at = e.path("Completion Time").asLong();
                    Long submitted = jobStarts.get(e.path("Job ID").asLong());
                    jobTime += submitted == null ? 0 : at - submitted;
                    put(marks, at, "job " + e.path("Job ID").asText() + " ends");
                }
                case "SparkListenerApplicationEnd" -> {
                    appEnd = e.path("Timestamp").asLong();
                    put(marks, appEnd, "application ended");
                }
                default -> { }
            }
        }
        put(marks, hostStart, "sql() called: docker exec spark-submit");
        put(marks, hostEnd, "sql() returned");
        for (var mark : marks.entrySet()) {
            out("  %+7.2f s  %s", (mark.getKey() - hostStart) / 1000.0, mark.getValue());
        }
        out("  where the time goes: application start (launcher + driver JVM, SparkContext, registered) %.1f s"
                + " | session and planning until the first statement runs %.1f s | statements %.1f s, of which"
                + " jobs on the executors (S3A reads, count) %.1f s | shutdown %.1f s",
                (appStart - hostStart) / 1000.0, (firstSql - appStart) / 1000.0, (lastSqlEnd - firstSql) / 1000.0,
                jobTime / 1000.0, (hostEnd - lastSqlEnd) / 1000.0);
        out("  executors launched %.1f s and %.1f s after the application started (in parallel with the above)",
                (firstExecutor - appStart) / 1000.0, (lastExecutor - appStart) / 1000.0);
    }

    private static void put(TreeMap<Long, String> marks, long at, String text) {
        marks.merge(at, text, (a, b) -> a + "; " + b);
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 70 ? line.substring(0, 70) + "..." : line;
    }

    private String exec(String script) {
        ContainerExec.Result result = ContainerExec.run(master, Duration.ofMinutes(1), List.of("bash", "-c", script));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(script + " failed: " + result.output());
        }
        return result.stdout();
    }
}
