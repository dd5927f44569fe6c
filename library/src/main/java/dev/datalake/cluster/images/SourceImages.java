package dev.datalake.cluster.images;

import java.util.List;
import java.util.function.Supplier;

/**
 * The offline images of the sources beside the lake, built here like the others: a KRaft Kafka
 * broker from Kafka's jars on Maven Central on the offline JRE, PostgreSQL from Debian, and for
 * MongoDB, which no reachable registry packages, FerretDB (MongoDB's wire protocol on SQLite) built
 * from its Go module.
 */
final class SourceImages {

    /** Kafka's broker (Scala 2.13 build); its jars and the upstream image's tag move together. */
    static final String KAFKA_VERSION = "4.1.1";
    /**
     * Kafka logs through slf4j 1.7 to log4j 2; the distribution ships this binding, the POM does not
     * declare it (without it the broker logs nothing).
     */
    static final String LOG4J_SLF4J = "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3";

    private SourceImages() {
    }

    static List<String> kafkaCoordinates() {
        return List.of("org.apache.kafka:kafka_2.13:" + KAFKA_VERSION, LOG4J_SLF4J,
                "org.apache.kafka:kafka-tools:" + KAFKA_VERSION);
    }

    /**
     * kafka-tools is there for {@code kafka-metadata-quorum.sh} (the compose health check), which
     * needs none of what Kafka Connect's REST server brings with it (Jetty, Jersey: 40 jars).
     */
    static List<String> kafkaExclusions() {
        return List.of("org.apache.kafka:connect-runtime", "com.fasterxml.jackson.jakarta.rs:jackson-jakarta-rs-json-provider");
    }

    static BuildSpec kafka(String jre, Supplier<MavenArtifacts> maven) {
        return new BuildSpec("offline-kafka", "offline/kafka")
                .buildArg("BASE_IMAGE", jre)
                .jars("libs", SparkJars.fingerprint(List.of(kafkaCoordinates(), kafkaExclusions())),
                        () -> maven.get().resolve(kafkaCoordinates(), kafkaExclusions()));
    }

    static BuildSpec postgres(String base) {
        return new BuildSpec("offline-postgres", "offline/postgres").buildArg("BASE_IMAGE", base);
    }

    static BuildSpec ferretDb(String base) {
        return new BuildSpec("offline-ferretdb", "offline/ferretdb")
                .buildArg("BASE_IMAGE", base)
                .builtFile("bin/ferretdb", FerretDbBinary.fingerprint(), FerretDbBinary::ensure);
    }
}
