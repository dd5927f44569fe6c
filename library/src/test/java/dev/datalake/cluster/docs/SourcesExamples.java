package dev.datalake.cluster.docs;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.kafka.KafkaBroker;
import dev.datalake.cluster.mongo.MongoServer;
import dev.datalake.cluster.postgres.PostgresServer;

/** The snippets of docs/sources.md (compiled, not run). */
class SourcesExamples {

    void sources() {
        // tag::sources[]
        try (DataLakeCluster cluster = DataLakeCluster.builder()
                .kafka(true).postgres(true).mongo(true)          // each off by default
                .start()) {
            KafkaBroker kafka = cluster.kafka();
            String bootstrap = kafka.bootstrapServers();         // localhost:<port>, for your Kafka client
            PostgresServer postgres = cluster.postgres();
            String jdbc = postgres.jdbcUrl();                    // with postgres.username() / password()
            MongoServer mongo = cluster.mongo();
            String uri = mongo.connectionString();               // credentials included
        }
        // end::sources[]
    }
}
