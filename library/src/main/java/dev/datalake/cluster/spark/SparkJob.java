package dev.datalake.cluster.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A Spark application in a jar, for {@link SparkCluster#submit(SparkJob)}. */
public final class SparkJob {

    private final Path jar;
    private String mainClass;
    private final List<String> args = new ArrayList<>();
    private final List<String> conf = new ArrayList<>();

    private SparkJob(Path jar) {
        this.jar = jar;
    }

    /** A job from a jar on the host; the jar must exist. */
    public static SparkJob jar(Path jar) {
        Objects.requireNonNull(jar, "jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("job jar " + jar.toAbsolutePath() + " does not exist or is not a file");
        }
        return new SparkJob(jar);
    }

    /** The class with {@code main}; without it, spark-submit reads Main-Class from the jar's manifest. */
    public SparkJob mainClass(String mainClass) {
        if (mainClass == null || mainClass.isBlank()) {
            throw new IllegalArgumentException("main class must not be blank");
        }
        this.mainClass = mainClass;
        return this;
    }

    public SparkJob args(String... args) {
        this.args.clear();
        this.args.addAll(List.of(args));
        return this;
    }

    /** A Spark property for this job only, e.g. {@code conf("spark.sql.shuffle.partitions", "4")}. */
    public SparkJob conf(String key, String value) {
        conf.add(key + "=" + value);
        return this;
    }

    public Path jarPath() {
        return jar;
    }

    public String mainClassName() {
        return mainClass;
    }

    public List<String> arguments() {
        return List.copyOf(args);
    }

    List<String> confEntries() {
        return List.copyOf(conf);
    }
}
