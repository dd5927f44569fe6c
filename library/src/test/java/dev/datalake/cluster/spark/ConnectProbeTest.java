package dev.datalake.cluster.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.internal.Json;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What the Spark Connect part of the master's probe accepts (no Docker). */
class ConnectProbeTest {


    @Test
    void theConnectApplicationIsActiveWhenRunningOrWaitingForAWorker() throws Exception {
        String app = SparkMasterContainer.CONNECT_APP_NAME;
        assertThat(ConnectProbe.isActive(Json.parse(
                "{\"activeapps\":[{\"name\":\"" + app + "\",\"state\":\"RUNNING\"}]}"), app)).isTrue();
        // a cluster with no worker: registered, no executor yet
        assertThat(ConnectProbe.isActive(Json.parse(
                "{\"activeapps\":[{\"name\":\"" + app + "\",\"state\":\"WAITING\"}]}"), app)).isTrue();
        assertThat(ConnectProbe.isActive(Json.parse(
                "{\"activeapps\":[{\"name\":\"datalake-sql\",\"state\":\"RUNNING\"}]}"), app)).isFalse();
        assertThat(ConnectProbe.isActive(Json.parse("{\"activeapps\":[]}"), app)).isFalse();
    }

    @Test
    void aPortThatOnlyAcceptsConnectionsIsNotGrpc() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread closer = new Thread(() -> {
                try {
                    silent.accept().close();
                } catch (Exception ignored) {
                    // the probe's side is what is tested
                }
            });
            closer.start();
            assertThat(ConnectProbe.speaksHttp2("localhost", silent.getLocalPort())).startsWith("no HTTP/2 answer");
            closer.join(5_000);
        }
    }
}
