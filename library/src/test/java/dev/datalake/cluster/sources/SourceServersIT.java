package dev.datalake.cluster.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.kafka.KafkaBroker;
import dev.datalake.cluster.mongo.MongoServer;
import dev.datalake.cluster.postgres.PostgresServer;
import dev.datalake.cluster.spark.SparkVersion;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

/**
 * Each source on its own, with the image set of the environment ({@code DATALAKE_IMAGES}): the
 * readiness probe passes, a client on the host with the container's accessors reaches it, and
 * authentication is enforced where there is one.
 */
class SourceServersIT {

    ClusterImages images() {
        return ClusterImages.of(ClusterImages.decide(ImageSet.fromEnvironment()), SparkVersion.DEFAULT);
    }

    @Test
    void kafkaTakesAndGivesRecordsOnTheHostListener() throws Exception {
        String image = images().kafka(KafkaBroker.DEFAULT_IMAGE);
        try (Network network = Network.newNetwork();
                KafkaBroker kafka = new KafkaBroker(image).withNetwork(network).withNetworkAliases("kafka")) {
            kafka.start();
            assertThat(kafka.internalBootstrapServers()).isEqualTo("kafka:9092");
            assertThat(kafka.bootstrapServers()).isEqualTo(kafka.getHost() + ":" + kafka.getMappedPort(KafkaBroker.HOST_PORT));
            assertThat(produceAndConsume(kafka.bootstrapServers(), "from-host", 3)).containsExactly("0", "1", "2");
        }
    }

    @Test
    void postgresAcceptsItsUserOnlyWithThePassword() throws Exception {
        String image = images().postgres(PostgresServer.DEFAULT_IMAGE);
        try (PostgresServer postgres = new PostgresServer(image).withCredentials("lake", "datalake", "pw-" + System.nanoTime())) {
            postgres.start();
            assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://" + postgres.getHost() + ":"
                    + postgres.getMappedPort(PostgresServer.PORT) + "/lake");
            assertThat(postgres.internalJdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/lake");
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id int)");
                statement.execute("INSERT INTO t VALUES (1), (2)");
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(2);
                }
            }
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "wrong"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void mongoAcceptsItsRootUserOnlyWithThePassword() {
        String image = images().mongo(MongoServer.DEFAULT_IMAGE);
        try (MongoServer mongo = new MongoServer(image).withCredentials("datalake", "pw" + System.nanoTime())) {
            mongo.start();
            assertThat(mongo.internalConnectionString()).startsWith("mongodb://datalake:").endsWith("@mongo:27017/lake?authSource=admin");
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                client.getDatabase("lake").getCollection("docs").insertOne(new Document("k", 1));
                assertThat(client.getDatabase("lake").getCollection("docs").countDocuments()).isEqualTo(1);
            }
            String wrong = mongo.connectionString().replaceFirst(":[^:@/]+@", ":wrong@");
            try (MongoClient client = MongoClients.create(wrong + "&serverSelectionTimeoutMS=3000")) {
                assertThatThrownBy(() -> client.getDatabase("lake").runCommand(new Document("ping", 1)))
                        .hasRootCauseInstanceOf(com.mongodb.MongoCommandException.class)
                        .isInstanceOfAny(MongoSecurityException.class, com.mongodb.MongoTimeoutException.class);
            }
        }
    }

    /** Produces {@code count} records to a new topic and reads them back from the beginning. */
    static List<String> produceAndConsume(String bootstrap, String topic, int count) throws Exception {
        Map<String, Object> producerConf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConf)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, String.valueOf(i))).get();
            }
        }
        return consume(bootstrap, topic, count);
    }

    /** Reads {@code count} records of {@code topic} from the beginning (30 s at most). */
    static List<String> consume(String bootstrap, String topic, int count) {
        Properties consumerConf = new Properties();
        consumerConf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConf.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
        consumerConf.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConf.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConf.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConf)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
