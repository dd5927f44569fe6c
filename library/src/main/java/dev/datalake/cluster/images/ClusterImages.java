package dev.datalake.cluster.images;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.spark.SparkVersion;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of one start, made ready before any container exists: pulled or present for the
 * upstream set, built here (once per set of inputs) for the offline set. Each service's module
 * asks for its own image; {@link #decide} turns the {@code auto} set into one of the two.
 */
public final class ClusterImages {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterImages.class);
    private static final String UPSTREAM_FIX = "Use the offline image set, built on this machine from Debian, "
            + "Maven Central and PyPI (ImageSet.offline(), DATALAKE_IMAGES=offline or --images offline), pull or "
            + "load the image first (docker pull <image>), or name another with ImageSet.with...Image(...).";
    private static final String BASE_FIX = "The offline set builds on it: pull it (docker pull "
            + ImageSet.OFFLINE_BASE_IMAGE + ") or load it from a machine that has it (docker save | docker load).";

    /** Where the Airflow layer's build context gets {@code images/spark/entrypoint.sh}. */
    static final String SPARK_ENTRYPOINT_COPY = "datalake-entrypoint.sh";
    /** The Airflow layer's pip wrapper (a failed download names the package), which the offline base uses too. */
    static final String PIP_INSTALL = "pip-install.sh";
    /**
     * The Airflow layer's script that carries what its pip stage changed into the image (and so keeps
     * the extra CA bundle out of the image's layers), which the Spark layer uses too.
     */
    static final String CHANGED_FILES = "changed-files.sh";
    /** The Python contract script of the Spark image, which the Airflow layer gets too (its {@code --airflow} mode). */
    static final String PYTHON_CONTRACT = "check_python_contract.py";

    private final ImageSet set;
    private final SparkVersion line;
    private final ImageBuilder builder = new ImageBuilder();
    private final MavenArtifacts maven;
    private String jre;

    private ClusterImages(ImageSet set, SparkVersion line) {
        this.set = set;
        this.line = line;
        // reads settings.xml now: a broken one fails before any image is looked at, not halfway through a build
        this.maven = MavenArtifacts.defaults();
    }

    /**
     * The images of a start with {@code set} (decided, see {@link #decide}) and the Spark line.
     * Reads the machine's Maven settings first: a broken settings.xml fails here, naming the file.
     */
    public static ClusterImages of(ImageSet set, SparkVersion line) {
        if (set.isAuto()) {
            throw new IllegalArgumentException("decide the auto image set first (ClusterImages.decide)");
        }
        return new ClusterImages(set, line);
    }

    /**
     * {@code set} itself unless it is {@code auto}: then upstream when its first image (the store) is
     * present or can be pulled now, else offline, with one log line saying why and how to force either.
     */
    public static ImageSet decide(ImageSet set) {
        if (!set.isAuto()) {
            return set;
        }
        String reason = ImageAvailability.obtain(set.minioImage());
        if (reason == null) {
            LOG.info("image set auto: upstream ({} is available); force one with DATALAKE_IMAGES=upstream|offline",
                    set.minioImage());
            return set.decided(true);
        }
        LOG.info("image set auto: offline, built on this machine, because {} could not be pulled ({}); force one "
                + "with DATALAKE_IMAGES=upstream|offline", set.minioImage(), reason);
        return set.decided(false);
    }

    public ImageSet set() {
        return set;
    }

    public SparkVersion line() {
        return line;
    }

    /** MinIO upstream; s3proxy, built here, offline. */
    public String objectStore() {
        if (!set.isOffline()) {
            ImageAvailability.require(set.minioImage(), UPSTREAM_FIX);
            return set.minioImage();
        }
        return builder.ensure(new BuildSpec("offline-s3proxy", "offline/s3proxy")
                .buildArg("BASE_IMAGE", jre())
                .jars("lib", SparkJars.fingerprint(SparkVersion.DEFAULT), () -> SparkJars.resolveS3proxy(maven)));
    }

    /** The library's Spark layer of the line, on all-spark-notebook upstream or on the offline base built here. */
    public String spark() {
        String base;
        String baseId;
        if (set.isOffline()) {
            base = builder.ensure(sparkBaseSpec(jre(), line, () -> maven));
            baseId = base;
        } else {
            base = set.sparkBaseImage(line);
            ImageAvailability.require(base, UPSTREAM_FIX);
            baseId = ImageAvailability.imageId(base);
        }
        return builder.ensure(sparkSpec(base, baseId, line, !set.isOffline() && !runsLineSpark(base, line),
                () -> maven));
    }

    /**
     * The library's Spark layer ({@code images/spark}) on {@code base} for the line: the connector
     * jars, the library's runner, and when {@code bringSpark} the line's own Spark jars
     * ({@code spark-jars/}, the offline base's set), which replace the base's at build time.
     */
    static BuildSpec sparkSpec(String base, String baseId, SparkVersion line, boolean bringSpark,
            Supplier<MavenArtifacts> maven) {
        return new BuildSpec("spark", "spark")
                .buildArg("BASE_IMAGE", base)
                .buildArg("SCALA_BINARY_VERSION", line.scalaBinaryVersion())
                .buildArg("SPARK_VERSION", line.version())
                .buildArg("SPARK_HADOOP_VERSION", line.hadoopVersion())
                .buildArg("DELTA_VERSION", SparkJars.deltaVersion(line))
                .jars("spark-jars", bringSpark ? SparkJars.fingerprint(line) : "none",
                        () -> bringSpark ? SparkJars.resolveBase(maven.get(), line) : List.of())
                .jars("jars", SparkJars.fingerprint(line) + "@" + baseId,
                        () -> SparkJars.resolveConnectors(maven.get(), line))
                .file("lib/datalake-spark-runner.jar", RunnerJar::bytes)
                .file(PIP_INSTALL, ClusterImages::pipInstall)
                .file(CHANGED_FILES, ClusterImages::changedFiles);
    }

    /**
     * Whether an upstream Spark base runs the line's Spark itself: docker-stacks tags its images
     * {@code spark-<version>}. Any other base gets the line's Spark from the layer (the build checks
     * the base's RELEASE either way).
     */
    static boolean runsLineSpark(String base, SparkVersion line) {
        return base.endsWith(":spark-" + line.version());
    }

    /** Kafka: apache/kafka upstream; offline a KRaft broker built here from Kafka's jars on the offline JRE. */
    public String kafka(String upstream) {
        if (!set.isOffline()) {
            ImageAvailability.require(upstream, UPSTREAM_FIX);
            return upstream;
        }
        return builder.ensure(SourceImages.kafka(jre(), () -> maven));
    }

    /** PostgreSQL: the official image upstream; offline Debian's PostgreSQL, built here. */
    public String postgres(String upstream) {
        if (!set.isOffline()) {
            ImageAvailability.require(upstream, UPSTREAM_FIX);
            return upstream;
        }
        requireOfflineBase();
        return builder.ensure(SourceImages.postgres(ImageSet.OFFLINE_BASE_IMAGE));
    }

    /** MongoDB: the official image upstream; offline FerretDB (MongoDB's wire protocol), built here from its Go module. */
    public String mongo(String upstream) {
        if (!set.isOffline()) {
            ImageAvailability.require(upstream, UPSTREAM_FIX);
            return upstream;
        }
        requireOfflineBase();
        return builder.ensure(SourceImages.ferretDb(ImageSet.OFFLINE_BASE_IMAGE));
    }

    /**
     * The library's Airflow layer of an Airflow version ({@code images/airflow}: JRE, PySpark of the
     * line, the Spark provider, boto3, the line's connector jars, the start script) on the upstream
     * Airflow image of that version whose Python is the line's, or on the offline base of that
     * version built here ({@code images/offline/airflow}).
     *
     * @throws IllegalArgumentException upstream, when Airflow publishes no image of that version
     *     with the Python of the line's Spark image
     */
    public String airflow(AirflowVersion version) {
        String base;
        String baseId;
        if (set.isOffline() && set.airflowImage() == null) {
            requireOfflineBase();
            base = builder.ensure(offlineAirflowSpec(version));
            baseId = base;
        } else {
            base = set.airflowImage(line, version);
            ImageAvailability.require(base, UPSTREAM_FIX);
            baseId = ImageAvailability.imageId(base);
        }
        // the same connector jars as the Spark image (a client-mode driver runs in this container),
        // and the Spark image's entrypoint, which writes spark-defaults.conf from the environment
        return builder.ensure(airflowSpec(base, line)
                .jars("jars", SparkJars.fingerprint(line) + "@" + baseId, () -> SparkJars.resolveConnectors(maven, line))
                .file(SPARK_ENTRYPOINT_COPY, () -> ImageBuilder.resourceFiles("spark").get("entrypoint.sh"))
                .file(PYTHON_CONTRACT, ClusterImages::pythonContract));
    }

    /** The offline base of an Airflow version: the same Dockerfile, its pins picked by {@code AIRFLOW_VERSION}. */
    static BuildSpec offlineAirflowSpec(AirflowVersion version) {
        return new BuildSpec("offline-airflow", "offline/airflow")
                .buildArg("BASE_IMAGE", ImageSet.OFFLINE_BASE_IMAGE)
                .buildArg("AIRFLOW_VERSION", version.version())
                .file(PIP_INSTALL, ClusterImages::pipInstall);
    }

    /** The line's Delta release, which the Spark layer's {@code DELTA_VERSION} build argument (delta-spark) must be. */
    public static String deltaVersion(SparkVersion line) {
        return SparkJars.deltaVersion(line);
    }

    /** The offline JRE every offline JVM image builds on (built once per start at most). */
    public synchronized String jre() {
        if (jre == null) {
            requireOfflineBase();
            jre = builder.ensure(new BuildSpec("offline-jre", "offline/jre")
                    .buildArg("BASE_IMAGE", ImageSet.OFFLINE_BASE_IMAGE));
        }
        return jre;
    }

    private static void requireOfflineBase() {
        ImageAvailability.require(ImageSet.OFFLINE_BASE_IMAGE, BASE_FIX);
    }

    /** The Airflow layer on {@code base}, told the Spark line (its PySpark pins and version check). */
    static BuildSpec airflowSpec(String base, SparkVersion line) {
        return new BuildSpec("airflow", "airflow")
                .buildArg("BASE_IMAGE", base)
                .buildArg("SPARK_LINE", line.line())
                .buildArg("SPARK_VERSION", line.version());
    }

    /**
     * The offline Spark base of a line: the same Dockerfile, told the line's versions by build
     * arguments (they go into RELEASE and the environment, and pick the Python requirements).
     */
    static BuildSpec sparkBaseSpec(String jre, SparkVersion line, Supplier<MavenArtifacts> maven) {
        return new BuildSpec("offline-spark-base", "offline/spark-base")
                .buildArg("BASE_IMAGE", jre)
                .buildArg("SPARK_VERSION", line.version())
                .buildArg("SPARK_LINE", line.line())
                .buildArg("SCALA_BINARY_VERSION", line.scalaBinaryVersion())
                .buildArg("SPARK_HADOOP_VERSION", line.hadoopVersion())
                .file(PIP_INSTALL, ClusterImages::pipInstall)
                .jars("jars", SparkJars.fingerprint(line), () -> SparkJars.resolveBase(maven.get(), line));
    }

    /**
     * What {@code docker compose build} of {@code images/spark} and {@code images/airflow} needs
     * beside their Dockerfiles, as the library stages it before its own builds: the line's connector
     * jars (resolved from Maven through the user's settings, the same set in both), the line's Spark
     * jars for the Spark context's {@code spark-jars/} where docker-stacks has no image of the line's
     * version (else none: the base runs it), and the files
     * of each context by their path in it (the SQL runner, the pip wrapper, the Spark entrypoint,
     * the extra CA bundle).
     */
    public record ComposeStaging(List<Path> jars, List<Path> sparkJars, Map<String, byte[]> sparkFiles,
            Map<String, byte[]> airflowFiles) {}

    /** {@link ComposeStaging} of a Spark line. */
    public static ComposeStaging composeStaging(SparkVersion line) {
        MavenArtifacts maven = MavenArtifacts.defaults();
        List<Path> jars = SparkJars.resolveConnectors(maven, line).stream().map(ResolvedJar::file).toList();
        List<Path> sparkJars = runsLineSpark(ImageSet.defaultSparkBaseImage(line), line) ? List.of()
                : SparkJars.resolveBase(maven, line).stream().map(ResolvedJar::file).toList();
        Map<String, byte[]> spark = new LinkedHashMap<>();
        spark.put("lib/datalake-spark-runner.jar", RunnerJar.bytes());
        spark.put(PIP_INSTALL, pipInstall());
        spark.put(CHANGED_FILES, changedFiles());
        spark.put(ExtraCaBundle.FILE_NAME, ExtraCaBundle.bytes());
        Map<String, byte[]> airflow = new LinkedHashMap<>();
        airflow.put(SPARK_ENTRYPOINT_COPY, ImageBuilder.resourceFiles("spark").get("entrypoint.sh"));
        airflow.put(PYTHON_CONTRACT, pythonContract());
        airflow.put(ExtraCaBundle.FILE_NAME, ExtraCaBundle.bytes());
        return new ComposeStaging(jars, sparkJars, spark, airflow);
    }

    private static byte[] pythonContract() {
        return ImageBuilder.resourceFiles("spark").get(PYTHON_CONTRACT);
    }

    /** The one pip wrapper every image that runs pip uses (it lives in images/airflow). */
    static byte[] pipInstall() {
        return ImageBuilder.resourceFiles("airflow").get(PIP_INSTALL);
    }

    private static byte[] changedFiles() {
        return ImageBuilder.resourceFiles("airflow").get(CHANGED_FILES);
    }
}
