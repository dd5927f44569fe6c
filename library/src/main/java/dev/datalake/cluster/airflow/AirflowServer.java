package dev.datalake.cluster.airflow;

import dev.datalake.cluster.internal.Json;
import dev.datalake.cluster.internal.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A typed client of a started {@link AirflowContainer}'s REST API as the admin: trigger a DAG, wait
 * for its run to end, ask the version. Airflow 2.7: {@code /api/v1} with basic auth; Airflow 3:
 * {@code /api/v2} with a token from {@code POST /auth/token}, fetched once and again when it is
 * refused.
 */
public final class AirflowServer {

    /** How long {@link #triggerDag(String)} waits for the scheduler to have parsed the DAG. */
    public static final Duration PARSE_TIMEOUT = Duration.ofSeconds(60);
    /** The states in which a DAG run has ended. */
    public static final Set<String> TERMINAL_STATES = Set.of("success", "failed");

    /** Airflow 3's simple auth manager: credentials in, a JWT out. */
    private static final String TOKEN_PATH = "/auth/token";
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI url;
    private final AirflowVersion version;
    private final String api;
    private final String username;
    private final String password;
    private final Duration parseTimeout;
    private final HttpClient http;
    private volatile String token;

    /** A client of {@code container}, which must be started (its port is read now). */
    public AirflowServer(AirflowContainer container) {
        this(started(container).webUrl(), container.airflowVersion(), container.adminUsername(),
                container.adminPassword(), PARSE_TIMEOUT);
    }

    private static AirflowContainer started(AirflowContainer container) {
        Objects.requireNonNull(container, "container");
        if (container.getContainerId() == null) {
            throw new IllegalStateException("the Airflow container is not started: start it before making its server");
        }
        return container;
    }

    AirflowServer(URI url, AirflowVersion version, String username, String password, Duration parseTimeout) {
        this.url = url;
        this.version = version;
        this.api = AirflowSettings.apiRoot(version);
        this.username = username;
        this.password = password;
        this.parseTimeout = parseTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The web UI (and the REST API) as the host reaches it; a person signs in with {@link #username()} and {@link #password()}. */
    public URI url() {
        return url;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /**
     * The version the server says it runs ({@code GET /api/v1/version} or {@code /api/v2/version}),
     * e.g. {@code 3.3.2}.
     */
    public String version() {
        String path = api + "/version";
        Answer answer = send("GET", path, null);
        expectSuccess(answer, "GET " + path);
        String running = read(answer, "GET " + path).path("version").asText("");
        if (running.isEmpty()) {
            throw new IllegalStateException("GET " + path + " answered without a version: " + answer);
        }
        return running;
    }

    /**
     * Starts a run of {@code dagId} and returns its run id. Waits (at most {@link #PARSE_TIMEOUT})
     * until the scheduler has parsed the DAG, and unpauses it first.
     *
     * @throws IllegalStateException when the DAG does not appear in time (with the import errors
     *     Airflow reports) or Airflow answers anything unexpected (with its status and body)
     */
    public String triggerDag(String dagId) {
        requireId("dag id", dagId);
        String dagPath = api + "/dags/" + pathSegment(dagId);
        awaitDag(dagId, dagPath);
        Answer unpaused = send("PATCH", dagPath + "?update_mask=is_paused", Map.of("is_paused", false));
        expectSuccess(unpaused, "PATCH " + dagPath + " (unpause)");
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("conf", Map.of());
        if (version.major() > 2) {
            run.put("logical_date", null); // required on 3 (null: a run not tied to a date)
        }
        Answer created = send("POST", dagPath + "/dagRuns", run);
        expectSuccess(created, "POST " + dagPath + "/dagRuns");
        String runId = read(created, "POST " + dagPath + "/dagRuns").path("dag_run_id").asText("");
        if (runId.isEmpty()) {
            throw new IllegalStateException("POST " + dagPath + "/dagRuns answered without a dag_run_id: " + created);
        }
        return runId;
    }

    /**
     * Waits until run {@code runId} of {@code dagId} ends and returns its final state
     * ({@code success} or {@code failed}).
     *
     * @throws IllegalStateException on timeout (naming the DAG, the run and the last state seen),
     *     or when Airflow answers anything unexpected
     */
    public String awaitDagRun(String dagId, String runId, Duration timeout) {
        requireId("dag id", dagId);
        requireId("run id", runId);
        Require.positive("timeout", timeout);
        String path = api + "/dags/" + pathSegment(dagId) + "/dagRuns/" + pathSegment(runId);
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastState = "no answer yet";
        while (true) {
            Answer answer;
            try {
                answer = send("GET", path, null);
            } catch (UncheckedIOException e) {
                answer = null;
                lastState = "no answer (" + e.getMessage() + ")";
            }
            if (answer != null) {
                if (answer.status() != 200) {
                    throw unexpected("GET " + path, answer);
                }
                String state = read(answer, "GET " + path).path("state").asText("");
                if (TERMINAL_STATES.contains(state)) {
                    return state;
                }
                lastState = state.isEmpty() ? "none" : state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("DAG run '" + runId + "' of DAG '" + dagId + "' did not end within "
                        + timeout.toSeconds() + " s; last state: " + lastState);
            }
            pause();
        }
    }

    /** Polls {@code GET <api>/dags/{id}} until it answers 200. */
    private void awaitDag(String dagId, String dagPath) {
        long deadline = System.nanoTime() + parseTimeout.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                Answer answer = send("GET", dagPath, null);
                if (answer.status() == 200) {
                    return;
                }
                if (answer.status() == 401 || answer.status() == 403) {
                    throw unexpected("GET " + dagPath + " as '" + username + "'", answer);
                }
                last = answer.toString();
            } catch (UncheckedIOException e) {
                last = "no answer (" + e.getMessage() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("DAG '" + dagId + "' was not found within " + parseTimeout.toSeconds()
                        + " s (last answer: " + last + "); is its file in the DAG folder, and does it define dag_id '"
                        + dagId + "'? " + importErrors());
            }
            pause();
        }
    }

    /** What Airflow says about DAG files that failed to import, for error messages. */
    private String importErrors() {
        try {
            Answer answer = send("GET", api + "/importErrors", null);
            if (answer.status() != 200) {
                return "Import errors could not be read: " + answer;
            }
            Json errors = read(answer, "GET " + api + "/importErrors").path("import_errors");
            if (errors.isEmpty()) {
                return "Airflow reports no import errors.";
            }
            StringBuilder text = new StringBuilder("Import errors:");
            for (Json error : errors) {
                text.append("\n").append(error.path("filename").asText()).append(": ")
                        .append(error.path("stack_trace").asText().strip());
            }
            return text.toString();
        } catch (RuntimeException e) {
            return "Import errors could not be read: " + e.getMessage();
        }
    }

    /** One request as the admin; on 3, a refused token is fetched anew once. */
    private Answer send(String method, String path, Object body) {
        if (version.major() == 2) {
            return exchange(method, path, body, "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        String current = token;
        if (current == null) {
            current = token = newToken();
        }
        Answer answer = exchange(method, path, body, "Bearer " + current);
        if (answer.status() == 401) {
            token = newToken();
            answer = exchange(method, path, body, "Bearer " + token);
        }
        return answer;
    }

    /** Airflow 3: {@code POST /auth/token} with the admin's credentials gives a JWT. */
    private String newToken() {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", username);
        credentials.put("password", password);
        Answer answer = exchange("POST", TOKEN_PATH, credentials, null);
        if (answer.status() != 200 && answer.status() != 201) {
            throw unexpected("POST " + TOKEN_PATH + " as '" + username + "'", answer);
        }
        String issued = read(answer, "POST " + TOKEN_PATH).path("access_token").asText("");
        if (issued.isEmpty()) {
            throw new IllegalStateException("POST " + TOKEN_PATH + " answered without an access_token");
        }
        return issued;
    }

    private Answer exchange(String method, String path, Object body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static void expectSuccess(Answer answer, String what) {
        if (answer.status() < 200 || answer.status() > 299) {
            throw unexpected(what, answer);
        }
    }

    private static IllegalStateException unexpected(String what, Answer answer) {
        return new IllegalStateException(what + " answered HTTP " + answer.status() + ": " + answer.body());
    }

    private static Json read(Answer answer, String what) {
        try {
            return Json.parse(answer.body());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " answered HTTP " + answer.status() + " with a body that is not JSON: "
                    + answer.body(), e);
        }
    }

    private static String json(Object body) {
        return Json.write(body);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Airflow", e);
        }
    }

    private static void requireId(String what, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** One path segment, percent-encoded (run ids hold ':' and '+'). */
    static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An HTTP answer: status and body. */
    private record Answer(int status, String body) {
        @Override
        public String toString() {
            String text = body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return "HTTP " + status + " " + text.replaceAll("\\s+", " ").trim();
        }
    }
}
