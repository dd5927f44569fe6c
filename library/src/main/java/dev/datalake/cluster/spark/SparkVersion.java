package dev.datalake.cluster.spark;

import java.util.Locale;

/**
 * The Spark lines a cluster can run. Each line is one consistent set: Spark, its Scala binary version
 * and the Hadoop whose S3A client it is built with (the connectors follow from these).
 */
public enum SparkVersion {

    /** Spark 3.5.7, Scala 2.12, Hadoop 3.3.4, with a Spark Connect server on the master: the default. */
    V3_5("3.5.7", "2.12", "3.3.4", true),
    /** Spark 4.0.1, Scala 2.13, Hadoop 3.4.1, with a Spark Connect server on the master. */
    V4_0("4.0.1", "2.13", "3.4.1", true),
    /** Spark 4.2.0, Scala 2.13, Hadoop 3.5.0, with a Spark Connect server on the master: the newest line. */
    V4_2("4.2.0", "2.13", "3.5.0", true);

    /** The line a cluster runs unless told otherwise. */
    public static final SparkVersion DEFAULT = V3_5;

    private final String version;
    private final String scalaBinaryVersion;
    private final String hadoopVersion;
    private final boolean connect;

    SparkVersion(String version, String scalaBinaryVersion, String hadoopVersion, boolean connect) {
        this.version = version;
        this.scalaBinaryVersion = scalaBinaryVersion;
        this.hadoopVersion = hadoopVersion;
        this.connect = connect;
    }

    /** The full Spark version, e.g. {@code 4.0.1}. */
    public String version() {
        return version;
    }

    /** The line, e.g. {@code 4.0}: what {@code --spark} takes. */
    public String line() {
        return version.substring(0, version.lastIndexOf('.'));
    }

    /** The Scala binary version of Spark's artifacts, e.g. {@code 2.13}. */
    public String scalaBinaryVersion() {
        return scalaBinaryVersion;
    }

    /** The Hadoop version the line's S3A client (hadoop-aws) and shaded Hadoop client are of. */
    public String hadoopVersion() {
        return hadoopVersion;
    }

    /** Whether the line runs a Spark Connect server on the master. */
    public boolean hasConnect() {
        return connect;
    }

    /**
     * The line named by {@code value}: {@code 3.5}, {@code 4.0} or {@code 4.2}, or a full version of a
     * line ({@code 3.5.7}, {@code 4.0.1}, {@code 4.2.0}).
     *
     * @throws IllegalArgumentException naming the lines there are
     */
    public static SparkVersion parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (SparkVersion line : values()) {
            if (v.equals(line.line()) || v.equals(line.version) || v.equals(line.name().toLowerCase(Locale.ROOT))) {
                return line;
            }
        }
        throw new IllegalArgumentException("Spark version '" + value + "' is not one this library runs: use "
                + java.util.Arrays.stream(values()).map(SparkVersion::line).collect(java.util.stream.Collectors.joining(", ")));
    }
}
