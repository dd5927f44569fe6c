package dev.datalake.cluster.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Makes sure an image is there before a container needs it: one pull attempt, given up when it
 * makes no progress for {@link #STALL_TIMEOUT} (a first pull of a 4-5 GB image takes longer than
 * any fixed limit on an ordinary connection), then a clear error, instead of Testcontainers'
 * minutes of pull retries.
 */
final class ImageAvailability {

    /** How long a pull may go without a byte or a layer of progress. */
    public static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
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
        Progress progress = new Progress();
        try {
            docker.pullImageCmd(image).exec(progress);
            reason = "the pull ended without the image";
            while (!progress.awaitCompletion(CHECK_INTERVAL.toSeconds(), TimeUnit.SECONDS)) {
                if (progress.stalled(System.nanoTime(), STALL_TIMEOUT)) {
                    progress.close();
                    reason = "the pull made no progress for " + STALL_TIMEOUT.toMinutes() + " min";
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        } catch (java.io.IOException | RuntimeException e) {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        }
        return present(docker, image) ? null : reason;
    }

    /** A pull's callback that notes when it last moved: a new layer, status or byte count. */
    static final class Progress extends PullImageResultCallback {
        private volatile long lastMove = System.nanoTime();
        private String last = "";

        @Override
        public void onNext(PullResponseItem item) {
            Long current = item.getProgressDetail() == null ? null : item.getProgressDetail().getCurrent();
            moved(item.getId() + "|" + item.getStatus() + "|" + current, System.nanoTime());
            super.onNext(item);
        }

        /** Records what the pull says now, at {@code now} (nanoTime); the same again is no progress. */
        synchronized void moved(String state, long now) {
            if (!state.equals(last)) {
                last = state;
                lastMove = now;
            }
        }

        /** Whether nothing moved in the {@code limit} before {@code now}. */
        boolean stalled(long now, Duration limit) {
            return now - lastMove > limit.toNanos();
        }
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
