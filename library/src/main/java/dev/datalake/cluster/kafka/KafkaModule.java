package dev.datalake.cluster.kafka;

import dev.datalake.cluster.Service;
import dev.datalake.cluster.StartupReport;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ComposeService;
import dev.datalake.cluster.internal.OptionalModule;
import dev.datalake.cluster.internal.PublishedPort;
import dev.datalake.cluster.internal.SecretSource;
import dev.datalake.cluster.internal.ServiceContext;
import dev.datalake.cluster.internal.ServiceModule;
import dev.datalake.cluster.internal.Wiring;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;

/**
 * Kafka as a module: a single KRaft broker beside the lake, its bootstrap servers for every
 * consumer ({@code KAFKA_BOOTSTRAP_SERVERS}, Airflow's {@code kafka_default}). Off unless the
 * builder's {@code kafka(true)} turns it on. Not API.
 */
public final class KafkaModule extends OptionalModule {

    private static final Service SERVICE = Service.KAFKA;
    /** The host listener: the compose file publishes it on Kafka's usual port and advertises that. */
    private static final List<PublishedPort> PORTS = List.of(
            PublishedPort.of(SERVICE, KafkaBroker.HOST_PORT, 9092, "Kafka (clients on the host)"));

    public KafkaModule() {
        super(SERVICE, KafkaBroker.DEFAULT_IMAGE, PORTS);
    }

    @Override
    public ServiceModule settled(SecretSource secrets) {
        KafkaModule settled = new KafkaModule();
        settled.enable(enabled());
        return settled;
    }

    @Override
    public String prepareImage(ClusterPlan plan, ClusterImages images) {
        return images.kafka(upstreamImage());
    }

    @Override
    public Wiring wiring(ClusterPlan plan) {
        String bootstrap = internalBootstrapServers();
        return Wiring.environment(KafkaBroker.clientEnvironment(bootstrap), List.of())
                .withAirflowConnections(Map.of("kafka_default", KafkaBroker.airflowConnection(bootstrap)));
    }

    private static String internalBootstrapServers() {
        return SERVICE.networkAlias() + ":" + KafkaBroker.NETWORK_PORT;
    }

    @Override
    public List<GenericContainer<?>> containers(ServiceContext context) {
        KafkaBroker broker = new KafkaBroker(context.image(SERVICE)).withNetworkHost(SERVICE.networkAlias());
        return List.of(context.join(broker, SERVICE, SERVICE.networkAlias()));
    }

    /**
     * The image's own command (no start script: the host port is fixed here, so the host listener
     * is advertised in the environment), and a health check that asks the controller quorum, as the
     * probe asks the broker for its metadata.
     */
    @Override
    public List<ComposeService> compose(ServiceContext context, List<GenericContainer<?>> containers) {
        KafkaBroker broker = (KafkaBroker) containers.get(0);
        int hostPort = context.plan().fixedPorts(SERVICE).getOrDefault(KafkaBroker.HOST_PORT, KafkaBroker.HOST_PORT);
        Map<String, String> env = new LinkedHashMap<>(broker.getEnvMap());
        env.put("KAFKA_ADVERTISED_LISTENERS",
                KafkaBroker.advertisedListeners(SERVICE.networkAlias(), "localhost", hostPort));
        List<String> check = List.of("CMD", "/opt/kafka/bin/kafka-metadata-quorum.sh", "--bootstrap-server",
                "localhost:" + KafkaBroker.NETWORK_PORT, "describe", "--status");
        return List.of(ComposeService.ofImage(context, SERVICE, List.of(), env, check));
    }

    @Override
    public List<StartupReport.Endpoint> endpoints(Object api) {
        KafkaBroker broker = (KafkaBroker) api;
        return List.of(new StartupReport.Endpoint("Kafka", broker.bootstrapServers(),
                "bootstrap servers, no authentication; from containers " + broker.internalBootstrapServers()));
    }

    @Override
    public String fingerprint() {
        return "kafka";
    }
}
