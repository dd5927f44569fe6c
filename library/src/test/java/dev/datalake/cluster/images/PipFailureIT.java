package dev.datalake.cluster.images;

import dev.datalake.cluster.spark.SparkVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.ImageSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * A PyPI package that cannot be downloaded while an image is built: one error that names the
 * package and its version and says what to do, and no image or container left behind.
 */
class PipFailureIT {

    // a real package at a version PyPI never served
    private static final String MISSING = "six==0.0.0.1";

    @Test
    void aPinPypiDoesNotServeFailsTheBuildNamingIt() {
        String spark = ClusterImages.of(ImageSet.offline(), SparkVersion.DEFAULT).spark();
        BuildSpec spec = new BuildSpec("test-pip-failure", "test-pip-failure")
                .buildArg("BASE_IMAGE", spark)
                .file("install-python.sh", () -> ImageBuilder.resourceFiles("offline/spark-base").get("install-python.sh"))
                .file(ClusterImages.PIP_INSTALL, ClusterImages::pipInstall)
                .file("requirements-test.txt", () -> ("# test\npy4j==0.10.9.7\n" + MISSING + "\npyspark==3.5.3\n")
                        .getBytes(StandardCharsets.UTF_8));
        String tag = ImageBuilder.tag(spec);
        List<?> before = stoppedContainersFrom(spark);

        assertThatThrownBy(() -> new ImageBuilder().ensure(spec))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> LoggerFactory.getLogger(PipFailureIT.class).info("the build failed with: {}",
                        e.getMessage().lines().findFirst().orElseThrow()))
                .satisfies(e -> assertThat(e.getMessage().lines().findFirst().orElseThrow())
                        .contains("pip could not install " + MISSING)
                        .contains("images/offline/spark-base/requirements-test.txt")
                        .contains("Check that this machine reaches PyPI"));

        assertThat(new ImageBuilder().exists(tag)).isFalse();
        assertThat(stoppedContainersFrom(spark)).as("containers the failed build left").hasSameSizeAs(before);
    }

    private static List<?> stoppedContainersFrom(String image) {
        return DockerClientFactory.lazyClient().listContainersCmd().withShowAll(true)
                .withAncestorFilter(List.of(image)).withStatusFilter(List.of("exited", "created")).exec();
    }
}
