/**
 * A local data lake on Testcontainers. Exports the API packages only: {@code internal} (what the
 * services share) and {@code images} (image builds) are not part of it.
 *
 * <p>Meant for the class path, where tests run. Maven's resolver, which the library uses to fetch
 * the images' jars, cannot be resolved as modules (Maven 3's jars split packages), so it is not
 * named here; on a module path the library runs only with the upstream images present.
 */
module dev.datalake.cluster {
    requires transitive testcontainers;
    requires transitive org.slf4j;
    requires java.net.http;
    requires java.xml;
    requires static org.junit.jupiter.api;

    exports dev.datalake.cluster;
    exports dev.datalake.cluster.storage;
    exports dev.datalake.cluster.spark;
    exports dev.datalake.cluster.jupyter;
    exports dev.datalake.cluster.airflow;
    exports dev.datalake.cluster.junit;
    exports dev.datalake.cluster.kafka;
    exports dev.datalake.cluster.postgres;
    exports dev.datalake.cluster.mongo;
}
