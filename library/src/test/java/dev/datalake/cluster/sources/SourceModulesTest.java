package dev.datalake.cluster.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.spark.SparkNodeContainer;
import dev.datalake.cluster.Service;
import dev.datalake.cluster.internal.ClusterContainers;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ComposeService;
import dev.datalake.cluster.internal.SecretSource;
import dev.datalake.cluster.internal.ServiceModule;
import dev.datalake.cluster.internal.ServiceModules;
import dev.datalake.cluster.kafka.KafkaBroker;
import dev.datalake.cluster.kafka.KafkaModule;
import dev.datalake.cluster.mongo.MongoModule;
import dev.datalake.cluster.mongo.MongoServer;
import dev.datalake.cluster.postgres.PostgresModule;
import dev.datalake.cluster.postgres.PostgresServer;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Kafka, PostgreSQL and MongoDB as modules, without Docker: off by default, each secret random per
 * cluster, and what every consumer (Spark nodes, Airflow) gets from them.
 */
class SourceModulesTest {

    private static final Set<Service> SOURCES = EnumSet.of(Service.KAFKA, Service.POSTGRES, Service.MONGO);

    private static ClusterPlan plan(Set<Service> on) {
        List<ServiceModule> modules = ServiceModules.fresh();
        modules.stream().filter(m -> on.contains(m.service())).forEach(m -> m.enable(true));
        return new ClusterPlan(ImageSet.offline(), SparkVersion.DEFAULT, null, "127.0.0.1", false, List.of(),
                modules.stream().map(m -> m.settled(SecretSource.RANDOM)).toList());
    }

    private static ClusterContainers model(ClusterPlan plan) {
        Map<Service, String> images = Arrays.stream(Service.values())
                .collect(Collectors.toMap(s -> s, s -> "datalake/" + s.id() + ":test"));
        return new ClusterContainers("test", Network.newNetwork(), plan, images);
    }

    @Test
    void theSourcesAreOptionalAndOffByDefault() {
        for (ServiceModule module : ServiceModules.fresh()) {
            if (SOURCES.contains(module.service())) {
                assertThat(module.optional()).as(module.service().id()).isTrue();
                assertThat(module.enabled()).as(module.service().id()).isFalse();
            }
        }
        assertThat(plan(Set.of()).enabled()).extracting(ServiceModule::service).doesNotContainAnyElementsOf(SOURCES);
    }

    @Test
    void eachConsumerGetsEverySourceByItsEcosystemsConventions() {
        ClusterPlan plan = plan(SOURCES);
        ClusterContainers model = model(plan);
        PostgresModule postgres = plan.module(PostgresModule.class);
        MongoModule mongo = plan.module(MongoModule.class);
        String pgPassword = postgres.secrets().get(0);
        String mongoPassword = mongo.secrets().get(0);
        assertThat(pgPassword).matches("[0-9a-f]{24}");
        assertThat(mongoPassword).matches("[0-9a-f]{24}").isNotEqualTo(pgPassword);
        String mongoUri = "mongodb://datalake:" + mongoPassword + "@mongo:27017/lake?authSource=admin";

        List<GenericContainer<?>> consumers = model.byName().entrySet().stream()
                .filter(e -> e.getKey().startsWith("spark-") || e.getKey().equals("airflow"))
                .map(Map.Entry::getValue).toList();
        assertThat(consumers).hasSizeGreaterThanOrEqualTo(3); // master, a worker, Airflow
        for (GenericContainer<?> consumer : consumers) {
            assertThat(environment(consumer)).as(consumer.getNetworkAliases().toString())
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("PGHOST", "postgres").containsEntry("PGPORT", "5432")
                    .containsEntry("PGDATABASE", "lake").containsEntry("PGUSER", "datalake")
                    .containsEntry("PGPASSWORD", pgPassword)
                    .containsEntry("POSTGRES_JDBC_URL", "jdbc:postgresql://postgres:5432/lake")
                    .containsEntry("MONGODB_URI", mongoUri);
        }
        // the drivers' Spark defaults (notebooks and jobs in the master, client-mode drivers in Airflow):
        // the MongoDB connector's URIs, through SPARK_EXTRA_CONF, which the entrypoint writes
        for (String driver : List.of("spark-master", "airflow")) {
            assertThat(environment(model.byName().get(driver)).get("SPARK_EXTRA_CONF")).as(driver)
                    .contains("spark.mongodb.read.connection.uri " + mongoUri)
                    .contains("spark.mongodb.write.connection.uri " + mongoUri);
        }
        GenericContainer<?> airflow = model.byName().get("airflow");
        assertThat(environment(airflow))
                .containsEntry("AIRFLOW_CONN_POSTGRES_DEFAULT", "postgres://datalake:" + pgPassword + "@postgres:5432/lake")
                .containsEntry("AIRFLOW_CONN_MONGO_DEFAULT", "mongo://datalake:" + mongoPassword + "@mongo:27017/lake?authSource=admin")
                .containsKey("AIRFLOW_CONN_KAFKA_DEFAULT");
        // masked in every log
        assertThat(plan.secrets()).contains(pgPassword, mongoPassword);
    }

    @Test
    void theSourcesRunTheirImagesOnTheNetworkWithTheirCredentials() {
        ClusterContainers model = model(plan(SOURCES));
        KafkaBroker kafka = (KafkaBroker) only(model, Service.KAFKA);
        PostgresServer postgres = (PostgresServer) only(model, Service.POSTGRES);
        MongoServer mongo = (MongoServer) only(model, Service.MONGO);
        assertThat(kafka.getNetworkAliases()).contains("kafka");
        assertThat(kafka.internalBootstrapServers()).isEqualTo("kafka:9092");
        assertThat(postgres.getNetworkAliases()).contains("postgres");
        assertThat(postgres.internalJdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/lake");
        assertThat(postgres.getEnvMap()).containsEntry("POSTGRES_PASSWORD", postgres.password());
        assertThat(mongo.getNetworkAliases()).contains("mongo");
        assertThat(mongo.getEnvMap()).containsEntry("MONGO_INITDB_ROOT_USERNAME", "datalake");
        assertThat(mongo.internalConnectionString()).endsWith("@mongo:27017/lake?authSource=admin");
    }

    @Test
    void eachClusterHasItsOwnPasswords() {
        assertThat(plan(SOURCES).module(PostgresModule.class).secrets())
                .isNotEqualTo(plan(SOURCES).module(PostgresModule.class).secrets());
        assertThat(plan(SOURCES).module(MongoModule.class).secrets())
                .isNotEqualTo(plan(SOURCES).module(MongoModule.class).secrets());
    }

    @Test
    void anAccessorOfASourceThatIsOffSaysHowToTurnItOn() {
        ClusterContainers model = model(plan(Set.of()));
        assertThatThrownBy(() -> model.api(KafkaModule.class, KafkaBroker.class, "start it with kafka(true)"))
                .isInstanceOf(IllegalStateException.class).hasMessage("this cluster runs without kafka: start it with kafka(true)");
    }

    @Test
    void composeRunsThemWithHealthChecksThatAskWhatTheProbesAsk() {
        ClusterPlan plan = plan(SOURCES);
        List<ComposeService> services = ClusterContainers.compose(plan, Arrays.stream(Service.values())
                .collect(Collectors.toMap(s -> s, s -> "datalake/" + s.id() + ":test")));
        Map<String, ComposeService> byName = services.stream().collect(Collectors.toMap(ComposeService::name, s -> s));
        assertThat(byName).containsKeys("kafka", "postgres", "mongo");
        ComposeService kafka = byName.get("kafka");
        assertThat(kafka.command()).as("the image's own start, not the start-script wait").isEmpty();
        assertThat(kafka.environment()).containsEntry("KAFKA_ADVERTISED_LISTENERS",
                "PLAINTEXT://kafka:9092,HOST://localhost:19092");
        assertThat(kafka.healthCheck()).contains("/opt/kafka/bin/kafka-metadata-quorum.sh", "describe", "--status");
        assertThat(String.join(" ", byName.get("postgres").healthCheck())).contains("psql -h 127.0.0.1", "SELECT 1");
        assertThat(byName.get("postgres").command()).startsWith("postgres");
        assertThat(String.join(" ", byName.get("mongo").healthCheck())).contains("/debug/readyz");
    }

    /** What the container will run with (Spark's and Airflow's containers set it when they start). */
    private static Map<String, String> environment(GenericContainer<?> container) {
        if (container instanceof SparkNodeContainer<?> node) {
            return node.environment();
        }
        return container instanceof AirflowContainer airflow ? airflow.environment() : container.getEnvMap();
    }

    private static GenericContainer<?> only(ClusterContainers model, Service service) {
        return model.byName().get(service.networkAlias());
    }
}
