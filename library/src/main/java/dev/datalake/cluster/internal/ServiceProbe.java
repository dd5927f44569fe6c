package dev.datalake.cluster.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

/**
 * A readiness probe that asks the service about itself until the answer is the one wanted.
 *
 * <p>An open port is never enough: each probe checks a status code or the content of a JSON
 * document. The probe fails at once when the container exits, and its failure says what the
 * service last answered.
 */
public final class ServiceProbe extends AbstractWaitStrategy {

    /** One attempt at asking the service: returns null when ready, else what it answered. */
    @FunctionalInterface
    public interface Check {
        String attempt(WaitStrategyTarget target) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProbe.class);
    /** How long a probe waits unless told otherwise ({@code withStartupTimeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Between two attempts. An attempt is one local HTTP request; a ready service is seen half an
     * interval later on average, on each service's critical path.
     */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);


    private final Supplier<String> description;
    private final Check check;
    private volatile String lastAnswer = "no answer yet";

    private ServiceProbe(Supplier<String> description, Check check) {
        this.description = description;
        this.check = check;
        this.startupTimeout = DEFAULT_TIMEOUT;
    }

    public static ServiceProbe of(String description, Check check) {
        return new ServiceProbe(() -> description, check);
    }

    /**
     * The probe {@code current} returns, asked anew at each attempt: for a container whose settings
     * (expected workers, Jupyter) may change after its constructor set this as its wait strategy,
     * which keeps the startup timeout Testcontainers gives it.
     */
    public static ServiceProbe lazy(Supplier<ServiceProbe> current) {
        return new ServiceProbe(() -> current.get().description(), target -> current.get().check.attempt(target));
    }

    /** Ready when {@code GET path} on {@code port} answers {@code status}. */
    public static ServiceProbe httpStatus(int port, String path, int status) {
        return of("GET :" + port + path + " answers " + status, target -> {
            Http.Answer answer = Http.get(target, port, path, null);
            return answer.status() == status ? null : answer.toString();
        });
    }

    /**
     * Ready when {@code GET path} on {@code port} answers 200 with a JSON document the predicate
     * accepts. {@code expectation} says in words what the predicate wants.
     */
    public static ServiceProbe httpJson(int port, String path, String expectation, Predicate<Json> ready) {
        return httpJson(port, path, null, expectation, ready);
    }

    /** As {@link #httpJson(int, String, String, Predicate)}, with basic auth ({@code user:password}). */
    public static ServiceProbe httpJson(
            int port, String path, String basicAuth, String expectation, Predicate<Json> ready) {
        return of("GET :" + port + path + " says " + expectation, target -> {
            Http.Answer answer = Http.get(target, port, path, basicAuth);
            if (answer.status() != 200) {
                return answer.toString();
            }
            return ready.test(Json.parse(answer.body())) ? null : answer.toString();
        });
    }

    /**
     * Ready when every probe is, asked in order; one timeout for all. Its failure names the probe
     * that was not ready.
     */
    public static ServiceProbe allOf(ServiceProbe... probes) {
        String description = Arrays.stream(probes).map(ServiceProbe::description).collect(Collectors.joining(" and "));
        return of(description, target -> {
            for (ServiceProbe probe : probes) {
                String answer = probe.check.attempt(target);
                if (answer != null) {
                    return probe.description() + ": " + answer;
                }
            }
            return null;
        });
    }

    /** How long this probe waits. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** What this probe waits for, in words. */
    public String description() {
        return description.get();
    }

    /** What the service last answered, for error messages. */
    public String lastAnswer() {
        return lastAnswer;
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        LOG.info("waiting for {}: {}", serviceName(waitStrategyTarget), description());
        while (true) {
            if (!waitStrategyTarget.isRunning()) {
                Long code = waitStrategyTarget.getCurrentContainerInfo().getState().getExitCodeLong();
                throw failure("the container exited with code " + code);
            }
            try {
                String answer = check.attempt(waitStrategyTarget);
                if (answer == null) {
                    return;
                }
                lastAnswer = answer;
            } catch (Exception e) {
                lastAnswer = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw failure("not ready after " + startupTimeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProbeFailedException(this, "interrupted", "(not read: interrupted)",
                        SecretMask.of(waitStrategyTarget));
            }
        }
    }

    /** The container's own network alias (the last one given), else its name. */
    private static String serviceName(ContainerState target) {
        if (target instanceof GenericContainer<?> container) {
            List<String> aliases = container.getNetworkAliases();
            if (!aliases.isEmpty()) {
                return aliases.get(aliases.size() - 1);
            }
        }
        return target.getContainerInfo().getName();
    }

    /** Testcontainers removes a container whose probe failed: its log is read now, for the error. */
    private ProbeFailedException failure(String reason) {
        return new ProbeFailedException(this, reason,
                ContainerLogs.tail(waitStrategyTarget.getContainerId(), ProbeFailedException.LOG_LINES),
                SecretMask.of(waitStrategyTarget));
    }
}
