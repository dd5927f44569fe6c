package dev.datalake.cluster.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's configuration, the probe's SCRAM and BSON; no Docker. */
class MongoServerTest {

    @Test
    void theOfficialImagesRootUser() {
        MongoServer server = new MongoServer(MongoServer.DEFAULT_IMAGE).withCredentials("datalake", "s3cret");
        assertThat(server.getEnvMap()).containsEntry("MONGO_INITDB_ROOT_USERNAME", "datalake")
                .containsEntry("MONGO_INITDB_ROOT_PASSWORD", "s3cret");
        assertThat(server.getExposedPorts()).containsExactly(27017);
        assertThat(server.internalConnectionString())
                .isEqualTo("mongodb://datalake:s3cret@mongo:27017/lake?authSource=admin");
    }

    @Test
    void consumersGetTheUriAndSparkItsConnectorSettings() {
        String uri = MongoServer.connectionString("mongo", 27017, "u", "0a1b");
        assertThat(uri).isEqualTo("mongodb://u:0a1b@mongo:27017/lake?authSource=admin");
        assertThat(MongoServer.clientEnvironment(uri)).containsExactly(Map.entry("MONGODB_URI", uri));
        assertThat(MongoServer.sparkConf(uri)).containsOnly(Map.entry("spark.mongodb.read.connection.uri", uri),
                Map.entry("spark.mongodb.write.connection.uri", uri));
        assertThat(MongoServer.airflowConnection("mongo", "u", "p")).isEqualTo("mongo://u:p@mongo:27017/lake?authSource=admin");
    }

    /** RFC 7677's example exchange (user "user", password "pencil"). */
    @Test
    void scramSha256AsTheRfcComputesIt() {
        MongoWire.Scram scram = new MongoWire.Scram("pencil", "n=user,r=rOprNGfwEbeRWgbNEkqO",
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(scram.clientFinal()).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(scram.serverSignature()).isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void bsonRoundTripsWhatTheProbeSendsAndReads() throws Exception {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("saslStart", 1);
        document.put("mechanism", "SCRAM-SHA-256");
        document.put("payload", new byte[] {1, 2, 3});
        document.put("options", Map.of("skipEmptyExchange", true));
        document.put("ok", 1.0);
        document.put("id", 5L);
        Map<String, Object> read = MongoBson.decode(ByteBuffer.wrap(MongoBson.encode(document))
                .order(ByteOrder.LITTLE_ENDIAN));
        assertThat(read).containsEntry("saslStart", 1).containsEntry("mechanism", "SCRAM-SHA-256")
                .containsEntry("options", Map.of("skipEmptyExchange", true)).containsEntry("ok", 1.0)
                .containsEntry("id", 5L);
        assertThat((byte[]) read.get("payload")).containsExactly(1, 2, 3);
        assertThat(MongoWire.isOk(read)).isTrue();
        assertThat(MongoWire.isOk(Map.of("ok", 0.0, "errmsg", "Authentication failed."))).isFalse();
        assertThat(MongoWire.isOk(Map.of("ok", 1))).as("an int, as some servers send it").isTrue();
    }

    @Test
    void anArrayIsReadAsAList() throws Exception {
        // {"a": ["x"]} as a server would send saslSupportedMechs
        byte[] bytes = {22, 0, 0, 0, 4, 'a', 0, 14, 0, 0, 0, 2, '0', 0, 2, 0, 0, 0, 'x', 0, 0, 0};
        assertThat(MongoBson.decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)))
                .containsEntry("a", List.of("x"));
    }
}
