package dev.datalake.cluster.images;

import dev.datalake.cluster.spark.SparkVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The pinned jar sets of the Spark images, resolved from Maven Central with {@link MavenArtifacts}:
 * per {@link SparkVersion Spark line} the offline Spark base ({@code $SPARK_HOME/jars}) and the
 * connectors added on top of any base of that line; and s3proxy, the offline object store.
 */
final class SparkJars {

    /** The default line's versions (3.5.3 / Scala 2.12 / Hadoop 3.3.4). */
    public static final String SPARK_VERSION = SparkVersion.V3_5.version();
    public static final String SCALA_BINARY = SparkVersion.V3_5.scalaBinaryVersion();
    public static final String HADOOP_VERSION = SparkVersion.V3_5.hadoopVersion();
    public static final String DELTA_VERSION = "3.2.1";
    /** Delta's 4.0 line, built for Spark 4.0 and Scala 2.13. */
    public static final String DELTA_4_VERSION = "4.0.0";
    /**
     * 10.3.0 and 10.4.x are not served by the Maven mirror of the machines this is tested on; 10.5.0
     * has both Scala builds (Spark 3.x and 4.0).
     */
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
    /** Spark 3.5's parent BOM leaves Guava out (Spark shades it); Delta needs the unshaded one Spark ships. */
    static final String GUAVA = "com.google.guava:guava:14.0.1";
    /**
     * The Guava the 4.0 distribution ships (spark-parent 4.0.1's guava.version, with its
     * failureaccess); Delta 4 fails without it (NoClassDefFoundError UncheckedExecutionException, seen).
     */
    static final List<String> GUAVA_4 = List.of("com.google.guava:guava:33.4.0-jre",
            "com.google.guava:failureaccess:1.0.2");
    /**
     * Declared by the 4.0 Connect server and client but not served here; both jars carry the Connect
     * protocol classes themselves (the distribution ships neither module as a jar).
     */
    static final List<String> CONNECT_UNSERVED = List.of(
            "org.apache.spark:spark-connect-common_2.13",
            "org.apache.spark:spark-connect-shims_2.13");
    /**
     * The Kafka connector's delegation-token module is not served at 4.0.1 (checked: 4.0.0 is); the
     * 4.0.1 connector gets the 4.0.0 module, a patch release apart and the same code.
     */
    static final String KAFKA_TOKEN_PROVIDER_4 = "org.apache.spark:spark-token-provider-kafka-0-10_2.13";
    static final String KAFKA_TOKEN_PROVIDER_4_VERSION = "4.0.0";
    /** Main class of s3proxy: {@code java -cp 'lib/*' org.gaul.s3proxy.Main --properties ...}. */
    public static final String S3PROXY_MAIN_CLASS = "org.gaul.s3proxy.Main";

    /**
     * Spark's parent POM of the default line, imported as a BOM when resolving the base: its
     * dependencyManagement is what the Spark distribution is built with. Without it Maven's nearest-wins
     * picks slf4j-api 1.7.36 (Spark 3.5 logs through slf4j 2 and log4j-slf4j2-impl), jackson-core 2.14.2
     * under jackson-databind 2.15.2, and brings guava and protobuf-java, which Spark shades.
     */
    public static final String SPARK_PARENT = spark(SparkVersion.V3_5, "spark-parent");

    private SparkJars() {
    }

    /**
     * What an offline Spark base needs in {@code $SPARK_HOME/jars} to run a standalone master, workers,
     * executors and spark-submit with Spark SQL: the bin-hadoop3 distribution of the line without Hive,
     * YARN, Kubernetes, MLlib, streaming and the REPL. spark-launcher, spark-catalyst, the network
     * modules, Scala, log4j 2 and py4j come transitively. On 4.0 also the Spark Connect server and
     * MLlib, which it needs, as the 4.0 distribution ships them in {@code jars/}.
     */
    public static List<String> baseCoordinates(SparkVersion line) {
        List<String> coordinates = new ArrayList<>(List.of(
                spark(line, "spark-core"),
                spark(line, "spark-sql"),
                // as in the distribution: the shaded Hadoop client, not hadoop-common and its graph
                "org.apache.hadoop:hadoop-client-api:" + line.hadoopVersion(),
                "org.apache.hadoop:hadoop-client-runtime:" + line.hadoopVersion()));
        if (line == SparkVersion.V3_5) {
            coordinates.add(GUAVA);
        } else {
            coordinates.addAll(GUAVA_4);
        }
        if (line.hasConnect()) {
            coordinates.add(spark(line, "spark-connect"));
            // the Connect server touches MLlib whenever a session closes (its ML cache): without it
            // every released session fails with NoClassDefFoundError ml/util/ConnectHelper (seen)
            coordinates.add(spark(line, "spark-mllib"));
        }
        return List.copyOf(coordinates);
    }

    /** POMs whose dependencyManagement is imported when resolving the base: Spark's parent of the line. */
    public static List<String> baseBoms(SparkVersion line) {
        return List.of(spark(line, "spark-parent"));
    }

    /** Exclusions applied to the base's transitive graph: the Connect modules that are not served. */
    public static List<String> baseExclusions(SparkVersion line) {
        return line.hasConnect() ? CONNECT_UNSERVED : List.of();
    }

    /**
     * The connectors: S3A (hadoop-aws of the same Hadoop version as the base, with the AWS SDK bundle
     * it was built against: SDK v1 for Hadoop 3.3, v2 for 3.4), JDBC for PostgreSQL and MySQL, Kafka,
     * Delta Lake and MongoDB.
     */
    public static List<String> connectorCoordinates(SparkVersion line) {
        String delta = deltaVersion(line);
        List<String> coordinates = new ArrayList<>(List.of(
                "org.apache.hadoop:hadoop-aws:" + line.hadoopVersion(),
                "org.postgresql:postgresql:" + POSTGRESQL_VERSION,
                "com.mysql:mysql-connector-j:" + MYSQL_VERSION,
                spark(line, "spark-sql-kafka-0-10"),
                "io.delta:delta-spark_" + line.scalaBinaryVersion() + ":" + delta,
                "org.mongodb.spark:mongo-spark-connector_" + line.scalaBinaryVersion() + ":" + MONGO_SPARK_VERSION));
        if (line == SparkVersion.V4_0) {
            coordinates.add(KAFKA_TOKEN_PROVIDER_4 + ":" + KAFKA_TOKEN_PROVIDER_4_VERSION);
        }
        return List.copyOf(coordinates);
    }

    /** The line's Delta release: its jar here, and delta-spark (the Python API) at the same version in the image. */
    public static String deltaVersion(SparkVersion line) {
        return line == SparkVersion.V3_5 ? DELTA_VERSION : DELTA_4_VERSION;
    }

    /** Exclusions applied to the connectors' transitive graph: on 4.0 the unserved token provider. */
    public static List<String> connectorExclusions(SparkVersion line) {
        return line == SparkVersion.V4_0 ? List.of(KAFKA_TOKEN_PROVIDER_4) : List.of();
    }

    /** s3proxy, run as {@code java -cp 'lib/*' org.gaul.s3proxy.Main}. */
    public static List<String> s3proxyCoordinates() {
        return List.of("org.gaul:s3proxy:" + S3PROXY_VERSION, S3PROXY_JACKSON_ANNOTATIONS);
    }

    /** The jars of the offline Spark base's {@code $SPARK_HOME/jars} for the line. */
    public static List<ResolvedJar> resolveBase(MavenArtifacts maven, SparkVersion line) {
        return maven.resolve(baseCoordinates(line), baseExclusions(line), baseBoms(line));
    }

    /**
     * The connector jars to add to a Spark base: the connectors' runtime closure with the base's
     * versions pinned, minus every artifact (groupId:artifactId) the base already has. The Kafka
     * connector and its token provider are in Spark's group, so this subtracts the base's artifacts,
     * not a group.
     */
    public static List<ResolvedJar> resolveConnectors(MavenArtifacts maven, SparkVersion line) {
        return maven.resolveOnTopOf(resolveBase(maven, line), connectorCoordinates(line),
                connectorExclusions(line));
    }

    /** The jars of s3proxy's {@code lib/}. */
    public static List<ResolvedJar> resolveS3proxy(MavenArtifacts maven) {
        return maven.resolve(s3proxyCoordinates(), List.of());
    }

    /**
     * A stable hash (16 hex digits) of every pinned list of the line and of s3proxy, for image tags:
     * any change of a version, coordinate, BOM or exclusion changes it.
     */
    public static String fingerprint(SparkVersion line) {
        return fingerprint(List.of(baseCoordinates(line), baseBoms(line), baseExclusions(line),
                connectorCoordinates(line), connectorExclusions(line), s3proxyCoordinates()));
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

    private static String spark(SparkVersion line, String module) {
        return "org.apache.spark:" + module + "_" + line.scalaBinaryVersion() + ":" + line.version();
    }
}
