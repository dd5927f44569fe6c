package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tags are a hash of the build inputs: stable for the same inputs, different when any input changes. */
class ImageTagTest {

    private static BuildSpec spark(String base, String fingerprint) {
        return new BuildSpec("spark", "spark").buildArg("BASE_IMAGE", base)
                .jars("jars", fingerprint, List::of)
                .file("lib/datalake-spark-runner.jar", RunnerJar::bytes);
    }

    @Test
    void sameInputsSameTag() {
        assertThat(ImageBuilder.tag(spark("base:1", "a"))).isEqualTo(ImageBuilder.tag(spark("base:1", "a")))
                .matches("datalake/spark:[0-9a-f]{16}");
    }

    @Test
    void anyChangedInputChangesTheTag() {
        String tag = ImageBuilder.tag(spark("base:1", "a"));
        assertThat(ImageBuilder.tag(spark("base:2", "a"))).isNotEqualTo(tag);
        assertThat(ImageBuilder.tag(spark("base:1", "b"))).isNotEqualTo(tag);
    }

    @Test
    void everyDockerfileFolderShipsWithTheLibrary() {
        for (String folder : List.of("spark", "offline/jre", "offline/s3proxy", "offline/spark-base")) {
            assertThat(ImageBuilder.resourceFiles(folder)).containsKey("Dockerfile");
        }
        assertThat(ImageBuilder.resourceFiles("spark")).containsKey("entrypoint.sh");
        assertThatThrownBy(() -> ImageBuilder.resourceFiles("nope")).isInstanceOf(IllegalStateException.class);
    }
}
