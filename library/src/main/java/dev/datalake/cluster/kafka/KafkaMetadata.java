package dev.datalake.cluster.kafka;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Metadata request in Kafka's own protocol, so that readiness asks the broker without
 * kafka-clients on the library's classpath: version 4 (the oldest Kafka 4 still serves; non-flexible
 * encoding), no topics, header v1 with a client id.
 */
final class KafkaMetadata {

    static final short API_KEY = 3;
    static final short API_VERSION = 4;
    private static final String CLIENT_ID = "datalake-cluster-probe";

    /** A broker the cluster's metadata names. */
    record Broker(int nodeId, String host, int port) {
        @Override
        public String toString() {
            return nodeId + "@" + host + ":" + port;
        }
    }

    /** What the broker answered: the brokers it knows and the controller id it reports (-1: none). */
    record Answer(List<Broker> brokers, String clusterId, int controllerId) {
        @Override
        public String toString() {
            return "brokers " + brokers + ", cluster " + clusterId + ", controller " + controllerId;
        }
    }

    private KafkaMetadata() {
    }

    /** Asks the broker at {@code host:port} for the cluster's metadata. */
    static Answer ask(String host, int port, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            int correlationId = (int) (System.nanoTime() & 0x7fffffff);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] request = request(correlationId);
            out.writeInt(request.length);
            out.write(request);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 4 || size > 1 << 20) {
                throw new IOException("a metadata answer of " + size + " bytes: not Kafka's protocol");
            }
            byte[] body = new byte[size];
            in.readFully(body);
            return parse(ByteBuffer.wrap(body), correlationId);
        }
    }

    /** Request header v1 (api key, version, correlation id, client id) and Metadata v4's body. */
    static byte[] request(int correlationId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(API_KEY);
            out.writeShort(API_VERSION);
            out.writeInt(correlationId);
            byte[] client = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
            out.writeShort(client.length);
            out.write(client);
            out.writeInt(0); // topics: an empty array asks for none (null would ask for all)
            out.writeBoolean(false); // allow_auto_topic_creation
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Response header v0 and Metadata v4's body up to the controller id (the topics are not read). */
    static Answer parse(ByteBuffer in, int correlationId) throws IOException {
        try {
            int answered = in.getInt();
            if (answered != correlationId) {
                throw new IOException("answer to request " + answered + ", expected " + correlationId);
            }
            in.getInt(); // throttle_time_ms
            int count = in.getInt();
            if (count < 0 || count > 10_000) {
                throw new IOException("a broker list of " + count + ": not a Metadata v4 answer");
            }
            List<Broker> brokers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int nodeId = in.getInt();
                String host = string(in);
                int port = in.getInt();
                string(in); // rack
                brokers.add(new Broker(nodeId, host, port));
            }
            String clusterId = string(in);
            int controllerId = in.getInt();
            return new Answer(List.copyOf(brokers), clusterId, controllerId);
        } catch (java.nio.BufferUnderflowException e) {
            throw new EOFException("the metadata answer ended early");
        }
    }

    /** A nullable string: int16 length (-1 for null), then UTF-8. */
    private static String string(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
