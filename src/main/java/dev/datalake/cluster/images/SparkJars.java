package dev.datalake.cluster.images;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The pinned jar sets of the Spark images, resolved from Maven Central with {@link MavenArtifacts}:
 * the offline Spark base ({@code $SPARK_HOME/jars}), the connectors added on top of any Spark 3.5.3
 * base, and s3proxy, the offline object store.
 */
final class SparkJars {

    public static final String SPARK_VERSION = "3.5.3";
    public static final String SCALA_BINARY = "2.12";
    public static final String HADOOP_VERSION = "3.3.4";
    public static final String DELTA_VERSION = "3.2.1";
    /** 10.3.0 and 10.4.x are not served by the Maven mirror of the machines this is tested on. */
    public static final String MONGO_SPARK_VERSION = "10.5.0";
    public static final String POSTGRESQL_VERSION = "42.7.4";
    public static final String MYSQL_VERSION = "8.4.0";
    /**
     * 2.9.0 rejects the checksum headers of AWS SDK v2 (XAmzContentSHA256Mismatch); 3.x accepts them.
     * Its jclouds stores are {@code transient-jclouds} / {@code filesystem-jclouds} (the entrypoint maps).
     */
    public static final String S3PROXY_VERSION = "3.3.0";
    /** s3proxy 3.3.0's jackson-databind 2.22 needs annotations 2.22; its graph's nearest is older. */
    static final String S3PROXY_JACKSON_ANNOTATIONS = "com.fasterxml.jackson.core:jackson-annotations:2.22";
    /** Spark's parent BOM leaves Guava out (Spark shades it); Delta needs the unshaded one Spark ships. */
    static final String GUAVA = "com.google.guava:guava:14.0.1";
    /** Main class of s3proxy: {@code java -cp 'lib/*' org.gaul.s3proxy.Main --properties ...}. */
    public static final String S3PROXY_MAIN_CLASS = "org.gaul.s3proxy.Main";

    /**
     * Spark's parent POM, imported as a BOM when resolving the base: its dependencyManagement is what
     * the Spark distribution is built with. Without it Maven's nearest-wins picks slf4j-api 1.7.36
     * (Spark 3.5 logs through slf4j 2 and log4j-slf4j2-impl), jackson-core 2.14.2 under
     * jackson-databind 2.15.2, and brings guava and protobuf-java, which Spark shades.
     */
    public static final String SPARK_PARENT = spark("spark-parent");

    private SparkJars() {
    }

    /**
     * What an offline Spark base needs in {@code $SPARK_HOME/jars} to run a standalone master, workers,
     * executors and spark-submit with Spark SQL: the Spark 3.5.3 bin-hadoop3 distribution without
     * Hive, YARN, Kubernetes, MLlib, streaming and the REPL. spark-launcher, spark-catalyst, the
     * network modules, Scala, log4j 2 and py4j come transitively.
     */
    public static List<String> baseCoordinates() {
        return List.of(
                spark("spark-core"),
                spark("spark-sql"),
                // as in the distribution: the shaded Hadoop client, not hadoop-common and its graph
                "org.apache.hadoop:hadoop-client-api:" + HADOOP_VERSION,
                "org.apache.hadoop:hadoop-client-runtime:" + HADOOP_VERSION,
                GUAVA);
    }

    /** POMs whose dependencyManagement is imported when resolving the base: {@link #SPARK_PARENT}. */
    public static List<String> baseBoms() {
        return List.of(SPARK_PARENT);
    }

    /**
     * The connectors: S3A (hadoop-aws of the same Hadoop version as the base, with the AWS SDK bundle
     * it was built against), JDBC for PostgreSQL and MySQL, Kafka, Delta Lake and MongoDB.
     */
    public static List<String> connectorCoordinates() {
        return List.of(
                "org.apache.hadoop:hadoop-aws:" + HADOOP_VERSION,
                "org.postgresql:postgresql:" + POSTGRESQL_VERSION,
                "com.mysql:mysql-connector-j:" + MYSQL_VERSION,
                spark("spark-sql-kafka-0-10"),
                "io.delta:delta-spark_" + SCALA_BINARY + ":" + DELTA_VERSION,
                "org.mongodb.spark:mongo-spark-connector_" + SCALA_BINARY + ":" + MONGO_SPARK_VERSION);
    }

    /** s3proxy, run as {@code java -cp 'lib/*' org.gaul.s3proxy.Main}. */
    public static List<String> s3proxyCoordinates() {
        return List.of("org.gaul:s3proxy:" + S3PROXY_VERSION, S3PROXY_JACKSON_ANNOTATIONS);
    }

    /** Exclusions applied to the connectors' transitive graph (none needed so far). */
    public static List<String> connectorExclusions() {
        return List.of();
    }

    /** The jars of the offline Spark base's {@code $SPARK_HOME/jars}. */
    public static List<ResolvedJar> resolveBase(MavenArtifacts maven) {
        return maven.resolve(baseCoordinates(), List.of(), baseBoms());
    }

    /**
     * The connector jars to add to a Spark base: the connectors' runtime closure with the base's
     * versions pinned, minus every artifact (groupId:artifactId) the base already has. The Kafka
     * connector and its token provider are in Spark's group, so this subtracts the base's artifacts,
     * not a group.
     */
    public static List<ResolvedJar> resolveConnectors(MavenArtifacts maven) {
        return maven.resolveOnTopOf(resolveBase(maven), connectorCoordinates(), connectorExclusions());
    }

    /** The jars of s3proxy's {@code lib/}. */
    public static List<ResolvedJar> resolveS3proxy(MavenArtifacts maven) {
        return maven.resolve(s3proxyCoordinates(), List.of());
    }

    /**
     * A stable hash (16 hex digits) of every pinned list above, for image tags: any change of a
     * version, coordinate, BOM or exclusion changes it.
     */
    public static String fingerprint() {
        return fingerprint(List.of(baseCoordinates(), baseBoms(), connectorCoordinates(), connectorExclusions(),
                s3proxyCoordinates()));
    }

    static String fingerprint(List<List<String>> lists) {
        StringBuilder text = new StringBuilder();
        for (List<String> list : lists) {
            text.append(String.join("\n", list)).append("\n--\n");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String spark(String module) {
        return "org.apache.spark:" + module + "_" + SCALA_BINARY + ":" + SPARK_VERSION;
    }
}
