package dev.datalake.cluster.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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
     * Between two attempts. An attempt is one local HTTP request; at 100 ms a ready service is seen
     * 0.05 s later on average (0.125 s at the former 250 ms), on each service's critical path.
     */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String description;
    private final Check check;
    private volatile String lastAnswer = "no answer yet";

    private ServiceProbe(String description, Check check) {
        this.description = description;
        this.check = check;
        this.startupTimeout = DEFAULT_TIMEOUT;
    }

    public static ServiceProbe of(String description, Check check) {
        return new ServiceProbe(description, check);
    }

    /** Ready when {@code GET path} on {@code port} answers {@code status}. */
    public static ServiceProbe httpStatus(int port, String path, int status) {
        return new ServiceProbe("GET :" + port + path + " answers " + status, target -> {
            HttpAnswer answer = get(target, port, path, null);
            return answer.status() == status ? null : answer.toString();
        });
    }

    /**
     * Ready when {@code GET path} on {@code port} answers 200 with a JSON document the predicate
     * accepts. {@code expectation} says in words what the predicate wants.
     */
    public static ServiceProbe httpJson(int port, String path, String expectation, Predicate<JsonNode> ready) {
        return httpJson(port, path, null, expectation, ready);
    }

    /** As {@link #httpJson(int, String, String, Predicate)}, with basic auth ({@code user:password}). */
    public static ServiceProbe httpJson(
            int port, String path, String basicAuth, String expectation, Predicate<JsonNode> ready) {
        return new ServiceProbe("GET :" + port + path + " says " + expectation, target -> {
            HttpAnswer answer = get(target, port, path, basicAuth);
            if (answer.status() != 200) {
                return answer.toString();
            }
            return ready.test(JSON.readTree(answer.body())) ? null : answer.toString();
        });
    }

    /**
     * The same question as a container health check command (for a compose file): Python 3 in the
     * container GETs {@code path} on {@code port} and exits 0 when {@code condition}, a Python
     * expression over the parsed JSON document {@code d} (and the module {@code r},
     * {@code urllib.request}), holds. An error status or no answer exits non-zero.
     */
    public static List<String> pythonHealthCheck(int port, String path, String condition) {
        return List.of("CMD", "python3", "-c", "import json, sys, urllib.request as r; "
                + "d = json.load(r.urlopen('" + localUrl(port, path) + "', timeout=5)); "
                + "sys.exit(0 if " + condition + " else 1)");
    }

    /** A Python expression that is true when {@code GET path} on {@code port} answers 200 (for {@link #pythonHealthCheck}). */
    public static String pythonStatusOk(int port, String path) {
        return "r.urlopen('" + localUrl(port, path) + "', timeout=5).status == 200";
    }

    private static String localUrl(int port, String path) {
        return "http://localhost:" + port + path;
    }

    /**
     * Ready when every probe is, asked in order; one timeout for all. Its failure names the probe
     * that was not ready.
     */
    public static ServiceProbe allOf(ServiceProbe... probes) {
        String description = Arrays.stream(probes).map(ServiceProbe::description).collect(Collectors.joining(" and "));
        return new ServiceProbe(description, target -> {
            for (ServiceProbe probe : probes) {
                String answer = probe.check.attempt(target);
                if (answer != null) {
                    return probe.description + ": " + answer;
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
        return description;
    }

    /** What the service last answered, for error messages. */
    public String lastAnswer() {
        return lastAnswer;
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        LOG.info("waiting for {}: {}", serviceName(waitStrategyTarget), description);
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
                throw new ProbeFailedException(this, "interrupted", "(not read: interrupted)");
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
                ContainerLogs.tail(waitStrategyTarget.getContainerId(), ProbeFailedException.LOG_LINES));
    }

    /** A plain HTTP answer: status and body. */
    public record HttpAnswer(int status, String body) {
        @Override
        public String toString() {
            String text = body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return "HTTP " + status + " " + text.replaceAll("\\s+", " ").trim();
        }
    }

    /** A GET from the host to a port of the container; short timeouts, never throws on 4xx/5xx. */
    public static HttpAnswer get(WaitStrategyTarget target, int port, String path, String basicAuth)
            throws IOException {
        URI uri = URI.create("http://" + target.getHost() + ":" + target.getMappedPort(port) + path);
        return get(uri, basicAuth);
    }

    /** A GET with short timeouts that never throws on 4xx/5xx. */
    public static HttpAnswer get(URI uri, String basicAuth) throws IOException {
        return getWithHeaders(uri, basicAuth == null ? Map.of() : Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8))));
    }

    /** A GET with these request headers, short timeouts, that never throws on 4xx/5xx. */
    public static HttpAnswer getWithHeaders(URI uri, Map<String, String> headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(5_000);
        headers.forEach(connection::setRequestProperty);
        try {
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return new HttpAnswer(status, body);
        } finally {
            connection.disconnect();
        }
    }
}
