package dev.datalake.cluster.spark;

import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.internal.Http;
import dev.datalake.cluster.internal.Json;
import dev.datalake.cluster.internal.ServiceProbe;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Readiness of the Spark Connect server: the master lists its application among the active ones
 * (RUNNING, or WAITING while no worker has room for an executor: a cluster may have none), and its gRPC
 * port speaks HTTP/2 (answers the client preface with a SETTINGS frame, as a gRPC server does; a
 * port that only accepts connections does not).
 */
final class ConnectProbe {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** An empty SETTINGS frame: length 0, type 4, no flags, stream 0. */
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    private static final int SETTINGS_FRAME = 4;
    private static final int TIMEOUT_MS = 2_000;
    /** What {@code datalake-sql --ping} prints once the gateway is warm. */
    static final String GATEWAY_READY = "@@datalake-ready";

    private ConnectProbe() {}

    static ServiceProbe of(int masterUiPort, int connectPort, String appName) {
        return ServiceProbe.of("the master lists '" + appName + "' as active and :" + connectPort
                + " answers HTTP/2 (gRPC)",
                target -> {
                    Http.Answer answer = Http.get(target, masterUiPort, SparkNodeContainer.STATUS_PATH, null);
                    if (answer.status() != 200 || !isActive(Json.parse(answer.body()), appName)) {
                        return "no active application '" + appName + "' on the master yet";
                    }
                    return speaksHttp2(target.getHost(), target.getMappedPort(connectPort));
                });
    }

    /**
     * The SQL gateway beside the Connect server answers that its warm-up ran (a session, a query
     * on an executor, the S3A client): the first sql() after start pays none of it.
     */
    static ServiceProbe gateway(Duration attemptTimeout) {
        return ServiceProbe.of("the SQL gateway (" + SparkCluster.SQL_GATEWAY_CLIENT + " --ping) says "
                + GATEWAY_READY, target -> {
                    ContainerExec.Result ping = ContainerExec.run(target, attemptTimeout,
                            List.of(SparkCluster.SQL_GATEWAY_CLIENT, "--ping"));
                    return ping.exitCode() == 0 && ping.stdout().strip().equals(GATEWAY_READY) ? null
                            : ContainerExec.tail(ping.output().strip(), 3);
                });
    }

    static boolean isActive(Json masterState, String appName) {
        for (Json app : masterState.path("activeapps")) {
            String state = app.path("state").asText();
            if (appName.equals(app.path("name").asText()) && (state.equals("RUNNING") || state.equals("WAITING"))) {
                return true;
            }
        }
        return false;
    }

    /** Null when the server answers the HTTP/2 preface with a SETTINGS frame, else what it did. */
    static String speaksHttp2(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            out.write(EMPTY_SETTINGS);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            in.readFully(header);
            int type = header[3] & 0xff;
            return type == SETTINGS_FRAME ? null : "answered an HTTP/2 frame of type " + type + ", not SETTINGS";
        } catch (IOException e) {
            return "no HTTP/2 answer on port " + port + ": " + e;
        }
    }
}
