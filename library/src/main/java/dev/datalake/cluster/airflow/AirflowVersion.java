package dev.datalake.cluster.airflow;

import dev.datalake.cluster.spark.SparkVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Airflow versions a cluster can run. Both run in one container on SQLite, started by the same
 * {@link AirflowContainer}: 2.7 as scheduler and webserver with the REST API v1 (basic auth), 3.x
 * as API server, scheduler, DAG processor and triggerer with the REST API v2 (a token from
 * {@code /auth/token}).
 *
 * <p>The upstream image is {@code apache/airflow:<version>-python3.X} with the Python of the Spark
 * line's image, so that a driver started from a DAG and its executors run the same Python
 * ({@link #upstreamImage(SparkVersion)}); the offline images run Debian's Python 3.11 on both sides.
 */
public enum AirflowVersion {

    /** Airflow 2.7.3 (the 2.x line has reached its end of life): Python 3.8 to 3.11. */
    V2_7("2.7.3", List.of("3.8", "3.9", "3.10", "3.11")),
    /** Airflow 3.3.2, the newest Airflow 3 release: Python 3.10 to 3.14. The default. */
    V3_3("3.3.2", List.of("3.10", "3.11", "3.12", "3.13", "3.14"));

    /** The version a cluster runs unless told otherwise. */
    public static final AirflowVersion DEFAULT = V3_3;

    /**
     * The Python of the upstream Spark image of each line (docker-stacks' all-spark-notebook, read
     * from its sources: spark-3.5.3 runs 3.11, spark-4.0.1 3.13; a 4.2 line builds on the 4.0.1
     * base): the Python an Airflow image must have for client-mode drivers on that line.
     */
    private static final Map<String, String> UPSTREAM_SPARK_PYTHON = Map.of(
            "3.5", "3.11",
            "4.0", "3.13",
            "4.2", "3.13");

    private final String version;
    private final List<String> pythons;

    AirflowVersion(String version, List<String> pythons) {
        this.version = version;
        this.pythons = pythons;
    }

    /** The full version, e.g. {@code 3.3.2}. */
    public String version() {
        return version;
    }

    /** The major version: 2 or 3. */
    public int major() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /** The line, e.g. {@code 3.3}: what {@code up --airflow} takes. */
    public String line() {
        return version.substring(0, version.lastIndexOf('.'));
    }

    /**
     * The official image whose Python is that of the Spark line's upstream image, e.g.
     * {@code apache/airflow:3.3.2-python3.11} for Spark 3.5.
     *
     * @throws IllegalArgumentException when Airflow publishes no image of this version for that
     *     Python (a UDF from a DAG would fail on the workers), naming a combination that works
     */
    public String upstreamImage(SparkVersion line) {
        String python = upstreamSparkPython(line);
        if (!pythons.contains(python)) {
            String works = Arrays.stream(values()).filter(v -> v.pythons.contains(python))
                    .map(v -> "AirflowVersion." + v.name()).collect(Collectors.joining(" or "));
            throw new IllegalArgumentException("Airflow " + version + " with Spark " + line.version()
                    + " on the upstream images cannot run one Python on both sides of a Spark job: the Spark image "
                    + "runs Python " + python + " and apache/airflow:" + version + " has no python" + python
                    + " image. Use " + (works.isEmpty() ? "the offline image set" : works) + " with Spark "
                    + line.line() + ", or Airflow " + version + " with a Spark line whose image runs Python "
                    + String.join("/", pythons) + " (" + linesFor(pythons) + "), or the offline image set "
                    + "(Python 3.11 on both sides).");
        }
        return "apache/airflow:" + version + "-python" + python;
    }

    /** The Python minor version of docker-stacks' image of {@code line}. */
    public static String upstreamSparkPython(SparkVersion line) {
        String python = UPSTREAM_SPARK_PYTHON.get(line.line());
        if (python == null) {
            throw new IllegalArgumentException("the Python of the upstream Spark " + line.line()
                    + " image is not known to this library");
        }
        return python;
    }

    private static String linesFor(List<String> pythons) {
        String lines = Arrays.stream(SparkVersion.values())
                .filter(l -> pythons.contains(UPSTREAM_SPARK_PYTHON.get(l.line())))
                .map(l -> "Spark " + l.line()).collect(Collectors.joining(", "));
        return lines.isEmpty() ? "none of this library's lines" : lines;
    }

    /**
     * The version named by {@code value}: a line ({@code 2.7}, {@code 3.3}), a full version, or
     * {@code 2}/{@code 3} for the newest of that major version.
     *
     * @throws IllegalArgumentException naming the versions there are
     */
    public static AirflowVersion parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        AirflowVersion found = null;
        for (AirflowVersion candidate : values()) {
            if (v.equals(candidate.line()) || v.equals(candidate.version) || v.equals(String.valueOf(candidate.major()))
                    || v.equals(candidate.name().toLowerCase(Locale.ROOT))) {
                found = candidate; // values() is oldest first: the newest of a major version wins
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("Airflow version '" + value + "' is not one this library runs: use "
                    + Arrays.stream(values()).map(AirflowVersion::line).collect(Collectors.joining(" or ")));
        }
        return found;
    }
}
