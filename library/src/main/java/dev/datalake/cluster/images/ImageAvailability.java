package dev.datalake.cluster.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Makes sure an image is there before a container needs it: one pull attempt with a short
 * timeout, then a clear error, instead of Testcontainers' minutes of pull retries.
 */
final class ImageAvailability {

    public static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(ImageAvailability.class);

    private ImageAvailability() {}

    /**
     * Returns when {@code image} is present locally or was just pulled; otherwise throws an
     * {@link IllegalStateException} naming the image and {@code fix}.
     */
    public static void require(String image, String fix) {
        String reason = obtain(image);
        if (reason != null) {
            throw new IllegalStateException("image " + image + " is not present and could not be pulled ("
                    + reason + "). " + fix);
        }
    }

    /** Null when {@code image} is present or was just pulled; else why not, in words. */
    static String obtain(String image) {
        DockerClient docker = DockerClientFactory.lazyClient();
        if (present(docker, image)) {
            return null;
        }
        LOG.info("image {} is not present; pulling it", image);
        String reason;
        try {
            boolean done = docker.pullImageCmd(image).exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            reason = done ? "the pull ended without the image" : "the pull did not finish in " + PULL_TIMEOUT.toMinutes() + " min";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        } catch (RuntimeException e) {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        }
        return present(docker, image) ? null : reason;
    }

    private static boolean present(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The image's ID, for tags that must change when a base image changes. */
    public static String imageId(String image) {
        return DockerClientFactory.lazyClient().inspectImageCmd(image).exec().getId();
    }
}
