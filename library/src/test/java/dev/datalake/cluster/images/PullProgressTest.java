package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pull is given up when it stops moving, not after a fixed time: a 4-5 GB first pull may take long. */
class PullProgressTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void aLongPullThatKeepsMovingIsNeverStalled() {
        ImageAvailability.Progress progress = new ImageAvailability.Progress();
        long start = System.nanoTime();
        for (int minute = 1; minute <= 30; minute++) {
            progress.moved("layer-a|Downloading|" + minute * 100_000_000L, start + minute * MINUTE);
            assertThat(progress.stalled(start + minute * MINUTE + 30_000_000_000L, ImageAvailability.STALL_TIMEOUT))
                    .as("minute %d", minute).isFalse();
        }
    }

    @Test
    void aPullThatSaysTheSameThingForLongerThanTheLimitIsStalled() {
        ImageAvailability.Progress progress = new ImageAvailability.Progress();
        long start = System.nanoTime();
        progress.moved("layer-a|Downloading|100", start);
        for (int minute = 1; minute <= 6; minute++) {
            progress.moved("layer-a|Downloading|100", start + minute * MINUTE);
        }
        assertThat(progress.stalled(start + 4 * MINUTE, ImageAvailability.STALL_TIMEOUT)).isFalse();
        assertThat(progress.stalled(start + 6 * MINUTE, ImageAvailability.STALL_TIMEOUT)).isTrue();
    }
}
