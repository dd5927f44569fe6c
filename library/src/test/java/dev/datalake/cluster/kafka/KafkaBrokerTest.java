package dev.datalake.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker's configuration, its probe's bytes and its answer to consumers; no Docker. */
class KafkaBrokerTest {

    @Test
    void oneCombinedKraftNodeWithANetworkAndAHostListener() {
        KafkaBroker broker = new KafkaBroker(KafkaBroker.DEFAULT_IMAGE);
        Map<String, String> env = broker.getEnvMap();
        assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_NODE_ID", "1")
                .containsEntry("KAFKA_LISTENERS", "PLAINTEXT://:9092,HOST://:19092,CONTROLLER://:9093")
                .containsEntry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,HOST:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT")
                .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_HEAP_OPTS", "-Xmx256m -Xms256m")
                .doesNotContainKey("KAFKA_ADVERTISED_LISTENERS");
        // only the host listener is published; the network listener is reached on the network
        assertThat(broker.getExposedPorts()).containsExactly(KafkaBroker.HOST_PORT);
        assertThat(broker.getCommandParts()).containsExactly("sh", "-c", "while [ ! -f " + KafkaBroker.START_READY
                + " ]; do sleep 0.1; done; exec bash " + KafkaBroker.START_SCRIPT);
        assertThat(broker.internalBootstrapServers()).isEqualTo("kafka:9092");
        assertThat(broker.withNetworkHost("events").internalBootstrapServers()).isEqualTo("events:9092");
    }

    @Test
    void theHostListenerIsAdvertisedWithItsPublishedPort() {
        assertThat(KafkaBroker.advertisedListeners("kafka", "localhost", 32771))
                .isEqualTo("PLAINTEXT://kafka:9092,HOST://localhost:32771");
    }

    @Test
    void theStorageIsFormattedWithAValidKraftClusterId() {
        // what kafka-storage random-uuid makes: 16 bytes, base64url without padding
        assertThat(KafkaBroker.CLUSTER_ID).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(KafkaBroker.CLUSTER_ID)).hasSize(16);
        assertThat(new KafkaBroker("x").getEnvMap()).containsEntry("CLUSTER_ID", KafkaBroker.CLUSTER_ID);
    }

    @Test
    void consumersGetTheNetworkListener() {
        assertThat(KafkaBroker.clientEnvironment("kafka:9092")).containsExactly(Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
        String uri = KafkaBroker.airflowConnection("kafka:9092");
        assertThat(uri).startsWith("kafka://?__extra__=");
        assertThat(URLDecoder.decode(uri.substring(uri.indexOf('=') + 1), StandardCharsets.UTF_8))
                .isEqualTo("{\"bootstrap.servers\": \"kafka:9092\", \"group.id\": \"airflow\"}");
    }

    @Test
    void theProbeSendsMetadataV4ForNoTopics() {
        ByteBuffer request = ByteBuffer.wrap(KafkaMetadata.request(42));
        assertThat(request.getShort()).as("api key").isEqualTo((short) 3);
        assertThat(request.getShort()).as("version").isEqualTo((short) 4);
        assertThat(request.getInt()).as("correlation id").isEqualTo(42);
        byte[] client = new byte[request.getShort()];
        request.get(client);
        assertThat(new String(client, StandardCharsets.UTF_8)).isEqualTo("datalake-cluster-probe");
        assertThat(request.getInt()).as("topics: empty, not null (all)").isZero();
        assertThat(request.get()).as("no auto-creation").isZero();
        assertThat(request.hasRemaining()).isFalse();
    }

    @Test
    void readyWhenTheBrokerNamesItselfOnThePublishedPortAndAController() throws Exception {
        KafkaMetadata.Answer answer = KafkaMetadata.parse(answer(7, 1, "localhost", 32771, 1), 7);
        assertThat(answer.brokers()).containsExactly(new KafkaMetadata.Broker(1, "localhost", 32771));
        assertThat(answer.clusterId()).isEqualTo("cid");
        assertThat(KafkaBroker.isReady(answer, 32771)).isTrue();
        assertThat(KafkaBroker.isReady(answer, 32772)).as("advertised with another port").isFalse();
        assertThat(KafkaBroker.isReady(KafkaMetadata.parse(answer(7, 1, "localhost", 32771, -1), 7), 32771))
                .as("no controller").isFalse();
        assertThat(KafkaBroker.isReady(new KafkaMetadata.Answer(List.of(), "cid", 1), 32771)).as("no broker").isFalse();
        assertThatThrownBy(() -> KafkaMetadata.parse(answer(8, 1, "localhost", 1, 1), 7))
                .hasMessageContaining("expected 7");
    }

    /** A Metadata v4 answer with one broker and no topics. */
    private static ByteBuffer answer(int correlationId, int nodeId, String host, int port, int controller) {
        ByteBuffer out = ByteBuffer.allocate(256);
        out.putInt(correlationId).putInt(0).putInt(1).putInt(nodeId);
        out.putShort((short) host.length()).put(host.getBytes(StandardCharsets.UTF_8)).putInt(port).putShort((short) -1);
        out.putShort((short) 3).put("cid".getBytes(StandardCharsets.UTF_8)).putInt(controller).putInt(0);
        return out.flip();
    }
}
