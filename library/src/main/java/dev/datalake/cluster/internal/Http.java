package dev.datalake.cluster.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.testcontainers.containers.ContainerState;

/**
 * The library's one HTTP client (the JDK's), for probes and for the services' clients: short
 * connect timeouts, and an answer (status and body) for every status instead of an exception on
 * 4xx/5xx.
 */
public final class Http {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Probes ask often and must not hang on a half-started server. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    private Http() {}

    /** A plain HTTP answer: status and body. */
    public record Answer(int status, byte[] bytes) {

        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = body();
            text = text.length() > 300 ? text.substring(0, 300) + "..." : text;
            return "HTTP " + status + " " + text.replaceAll("\\s+", " ").trim();
        }
    }

    /** A GET from the host to {@code port} of the container; {@code basicAuth} is {@code user:password} or null. */
    public static Answer get(ContainerState container, int port, String path, String basicAuth) throws IOException {
        return get(URI.create("http://" + container.getHost() + ":" + container.getMappedPort(port) + path), basicAuth);
    }

    /** A GET without credentials. */
    public static Answer get(URI uri) throws IOException {
        return get(uri, Map.of());
    }

    /** A GET, with basic auth when {@code basicAuth} ({@code user:password}) is not null. */
    public static Answer get(URI uri, String basicAuth) throws IOException {
        return get(uri, basicAuth == null ? Map.of() : Map.of("Authorization", basicAuth(basicAuth)));
    }

    /** A GET with these request headers. */
    public static Answer get(URI uri, Map<String, String> headers) throws IOException {
        return send("GET", uri, headers, null, PROBE_TIMEOUT);
    }

    /** The value of an {@code Authorization} header for {@code user:password}. */
    public static String basicAuth(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One request: {@code body} null sends none. Headers the JDK sets itself ({@code Host},
     * {@code Content-Length}) are left out of {@code headers}.
     */
    public static Answer send(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(method + " " + uri + " interrupted");
        }
    }
}
