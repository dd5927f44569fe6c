package dev.datalake.cluster.images;

import dev.datalake.cluster.ImageSet;
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

    /** Makes every image the cluster needs ready; Airflow's only when {@code airflow} is true. */
    public static ClusterImages prepare(ImageSet set, boolean airflow) {
        long started = System.nanoTime();
        ImageBuilder builder = new ImageBuilder();
        Supplier<MavenArtifacts> maven = MavenArtifacts::defaults;
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
                    .jars("lib", SparkJars.fingerprint(), () -> SparkJars.resolveS3proxy(maven.get())));
            sparkBase = builder.ensure(new BuildSpec("offline-spark-base", "offline/spark-base")
                    .buildArg("BASE_IMAGE", jre)
                    .jars("jars", SparkJars.fingerprint(), () -> SparkJars.resolveBase(maven.get())));
            sparkBaseId = sparkBase;
        } else {
            store = set.minioImage();
            ImageAvailability.require(store, OFFLINE_FIX);
            sparkBase = set.sparkBaseImage();
            ImageAvailability.require(sparkBase, OFFLINE_FIX);
            sparkBaseId = ImageAvailability.imageId(sparkBase);
        }
        String spark = builder.ensure(new BuildSpec("spark", "spark")
                .buildArg("BASE_IMAGE", sparkBase)
                .jars("jars", SparkJars.fingerprint() + "@" + sparkBaseId, () -> SparkJars.resolveConnectors(maven.get()))
                .file("lib/datalake-spark-runner.jar", RunnerJar::bytes));
        String airflowImage = null;
        if (airflow) {
            if (!set.providesAirflow()) {
                throw new IllegalArgumentException("Airflow is not available in the " + set + " image set: it has no "
                        + "offline build. Leave it out (airflow(false)) or name an Airflow image with "
                        + "ImageSet.withAirflowImage(...).");
            }
            airflowImage = set.airflowImage();
            ImageAvailability.require(airflowImage, OFFLINE_FIX);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("images ready in {} ms: object store {}, spark {}{}", millis, store, spark,
                airflowImage == null ? "" : ", airflow " + airflowImage);
        return new ClusterImages(store, spark, airflowImage, millis);
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

    /** What {@link #stageSparkContext} put where. */
    public record StagedContext(int jars, long bytes, Path jarsFolder, Path runnerJar) {}

    /**
     * Fills a build context of {@code images/spark/Dockerfile} as the library does before it builds
     * the image: the connector jars (resolved from Maven) in {@code jars/}, the SQL runner in
     * {@code lib/}, the extra CA bundle as {@code extra-ca.pem}; what was staged there before is
     * replaced, not added to.
     */
    public static StagedContext stageSparkContext(Path context, String runnerFileName) throws IOException {
        List<ResolvedJar> jars = SparkJars.resolveConnectors(MavenArtifacts.defaults());
        Path jarsDir = emptied(context.resolve("jars"));
        long bytes = 0;
        for (ResolvedJar jar : jars) {
            Files.copy(jar.file(), jarsDir.resolve(jar.file().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            bytes += Files.size(jar.file());
        }
        Path runner = emptied(context.resolve("lib")).resolve(runnerFileName);
        Files.write(runner, RunnerJar.bytes());
        Files.write(context.resolve(ExtraCaBundle.FILE_NAME), ExtraCaBundle.bytes());
        return new StagedContext(jars.size(), bytes, jarsDir, runner);
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
