package dev.datalake.cluster.kafka;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.datalake.cluster.internal.ServiceProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), without
 * authentication: one listener for the cluster's network ({@code kafka:9092}) and one for the host,
 * advertised with the port the host sees, so a client on the host and Spark on the network both
 * produce and consume. Runs the {@code apache/kafka} image or the offline image built from Kafka's
 * jars (same {@code /etc/kafka/docker/run} contract).
 */
public class KafkaBroker extends GenericContainer<KafkaBroker> {

    /** The official image, JVM build; its Kafka version is the offline image's. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.1";
    /** The listener for containers on the cluster's network. */
    public static final int NETWORK_PORT = 9092;
    /** The listener for the host, published (on 127.0.0.1) and advertised with its host port. */
    public static final int HOST_PORT = 19092;
    static final int CONTROLLER_PORT = 9093;
    static final String DEFAULT_NETWORK_HOST = "kafka";
    static final int NODE_ID = 1;
    /**
     * The KRaft cluster id (a base64url UUID) the log directory is formatted with. Fixed: each
     * broker formats its own fresh storage, and a fixed id keeps reused clusters and compose files
     * the same from run to run.
     */
    static final String CLUSTER_ID = "ZGF0YWxha2UtY2x1c3Rlcg";
    /** Small: the broker of a test cluster holds a few topics. */
    static final String HEAP_OPTS = "-Xmx256m -Xms256m";
    /** Serial GC and C1 only: the broker starts faster on two cores and idles smaller. */
    static final String JVM_OPTS = "-server -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true";
    static final String START_SCRIPT = "/tmp/datalake-kafka-start.sh";
    /** Copied after the script, so the waiting command never runs a half-copied file. */
    static final String START_READY = "/tmp/datalake-kafka-start.ready";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private String networkHost = DEFAULT_NETWORK_HOST;

    public KafkaBroker(String image) {
        super(image);
        withExposedPorts(HOST_PORT);
        withEnv(environment(CLUSTER_ID));
        // the host listener's advertised port is known only once the container exists: the command
        // waits for the script that containerIsStarting copies in, then runs the image's own start
        withCommand("sh", "-c", "while [ ! -f " + START_READY + " ]; do sleep 0.1; done; exec bash " + START_SCRIPT);
        waitingFor(ServiceProbe.of("a metadata request on the host listener names broker " + NODE_ID
                + " and a controller", target -> {
                    int port = target.getMappedPort(HOST_PORT);
                    KafkaMetadata.Answer answer = KafkaMetadata.ask(target.getHost(), port, PROBE_TIMEOUT);
                    return isReady(answer, port) ? null : answer.toString();
                }));
    }

    /** The host name other containers reach the broker by (its network alias); {@code kafka} unless told. */
    public KafkaBroker withNetworkHost(String host) {
        this.networkHost = host;
        return this;
    }

    /** {@code host:port} for a client on the host. */
    public String bootstrapServers() {
        return getHost() + ":" + getMappedPort(HOST_PORT);
    }

    /** {@code kafka:9092} for a client in another container of the cluster. */
    public String internalBootstrapServers() {
        return networkHost + ":" + NETWORK_PORT;
    }

    /** What every consumer container gets: {@code KAFKA_BOOTSTRAP_SERVERS}. */
    static Map<String, String> clientEnvironment(String internalBootstrapServers) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", internalBootstrapServers);
    }

    /**
     * Airflow's {@code kafka_default} in URI form: the Kafka provider reads the client's settings
     * from the connection's extra.
     */
    static String airflowConnection(String internalBootstrapServers) {
        String extra = "{\"bootstrap.servers\": \"" + internalBootstrapServers + "\", \"group.id\": \"airflow\"}";
        return "kafka://?__extra__=" + java.net.URLEncoder.encode(extra, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Ready when the broker names itself on the host listener's published port and reports a controller. */
    static boolean isReady(KafkaMetadata.Answer answer, int hostPort) {
        return answer.controllerId() >= 0 && answer.brokers().stream()
                .anyMatch(b -> b.nodeId() == NODE_ID && b.port() == hostPort);
    }

    /** One combined KRaft node; the advertised listeners come with the start script. */
    static Map<String, String> environment(String clusterId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLUSTER_ID", clusterId);
        env.put("KAFKA_NODE_ID", String.valueOf(NODE_ID));
        env.put("KAFKA_PROCESS_ROLES", "broker,controller");
        env.put("KAFKA_LISTENERS", "PLAINTEXT://:" + NETWORK_PORT + ",HOST://:" + HOST_PORT
                + ",CONTROLLER://:" + CONTROLLER_PORT);
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,HOST:PLAINTEXT,CONTROLLER:PLAINTEXT");
        env.put("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT");
        env.put("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
        env.put("KAFKA_CONTROLLER_QUORUM_VOTERS", NODE_ID + "@localhost:" + CONTROLLER_PORT);
        env.put("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        env.put("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        env.put("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        env.put("KAFKA_LOG_DIRS", "/tmp/kraft-combined-logs");
        env.put("KAFKA_HEAP_OPTS", HEAP_OPTS);
        env.put("KAFKA_JVM_PERFORMANCE_OPTS", JVM_OPTS);
        return env;
    }

    /** {@code KAFKA_ADVERTISED_LISTENERS}: the network's name and the host's published port. */
    static String advertisedListeners(String networkHost, String host, int hostPort) {
        return "PLAINTEXT://" + networkHost + ":" + NETWORK_PORT + ",HOST://" + host + ":" + hostPort;
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
        String script = "#!/usr/bin/env bash\n"
                + "export KAFKA_ADVERTISED_LISTENERS='"
                + advertisedListeners(networkHost, getHost(), getMappedPort(HOST_PORT)) + "'\n"
                + "exec /etc/kafka/docker/run\n";
        copyFileToContainer(Transferable.of(script, 0755), START_SCRIPT);
        copyFileToContainer(Transferable.of(""), START_READY);
    }
}
