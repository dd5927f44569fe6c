package dev.datalake.cluster.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/** The last lines a container printed, for error messages. */
public final class ContainerLogs {

    private ContainerLogs() {}

    /**
     * The last {@code lines} lines of the container's log, or a note saying why there are none. Not
     * masked: a caller masks the container's secrets ({@link SecretMask}) before showing them.
     */
    public static String tail(String containerId, int lines) {
        if (containerId == null) {
            return "(the container was never created)";
        }
        StringBuilder text = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        }) {
            DockerClientFactory.lazyClient().logContainerCmd(containerId)
                    .withStdOut(true).withStdErr(true).withTail(lines)
                    .exec(callback)
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
        synchronized (text) {
            return text.length() == 0 ? "(the container printed nothing)" : text.toString().stripTrailing();
        }
    }
}
