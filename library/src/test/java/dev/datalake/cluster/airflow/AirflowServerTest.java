package dev.datalake.cluster.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.datalake.cluster.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The REST client against a stand-in of Airflow's API on the loopback interface, for each version:
 * 2.7's {@code /api/v1} with basic auth, 3's {@code /api/v2} with a token from {@code /auth/token}.
 */
class AirflowServerTest {

    private static final String RUN_ID = "manual__2024-01-01T00:00:00.123456+00:00";

    @Nested
    class Airflow2 extends Contract {
        Airflow2() {
            super(AirflowVersion.V2_7);
        }

        @Test
        void everyRequestCarriesBasicAuth() {
            client(Duration.ofSeconds(20)).triggerDag("hello_datalake");
            assertThat(requests).allMatch(request -> request.contains("/api/v1/")).noneMatch(r -> r.contains("/auth/"));
            assertThat(requests).contains("POST /api/v1/dags/hello_datalake/dagRuns {\"conf\":{}}");
        }
    }

    @Nested
    class Airflow3 extends Contract {
        Airflow3() {
            super(AirflowVersion.V3_3);
        }

        @Test
        void signsInOnceAndSendsTheTokenThenSignsInAgainWhenItIsRefused() {
            AirflowServer server = client(Duration.ofSeconds(20));
            server.triggerDag("hello_datalake");
            assertThat(requests.get(0)).isEqualTo("POST /auth/token {\"username\":\"lake\",\"password\":\"s3cret-pass\"}");
            assertThat(requests.stream().filter(r -> r.startsWith("POST /auth/token"))).hasSize(1);
            assertThat(requests).contains("POST /api/v2/dags/hello_datalake/dagRuns {\"conf\":{},\"logical_date\":null}");

            tokenGeneration.incrementAndGet(); // the server forgets the token it gave
            requests.clear();
            assertThat(server.version()).isEqualTo("3.3.2");
            assertThat(requests).containsExactly("GET /api/v2/version", "POST /auth/token "
                    + "{\"username\":\"lake\",\"password\":\"s3cret-pass\"}", "GET /api/v2/version");
        }
    }

    /** What both versions' clients do, each against its own API. */
    abstract static class Contract {

        final AirflowVersion version;
        final String api;
        HttpServer http;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger dagLookups = new AtomicInteger();
        final AtomicInteger runLookups = new AtomicInteger();
        final AtomicInteger tokenGeneration = new AtomicInteger();
        volatile int dagVisibleAfter = 2;
        volatile List<String> runStates = List.of("queued", "running", "success");
        volatile int postStatus = 200;

        Contract(AirflowVersion version) {
            this.version = version;
            this.api = version.major() == 2 ? "/api/v1" : "/api/v2";
        }

        @BeforeEach
        void start() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", this::handle);
            http.start();
        }

        @AfterEach
        void stop() {
            http.stop(0);
        }

        AirflowServer client(Duration parseTimeout) {
            return client("s3cret-pass", parseTimeout);
        }

        AirflowServer client(String password, Duration parseTimeout) {
            URI base = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
            return new AirflowServer(base, version, "lake", password, parseTimeout);
        }

        private String token() {
            return "token-" + tokenGeneration.get();
        }

        private boolean authorized(HttpExchange exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (version.major() == 2) {
                return ("Basic " + Base64.getEncoder().encodeToString("lake:s3cret-pass".getBytes(StandardCharsets.UTF_8)))
                        .equals(auth);
            }
            return ("Bearer " + token()).equals(auth);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(method + " " + target + (body.isEmpty() ? "" : " " + body));
            if (version.major() > 2 && (method + " " + target).equals("POST /auth/token")) {
                Json credentials = Json.parse(body);
                if ("lake".equals(credentials.path("username").asText())
                        && "s3cret-pass".equals(credentials.path("password").asText())) {
                    reply(exchange, 201, "{\"access_token\":\"" + token() + "\"}");
                } else {
                    reply(exchange, 401, "{\"detail\":\"Invalid credentials\"}");
                }
                return;
            }
            if (!authorized(exchange)) {
                reply(exchange, 401, "{\"title\":\"Unauthorized\"}");
                return;
            }
            String run = api + "/dags/hello_datalake/dagRuns/manual__2024-01-01T00%3A00%3A00.123456%2B00%3A00";
            String request = method + " " + target;
            if (request.equals("GET " + api + "/dags/hello_datalake")) {
                if (dagLookups.incrementAndGet() < dagVisibleAfter) {
                    reply(exchange, 404, "{\"detail\":\"DAG not found\",\"status\":404}");
                } else {
                    reply(exchange, 200, "{\"dag_id\":\"hello_datalake\",\"is_paused\":true}");
                }
            } else if (request.equals("PATCH " + api + "/dags/hello_datalake?update_mask=is_paused")) {
                reply(exchange, 200, "{\"dag_id\":\"hello_datalake\",\"is_paused\":false}");
            } else if (request.equals("POST " + api + "/dags/hello_datalake/dagRuns")) {
                reply(exchange, postStatus, postStatus == 200
                        ? "{\"dag_run_id\":\"" + RUN_ID + "\",\"state\":\"queued\"}"
                        : "{\"detail\":\"DAG with dag_id: 'hello_datalake' has import errors\",\"status\":400}");
            } else if (request.equals("GET " + api + "/importErrors")) {
                reply(exchange, 200, "{\"import_errors\":[{\"filename\":\"/opt/airflow/dags/broken.py\","
                        + "\"stack_trace\":\"NameError: name 'x' is not defined\"}],\"total_entries\":1}");
            } else if (request.equals("GET " + api + "/version")) {
                reply(exchange, 200, "{\"version\":\"" + version.version() + "\",\"git_version\":null}");
            } else if (request.equals("GET " + run)) {
                List<String> states = runStates;
                String state = states.get(Math.min(runLookups.getAndIncrement(), states.size() - 1));
                reply(exchange, 200, "{\"dag_run_id\":\"" + RUN_ID + "\",\"state\":\"" + state + "\"}");
            } else {
                reply(exchange, 404, "{\"detail\":\"no such thing\"}");
            }
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        private List<String> apiRequests() {
            return requests.stream().filter(r -> !r.startsWith("POST /auth/token")).toList();
        }

        @Test
        void triggerWaitsForTheDagUnpausesItAndReturnsTheRunId() {
            AirflowServer server = client(Duration.ofSeconds(20));

            assertThat(server.triggerDag("hello_datalake")).isEqualTo(RUN_ID);
            assertThat(apiRequests()).hasSize(4).startsWith(
                    "GET " + api + "/dags/hello_datalake",
                    "GET " + api + "/dags/hello_datalake",
                    "PATCH " + api + "/dags/hello_datalake?update_mask=is_paused {\"is_paused\":false}");
            assertThat(apiRequests().get(3)).startsWith("POST " + api + "/dags/hello_datalake/dagRuns {\"conf\":{}");
            assertThat(server.username()).isEqualTo("lake");
            assertThat(server.password()).isEqualTo("s3cret-pass");
            assertThat(server.url().getPort()).isEqualTo(http.getAddress().getPort());
        }

        @Test
        void theVersionIsAskedFromTheServer() {
            assertThat(client(Duration.ofSeconds(20)).version()).isEqualTo(version.version());
            assertThat(apiRequests()).containsExactly("GET " + api + "/version");
        }

        @Test
        void awaitPollsTheRunUntilItEnds() {
            AirflowServer server = client(Duration.ofSeconds(20));
            assertThat(server.awaitDagRun("hello_datalake", RUN_ID, Duration.ofSeconds(30))).isEqualTo("success");
            assertThat(runLookups.get()).isEqualTo(3);

            runStates = List.of("running", "failed");
            runLookups.set(0);
            assertThat(server.awaitDagRun("hello_datalake", RUN_ID, Duration.ofSeconds(30))).isEqualTo("failed");
        }

        @Test
        void awaitTimesOutNamingTheDagTheRunAndTheLastState() {
            runStates = List.of("running");
            AirflowServer server = client(Duration.ofSeconds(20));
            assertThatThrownBy(() -> server.awaitDagRun("hello_datalake", RUN_ID, Duration.ofSeconds(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hello_datalake").hasMessageContaining(RUN_ID)
                    .hasMessageContaining("last state: running");
            assertThatThrownBy(() -> server.awaitDagRun("hello_datalake", RUN_ID, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void anUnknownRunIsAnErrorWithStatusAndBody() {
            AirflowServer server = client(Duration.ofSeconds(20));
            assertThatThrownBy(() -> server.awaitDagRun("hello_datalake", "nope", Duration.ofSeconds(10)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HTTP 404").hasMessageContaining("no such thing");
        }

        @Test
        void aRefusedTriggerIsAnErrorWithStatusAndBody() {
            postStatus = 400;
            dagVisibleAfter = 1;
            AirflowServer server = client(Duration.ofSeconds(20));
            assertThatThrownBy(() -> server.triggerDag("hello_datalake"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("POST " + api + "/dags/hello_datalake/dagRuns answered HTTP 400")
                    .hasMessageContaining("has import errors");
        }

        @Test
        void aDagThatNeverAppearsIsReportedWithTheImportErrors() {
            dagVisibleAfter = Integer.MAX_VALUE;
            AirflowServer server = client(Duration.ofSeconds(2));
            assertThatThrownBy(() -> server.triggerDag("hello_datalake"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DAG 'hello_datalake' was not found within 2 s")
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("/opt/airflow/dags/broken.py: NameError");
        }

        @Test
        void wrongCredentialsFailAtOnce() {
            AirflowServer server = client("wrong", Duration.ofSeconds(20));
            assertThatThrownBy(() -> server.triggerDag("hello_datalake"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP 401");
            assertThat(requests).hasSize(1);
        }

        @Test
        void runIdsAreEncodedAsOnePathSegment() {
            assertThat(AirflowServer.pathSegment(RUN_ID)).isEqualTo("manual__2024-01-01T00%3A00%3A00.123456%2B00%3A00");
            assertThat(AirflowServer.pathSegment("a b/c")).isEqualTo("a%20b%2Fc");
        }

        @Test
        void aContainerThatIsNotStartedHasNoServer() {
            assertThatThrownBy(() -> new AirflowServer(new AirflowContainer()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        }
    }
}
