package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import dev.datalake.cluster.internal.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Image builds leave nothing behind and happen once per tag on this machine: a failed build's
 * intermediate images go, a build past its limit says it timed out, and two JVMs building the same
 * tag build it once. The Dockerfiles are test resources; each test's images carry a label with a
 * nonce of its own, so only they are looked at and removed.
 */
class ImageBuildIT {

    private static final Logger LOG = LoggerFactory.getLogger(ImageBuildIT.class);
    private static final String NONCE_LABEL = "dev.datalake.test.nonce";
    private static final DockerClient DOCKER = DockerClientFactory.lazyClient();

    private final String nonce = Secrets.randomHex(6);

    @AfterEach
    void removeThisTestsImages() {
        for (Image image : images(false)) {
            for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
                if (!tag.startsWith("<none>")) {
                    DOCKER.removeImageCmd(tag).withForce(true).exec();
                }
            }
        }
        for (Image image : images(false)) {
            DOCKER.removeImageCmd(image.getId()).withForce(true).exec();
        }
    }

    @Test
    void aFailedBuildLeavesNoIntermediateImage() {
        BuildSpec spec = new BuildSpec("test-failing", "test-failing").buildArg("NONCE", nonce);
        assertThatThrownBy(() -> new ImageBuilder().ensure(spec))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this step fails on purpose");
        assertThat(images(true)).as("images of the failed build (its steps before the failing one)").isEmpty();
    }

    @Test
    void aBuildPastItsLimitSaysTimedOutAndLeavesNoImage() {
        BuildSpec spec = new BuildSpec("test-slow", "test-slow").buildArg("NONCE", nonce);
        long started = System.nanoTime();
        assertThatThrownBy(() -> new ImageBuilder(DOCKER, Duration.ofSeconds(5)).ensure(spec))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timed out after");
        LOG.info("the build gave up after {} ms", (System.nanoTime() - started) / 1_000_000);
        assertThat(new ImageBuilder().exists(ImageBuilder.tag(spec))).isFalse();
    }

    @Test
    void twoJvmsBuildingTheSameTagBuildItOnce() throws Exception {
        Process first = child();
        Process second = child();
        String a = output(first);
        String b = output(second);
        LOG.info("first JVM:\n{}\nsecond JVM:\n{}", a, b);
        assertThat(first.exitValue()).isZero();
        assertThat(second.exitValue()).isZero();
        assertThat(count(a + b, "building image datalake/test-shared")).as("builds").isEqualTo(1);
        assertThat(a + b).contains("was built by another process meanwhile");
        assertThat(images(false).stream().filter(i -> i.getRepoTags() == null
                || List.of(i.getRepoTags()).contains("<none>:<none>")).toList()).as("dangling images").isEmpty();
    }

    static BuildSpec shared(String nonce) {
        return new BuildSpec("test-shared", "test-shared").buildArg("NONCE", nonce);
    }

    private Process child() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                BuildOnce.class.getName(), nonce).redirectErrorStream(true).start();
    }

    private static String output(Process process) throws Exception {
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return text;
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** This test's images: with {@code all}, intermediate ones too. */
    private List<Image> images(boolean all) {
        return new ArrayList<>(DOCKER.listImagesCmd().withShowAll(all)
                .withLabelFilter(java.util.Map.of(NONCE_LABEL, nonce)).exec());
    }

    /** In a JVM of its own: makes the shared test image ready. */
    public static final class BuildOnce {
        public static void main(String[] args) {
            System.out.println("image " + new ImageBuilder().ensure(shared(args[0])));
        }
    }
}
