package dev.datalake.cluster.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerState;

/** Runs a command in a running container, with a timeout (Testcontainers' own exec has none). */
public final class ContainerExec {

    /** What a command printed and how it ended. {@code output} is stdout and stderr interleaved. */
    public record Result(long exitCode, String stdout, String output) {}

    private ContainerExec() {}

    public static Result run(ContainerState container, Duration timeout, List<String> command) {
        return run(container, timeout, null, command);
    }

    /** Runs {@code command} as {@code user} (null: the image's user); throws when it outlives {@code timeout}. */
    public static Result run(ContainerState container, Duration timeout, String user, List<String> command) {
        DockerClient docker = DockerClientFactory.lazyClient();
        var create = docker.execCreateCmd(container.getContainerId())
                .withCmd(command.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true);
        if (user != null) {
            create.withUser(user);
        }
        String execId = create.exec().getId();
        StringBuilder stdout = new StringBuilder();
        StringBuilder output = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                synchronized (output) {
                    output.append(text);
                    if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
                        stdout.append(text);
                    }
                }
            }
        }) {
            docker.execStartCmd(execId).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("'" + String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + " ...' did not finish within " + timeout.toSeconds() + " s; output so far:\n" + tail(output.toString(), 50));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Long exitCode = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        synchronized (output) {
            return new Result(exitCode == null ? -1 : exitCode, stdout.toString(), output.toString());
        }
    }

    /** The last {@code lines} lines of a text. */
    public static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }
}
