package dev.datalake.cluster.images;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images one cluster runs, made ready before any container starts: pulled or present for
 * the upstream set, built here (once per set of inputs) for the offline set.
 */
public final class ClusterImages {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterImages.class);
    private static final String OFFLINE_FIX = "On a machine without a container registry use the offline set "
            + "(ImageSet.offline() or DATALAKE_IMAGES=offline); otherwise pull or load the image first "
            + "(docker pull <image>) or name another with ImageSet.with...Image(...).";

    /** Where the Airflow layer's build context gets {@code images/spark/entrypoint.sh}. */
    static final String SPARK_ENTRYPOINT_COPY = "datalake-entrypoint.sh";
    /** The Airflow layer's pip wrapper (a failed download names the package), which the offline base uses too. */
    static final String PIP_INSTALL = "pip-install.sh";

    private final String objectStoreImage;
    private final String sparkImage;
    private final String airflowImage;
    private final long millis;

    private ClusterImages(String objectStoreImage, String sparkImage, String airflowImage, long millis) {
        this.objectStoreImage = objectStoreImage;
        this.sparkImage = sparkImage;
        this.airflowImage = airflowImage;
        this.millis = millis;
    }

    /** As {@link #prepare(ImageSet, SparkVersion, boolean)} for the default Spark line. */
    public static ClusterImages prepare(ImageSet set, boolean airflow) {
        return prepare(set, SparkVersion.DEFAULT, airflow);
    }

    /** Makes every image the cluster needs ready for the Spark line; Airflow's only when {@code airflow} is true. */
    public static ClusterImages prepare(ImageSet set, SparkVersion line, boolean airflow) {
        long started = System.nanoTime();
        ImageBuilder builder = new ImageBuilder();
        // reads settings.xml now: a broken one fails before any image is looked at, not halfway through a build
        MavenArtifacts artifacts = MavenArtifacts.defaults();
        Supplier<MavenArtifacts> maven = () -> artifacts;
        String store;
        String sparkBase;
        String sparkBaseId;
        if (set.isOffline()) {
            ImageAvailability.require(ImageSet.OFFLINE_BASE_IMAGE, "Run ../shared/docker/engine.sh (it seeds it "
                    + "with debootstrap) or `docker pull " + ImageSet.OFFLINE_BASE_IMAGE + "`.");
            String jre = builder.ensure(new BuildSpec("offline-jre", "offline/jre")
                    .buildArg("BASE_IMAGE", ImageSet.OFFLINE_BASE_IMAGE));
            store = builder.ensure(new BuildSpec("offline-s3proxy", "offline/s3proxy")
                    .buildArg("BASE_IMAGE", jre)
                    .jars("lib", SparkJars.fingerprint(SparkVersion.DEFAULT), () -> SparkJars.resolveS3proxy(maven.get())));
            sparkBase = builder.ensure(sparkBaseSpec(jre, line, maven));
            sparkBaseId = sparkBase;
        } else {
            store = set.minioImage();
            ImageAvailability.require(store, OFFLINE_FIX);
            sparkBase = set.sparkBaseImage(line);
            ImageAvailability.require(sparkBase, OFFLINE_FIX);
            sparkBaseId = ImageAvailability.imageId(sparkBase);
        }
        String spark = builder.ensure(sparkSpec(sparkBase, sparkBaseId, line,
                !set.isOffline() && !runsLineSpark(sparkBase, line), maven));
        String airflowImage = airflow ? airflow(set, line, builder, maven) : null;
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("images ready in {} ms: object store {}, spark {}{}", millis, store, spark,
                airflowImage == null ? "" : ", airflow " + airflowImage);
        return new ClusterImages(store, spark, airflowImage, millis);
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
                .jars("spark-jars", bringSpark ? SparkJars.fingerprint(line) : "none",
                        () -> bringSpark ? SparkJars.resolveBase(maven.get(), line) : List.of())
                .jars("jars", SparkJars.fingerprint(line) + "@" + baseId,
                        () -> SparkJars.resolveConnectors(maven.get(), line))
                .file("lib/datalake-spark-runner.jar", RunnerJar::bytes)
                .file(PIP_INSTALL, ClusterImages::pipInstall);
    }

    /**
     * Whether an upstream Spark base runs the line's Spark itself: docker-stacks tags its images
     * {@code spark-<version>}. Any other base gets the line's Spark from the layer (the build checks
     * the base's RELEASE either way).
     */
    static boolean runsLineSpark(String base, SparkVersion line) {
        return base.endsWith(":spark-" + line.version());
    }

    /**
     * The library's Airflow image for {@code set} and the default Spark line (see
     * {@link #airflow(ImageSet, SparkVersion)}).
     */
    public static String airflow(ImageSet set) {
        return airflow(set, SparkVersion.DEFAULT);
    }

    /**
     * The library's Airflow image for {@code set} and a Spark line, made ready: its layer
     * ({@code images/airflow}: JRE, PySpark of the line, the Spark provider, boto3, the line's
     * connector jars) on the upstream Airflow image, or on the offline base built here
     * ({@code images/offline/airflow}).
     */
    public static String airflow(ImageSet set, SparkVersion line) {
        return airflow(set, line, new ImageBuilder(), MavenArtifacts::defaults);
    }

    private static String airflow(ImageSet set, SparkVersion line, ImageBuilder builder,
            Supplier<MavenArtifacts> maven) {
        String base;
        String baseId;
        if (set.isOffline() && set.airflowImage() == null) {
            ImageAvailability.require(ImageSet.OFFLINE_BASE_IMAGE, "Run ../shared/docker/engine.sh (it seeds it "
                    + "with debootstrap) or `docker pull " + ImageSet.OFFLINE_BASE_IMAGE + "`.");
            base = builder.ensure(new BuildSpec("offline-airflow", "offline/airflow")
                    .buildArg("BASE_IMAGE", ImageSet.OFFLINE_BASE_IMAGE)
                    .file(PIP_INSTALL, ClusterImages::pipInstall));
            baseId = base;
        } else {
            base = set.airflowImage();
            ImageAvailability.require(base, OFFLINE_FIX);
            baseId = ImageAvailability.imageId(base);
        }
        // the same connector jars as the Spark image (a client-mode driver runs in this container),
        // and the Spark image's entrypoint, which writes spark-defaults.conf from the environment
        return builder.ensure(airflowSpec(base, line)
                .jars("jars", SparkJars.fingerprint(line) + "@" + baseId,
                        () -> SparkJars.resolveConnectors(maven.get(), line))
                .file(SPARK_ENTRYPOINT_COPY, () -> ImageBuilder.resourceFiles("spark").get("entrypoint.sh")));
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

    public String objectStoreImage() {
        return objectStoreImage;
    }

    public String sparkImage() {
        return sparkImage;
    }

    /** Null when Airflow was not asked for. */
    public String airflowImage() {
        return airflowImage;
    }

    /** How long making the images ready took. */
    public long millis() {
        return millis;
    }

    /** What {@link #stageComposeContexts} put where. */
    public record StagedContext(int jars, long bytes, Path jarsFolder, Path runnerJar) {}

    /**
     * Fills the build contexts of {@code images/spark/Dockerfile} and {@code images/airflow/Dockerfile}
     * as the library does before it builds the images, for {@code docker compose up --build}: the
     * line's connector jars (resolved from Maven once, the same set in both) in {@code jars/}, the
     * line's Spark jars in the Spark context's {@code spark-jars/} where docker-stacks has no image of
     * the line's version (else nothing there), the SQL runner in the Spark context's {@code lib/}, the Spark entrypoint as
     * {@value #SPARK_ENTRYPOINT_COPY} in the Airflow context, the pip wrapper in the Spark context
     * (the Airflow context is the wrapper's own folder), the extra CA bundle as {@code extra-ca.pem}
     * in both; what was staged there before is replaced,
     * not added to. Returns what went into the Spark context.
     */
    public static StagedContext stageComposeContexts(Path sparkContext, Path airflowContext, String runnerFileName,
            SparkVersion line) throws IOException {
        MavenArtifacts maven = MavenArtifacts.defaults();
        List<ResolvedJar> jars = SparkJars.resolveConnectors(maven, line);
        long bytes = stageJars(jars, sparkContext);
        // compose builds on the upstream base of the line: its Spark unless docker-stacks has the version
        List<ResolvedJar> spark = runsLineSpark(ImageSet.defaultSparkBaseImage(line), line) ? List.of()
                : SparkJars.resolveBase(maven, line);
        copyJars(spark, emptied(sparkContext.resolve("spark-jars")));
        Path runner = emptied(sparkContext.resolve("lib")).resolve(runnerFileName);
        Files.write(runner, RunnerJar.bytes());
        Files.write(sparkContext.resolve(PIP_INSTALL), pipInstall());
        stageJars(jars, airflowContext);
        Files.write(airflowContext.resolve(SPARK_ENTRYPOINT_COPY),
                ImageBuilder.resourceFiles("spark").get("entrypoint.sh"));
        return new StagedContext(jars.size(), bytes, sparkContext.resolve("jars"), runner);
    }

    /** The jars in {@code context/jars/} (emptied first) and the CA bundle; returns the jars' bytes. */
    private static long stageJars(List<ResolvedJar> jars, Path context) throws IOException {
        long bytes = copyJars(jars, emptied(context.resolve("jars")));
        Files.write(context.resolve(ExtraCaBundle.FILE_NAME), ExtraCaBundle.bytes());
        return bytes;
    }

    private static long copyJars(List<ResolvedJar> jars, Path dir) throws IOException {
        long bytes = 0;
        for (ResolvedJar jar : jars) {
            Files.copy(jar.file(), dir.resolve(jar.file().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            bytes += Files.size(jar.file());
        }
        return bytes;
    }

    /** The one pip wrapper every image that runs pip uses (it lives in images/airflow). */
    static byte[] pipInstall() {
        return ImageBuilder.resourceFiles("airflow").get(PIP_INSTALL);
    }

    private static Path emptied(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".jar")) {
                    Files.delete(file);
                }
            }
        }
        return dir;
    }
}
