package dev.datalake.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.testcontainers.containers.ContainerState;

/**
 * The plain HTTP GET the probes and the clients of the services use: short timeouts, and an
 * answer (status and body) for every status instead of an exception on 4xx/5xx.
 */
public final class Http {

    static final int CONNECT_TIMEOUT_MS = 2_000;
    static final int READ_TIMEOUT_MS = 5_000;

    private Http() {}

    /** A plain HTTP answer: status and body. */
    public record Answer(int status, String body) {
        @Override
        public String toString() {
            String text = body.length() > 300 ? body.substring(0, 300) + "..." : body;
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
        return get(uri, basicAuth == null ? Map.of() : Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8))));
    }

    /** A GET with these request headers. */
    public static Answer get(URI uri, Map<String, String> headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(READ_TIMEOUT_MS);
        headers.forEach(connection::setRequestProperty);
        try {
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, body);
        } finally {
            connection.disconnect();
        }
    }
}
