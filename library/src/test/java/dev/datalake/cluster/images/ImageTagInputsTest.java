package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.spark.SparkVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A tag is computed from the pinned coordinates, never from resolved jars: a second start with
 * unchanged inputs finds its images without asking Maven anything (the image step then costs
 * about 0.05 to 0.2 s). Every input still changes the tag.
 */
class ImageTagInputsTest {

    private static final Supplier<List<ResolvedJar>> MUST_NOT_RESOLVE = () -> {
        throw new AssertionError("jars were resolved to compute a tag");
    };

    private static BuildSpec spec(String arg, String fingerprint, String generated, Supplier<List<ResolvedJar>> jars) {
        return new BuildSpec("offline-spark-base", "offline/spark-base").buildArg("BASE_IMAGE", arg)
                .jars("jars", fingerprint, jars)
                .file("lib/x.txt", () -> generated.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTagNeedsNoResolution() {
        AtomicInteger resolutions = new AtomicInteger();
        Supplier<List<ResolvedJar>> counting = () -> {
            resolutions.incrementAndGet();
            return List.of();
        };
        ImageBuilder.tag(spec("datalake/offline-jre:1", SparkJars.fingerprint(SparkVersion.V3_5), "g", counting));
        ImageBuilder.tag(spec("datalake/offline-jre:1", SparkJars.fingerprint(SparkVersion.V3_5), "g", MUST_NOT_RESOLVE));
        assertThat(resolutions).hasValue(0);
    }

    @Test
    void everyInputChangesTheTag() {
        String tag = ImageBuilder.tag(spec("datalake/offline-jre:1", "coordinates-1", "g", MUST_NOT_RESOLVE));
        assertThat(ImageBuilder.tag(spec("datalake/offline-jre:1", "coordinates-1", "g", MUST_NOT_RESOLVE)))
                .isEqualTo(tag);
        assertThat(ImageBuilder.tag(spec("datalake/offline-jre:2", "coordinates-1", "g", MUST_NOT_RESOLVE)))
                .as("build argument").isNotEqualTo(tag);
        assertThat(ImageBuilder.tag(spec("datalake/offline-jre:1", "coordinates-2", "g", MUST_NOT_RESOLVE)))
                .as("pinned coordinates").isNotEqualTo(tag);
        assertThat(ImageBuilder.tag(spec("datalake/offline-jre:1", "coordinates-1", "h", MUST_NOT_RESOLVE)))
                .as("generated file").isNotEqualTo(tag);
        assertThat(ImageBuilder.tag(new BuildSpec("offline-spark-base", "offline/s3proxy")
                .buildArg("BASE_IMAGE", "datalake/offline-jre:1").jars("jars", "coordinates-1", MUST_NOT_RESOLVE)
                .file("lib/x.txt", () -> "g".getBytes(StandardCharsets.UTF_8))))
                .as("Dockerfile folder").isNotEqualTo(tag);
    }

    @Test
    void theRunnerJarIsTheSameFromRunToRun() {
        assertThat(RunnerJar.bytes()).isEqualTo(RunnerJar.bytes());
    }
}
