package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.Locale;
import java.util.Objects;

/**
 * Which images the cluster runs. {@link #upstream()} uses the public images (MinIO, and as the
 * bases of the library's own layers the Jupyter all-spark-notebook image and Apache Airflow);
 * {@link #offline()} builds every image locally from {@code debian:bookworm-slim}, Maven Central
 * and PyPI, for machines with no container registry; {@link #auto()} (the default) takes the
 * upstream images where they are present or can be pulled, else the offline ones. Every image
 * name can be overridden.
 */
public final class ImageSet {

    /** The environment variable that picks the set: {@code auto}, {@code upstream} or {@code offline}. */
    public static final String ENV = "DATALAKE_IMAGES";
    /** The system property that picks the set, read before the environment variable. */
    public static final String PROPERTY = "datalake.images";

    /** The last MinIO community image; {@code minio/minio} is gone from Docker Hub. */
    public static final String DEFAULT_MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
    public static final String DEFAULT_SPARK_BASE_IMAGE = defaultSparkBaseImage(SparkVersion.DEFAULT);
    /** The official Airflow image of the default version whose Python is that of the default Spark line. */
    public static final String DEFAULT_AIRFLOW_IMAGE = AirflowVersion.DEFAULT.upstreamImage(SparkVersion.DEFAULT);
    public static final String OFFLINE_BASE_IMAGE = "debian:bookworm-slim";

    /** The kinds of image set. */
    public enum Kind { AUTO, UPSTREAM, OFFLINE }

    private final Kind kind;
    private final String minioImage;
    private final String sparkBaseImage;
    private final String airflowImage;

    private ImageSet(Kind kind, String minioImage, String sparkBaseImage, String airflowImage) {
        this.kind = kind;
        this.minioImage = minioImage;
        this.sparkBaseImage = sparkBaseImage;
        this.airflowImage = airflowImage;
    }

    /** The public images: MinIO, the custom layer on all-spark-notebook, Apache Airflow. */
    public static ImageSet upstream() {
        return new ImageSet(Kind.UPSTREAM, DEFAULT_MINIO_IMAGE, DEFAULT_SPARK_BASE_IMAGE, DEFAULT_AIRFLOW_IMAGE);
    }

    /**
     * Images built here from {@code debian:bookworm-slim}: s3proxy, a Spark base and an Airflow base,
     * with the same custom Spark and Airflow layers as upstream.
     */
    public static ImageSet offline() {
        return new ImageSet(Kind.OFFLINE, null, null, null);
    }

    /**
     * Upstream where its images are present or can be pulled when the cluster starts, else offline
     * (one failed pull decides; the log says which and why).
     */
    public static ImageSet auto() {
        return new ImageSet(Kind.AUTO, DEFAULT_MINIO_IMAGE, DEFAULT_SPARK_BASE_IMAGE, DEFAULT_AIRFLOW_IMAGE);
    }

    /** {@value #PROPERTY} or {@value #ENV} ({@code auto}, {@code upstream} or {@code offline}), else auto. */
    public static ImageSet fromEnvironment() {
        String value = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
            source = "environment variable " + ENV;
        }
        if (value == null || value.isBlank()) {
            return auto();
        }
        return parse(value, source);
    }

    /** {@code auto}, {@code upstream} or {@code offline}, any case. */
    public static ImageSet parse(String value, String source) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> auto();
            case "upstream" -> upstream();
            case "offline" -> offline();
            default -> throw new IllegalArgumentException(source + " is '" + value
                    + "': use 'auto', 'upstream' or 'offline'");
        };
    }

    public Kind kind() {
        return kind;
    }

    public boolean isOffline() {
        return kind == Kind.OFFLINE;
    }

    /**
     * An {@link #auto()} set decided: its images as given ({@code upstream}), or the offline set.
     */
    public ImageSet decided(boolean upstream) {
        return upstream ? new ImageSet(Kind.UPSTREAM, minioImage, sparkBaseImage, airflowImage) : offline();
    }

    /** Whether the set is decided only when the cluster starts ({@link #auto()}). */
    public boolean isAuto() {
        return kind == Kind.AUTO;
    }

    /** The MinIO image (upstream); null in the offline set, whose store is s3proxy, built here. */
    public String minioImage() {
        return minioImage;
    }

    /** The base of the custom Spark layer; null in the offline set, whose base is built here. */
    public String sparkBaseImage() {
        return sparkBaseImage;
    }

    /**
     * The base of the custom Spark layer for a line: the one given with {@link #withSparkBaseImage},
     * else docker-stacks' all-spark-notebook of that Spark version; null in the offline set.
     */
    public String sparkBaseImage(SparkVersion line) {
        if (sparkBaseImage == null || !sparkBaseImage.equals(DEFAULT_SPARK_BASE_IMAGE)) {
            return sparkBaseImage;
        }
        return defaultSparkBaseImage(line);
    }

    /** docker-stacks' all-spark-notebook tagged {@code spark-<version>} (published for 3.5.3 and 4.0.1). */
    public static String defaultSparkBaseImage(SparkVersion line) {
        return "quay.io/jupyter/all-spark-notebook:spark-" + line.version();
    }


    /**
     * The base of the library's Airflow layer (an {@code apache/airflow} image or one with its
     * layout); null in the offline set, whose base is built here.
     */
    public String airflowImage() {
        return airflowImage;
    }

    /**
     * The base of the library's Airflow layer for a Spark line and an Airflow version: the one given
     * with {@link #withAirflowImage}, else the official image of that version whose Python is that
     * of the line's Spark image ({@link AirflowVersion#upstreamImage}); null in the offline set.
     *
     * @throws IllegalArgumentException when no official image of that version has the line's Python
     */
    public String airflowImage(SparkVersion line, AirflowVersion version) {
        if (airflowImage == null || !airflowImage.equals(DEFAULT_AIRFLOW_IMAGE)) {
            return airflowImage;
        }
        return version.upstreamImage(line);
    }

    public ImageSet withMinioImage(String image) {
        return new ImageSet(kind, requireName(image, "MinIO"), sparkBaseImage, airflowImage);
    }

    /** A base for the custom Spark layer with the upstream base's layout (SPARK_HOME=/usr/local/spark, user jovyan). */
    public ImageSet withSparkBaseImage(String image) {
        return new ImageSet(kind, minioImage, requireName(image, "Spark base"), airflowImage);
    }

    /** A base for the library's Airflow layer with the upstream image's layout (uid 50000, /opt/airflow). */
    public ImageSet withAirflowImage(String image) {
        return new ImageSet(kind, minioImage, sparkBaseImage, requireName(image, "Airflow"));
    }

    private static String requireName(String image, String what) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException(what + " image name must not be blank");
        }
        return image.trim();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSet other && kind == other.kind && Objects.equals(minioImage, other.minioImage)
                && Objects.equals(sparkBaseImage, other.sparkBaseImage) && Objects.equals(airflowImage, other.airflowImage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, minioImage, sparkBaseImage, airflowImage);
    }
}
