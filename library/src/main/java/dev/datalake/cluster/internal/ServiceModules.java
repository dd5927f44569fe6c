package dev.datalake.cluster.internal;

import dev.datalake.cluster.airflow.AirflowModule;
import dev.datalake.cluster.kafka.KafkaModule;
import dev.datalake.cluster.mongo.MongoModule;
import dev.datalake.cluster.postgres.PostgresModule;
import dev.datalake.cluster.spark.SparkModule;
import dev.datalake.cluster.storage.ObjectStoreModule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The registered services, in start order: the one place a new service is added. */
public final class ServiceModules {

    private static final List<Supplier<ServiceModule>> REGISTERED = List.of(
            ObjectStoreModule::new,
            SparkModule::new,
            AirflowModule::new,
            KafkaModule::new,
            PostgresModule::new,
            MongoModule::new);

    private ServiceModules() {}

    /** A new instance of every module, with its defaults: what a new builder holds. */
    public static List<ServiceModule> fresh() {
        return REGISTERED.stream().map(Supplier::get).toList();
    }

    /** The ports every service can publish that have a usual host port. */
    public static List<PublishedPort> usualPorts() {
        List<PublishedPort> ports = new ArrayList<>();
        for (ServiceModule module : fresh()) {
            module.allPorts().stream().filter(p -> p.usualHostPort() > 0).forEach(ports::add);
        }
        return ports;
    }
}
