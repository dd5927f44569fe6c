package dev.datalake.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a service gives the containers that consume it (Spark nodes, and so notebooks and jobs;
 * Airflow): environment variables by the ecosystem's conventions, Spark settings for
 * spark-defaults, and Airflow connections by id. Sorted, so creation requests hash the same in
 * every JVM (reuse).
 *
 * @param airflowConnections connection id ({@code postgres_default}) to Airflow's URI form
 */
public record Wiring(Map<String, String> environment, Map<String, String> sparkConf,
        Map<String, String> airflowConnections, List<String> secrets) {

    public static final Wiring NONE = new Wiring(Map.of(), Map.of(), Map.of(), List.of());

    public Wiring {
        environment = sorted(environment);
        sparkConf = sorted(sparkConf);
        airflowConnections = sorted(airflowConnections);
        secrets = List.copyOf(secrets);
    }

    /** Only environment variables, {@code secrets} among their values. */
    public static Wiring environment(Map<String, String> environment, List<String> secrets) {
        return new Wiring(environment, Map.of(), Map.of(), secrets);
    }

    public Wiring withSparkConf(Map<String, String> conf) {
        return new Wiring(environment, conf, airflowConnections, secrets);
    }

    public Wiring withAirflowConnections(Map<String, String> connections) {
        return new Wiring(environment, sparkConf, connections, secrets);
    }

    /** Both together; a name given twice keeps this one's value. */
    public Wiring plus(Wiring other) {
        List<String> allSecrets = new ArrayList<>(secrets);
        allSecrets.addAll(other.secrets);
        return new Wiring(merged(other.environment, environment), merged(other.sparkConf, sparkConf),
                merged(other.airflowConnections, airflowConnections), allSecrets);
    }

    private static Map<String, String> merged(Map<String, String> first, Map<String, String> winner) {
        Map<String, String> all = new TreeMap<>(first);
        all.putAll(winner);
        return all;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
