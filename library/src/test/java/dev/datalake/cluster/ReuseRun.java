package dev.datalake.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * One "test run" for {@link ReuseIT}, in a JVM of its own: starts the reused cluster, then
 * {@code put} stores an object, {@code get} reads it back. Prints what the parent checks as
 * {@code REUSE key=value} lines, and closes the cluster (which keeps it).
 */
public final class ReuseRun {

    static final String BUCKET = "reuse";
    static final String KEY = "kept/object.txt";

    private ReuseRun() {}

    public static void main(String[] args) {
        long jvmStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
                .orElse(System.currentTimeMillis());
        long started = System.nanoTime();
        DataLakeCluster.Builder builder = ReuseIT.builder();
        if ("airflow".equals(args[0])) {
            builder = ReuseIT.airflowBuilder(newDagFolder(), Integer.parseInt(args[1]));
        }
        try (DataLakeCluster cluster = builder.start()) {
            long readyMs = (System.nanoTime() - started) / 1_000_000;
            print("id", cluster.id());
            print("reused", String.valueOf(cluster.reused()));
            print("startMs", String.valueOf(readyMs));
            print("sinceJvmStartMs", String.valueOf(System.currentTimeMillis() - jvmStart));
            Map<String, String> ids = new TreeMap<>();
            cluster.containers().forEach((service, c) -> ids.put(service, c.getContainerId()));
            print("containers", ids.toString());
            print("secret", Integer.toHexString(cluster.objectStore().secretKey().hashCode()));
            if ("put".equals(args[0])) {
                cluster.objectStore().createBucket(BUCKET);
                cluster.objectStore().putObject(BUCKET, KEY, "kept".getBytes(StandardCharsets.UTF_8));
            } else if ("get".equals(args[0])) {
                print("object", new String(cluster.objectStore().getObject(BUCKET, KEY), StandardCharsets.UTF_8));
            }
            System.out.println("startup report:\n" + cluster.startupReport());
        }
        System.exit(0);
    }

    /** A new temporary DAG folder, as a JUnit {@code @TempDir} gives each run, with one DAG. */
    private static java.nio.file.Path newDagFolder() {
        try {
            java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("reuse-dags");
            java.nio.file.Files.writeString(folder.resolve("reuse_dag.py"), String.join("\n",
                    "from datetime import datetime",
                    "from airflow import DAG",
                    "from airflow.operators.empty import EmptyOperator",
                    "with DAG('reuse_dag', start_date=datetime(2024, 1, 1), schedule=None):",
                    "    EmptyOperator(task_id='nothing')", ""));
            folder.toFile().deleteOnExit();
            return folder;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void print(String key, String value) {
        System.out.println("REUSE " + key + "=" + value);
    }
}
