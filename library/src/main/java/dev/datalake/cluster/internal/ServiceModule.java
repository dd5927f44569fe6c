package dev.datalake.cluster.internal;

import dev.datalake.cluster.Service;
import dev.datalake.cluster.StartupReport;
import dev.datalake.cluster.images.ClusterImages;
import java.util.List;
import org.testcontainers.containers.GenericContainer;

/**
 * One service of the cluster, contributed from its own package: its settings (which the builder's
 * switches set), its image, its containers, what it gives the other services, the ports it
 * publishes, the typed object users reach it by, and its compose block. The cluster, the compose
 * file, the CLI and the startup report are derived from the registered modules
 * ({@link ServiceModules}); adding a service is a new package plus one line there.
 *
 * <p>An instance holds one builder's settings. {@link #settled} returns the copy a start uses,
 * with defaults and generated secrets filled in, so one builder can start several clusters.
 */
public interface ServiceModule {

    /** The catalogue entry: id, network alias, container ports. */
    Service service();

    /** Whether the cluster runs this service with the settings given. */
    boolean enabled();

    /** Whether a user may turn the service on or off ({@link #enable}); the others always run. */
    default boolean optional() {
        return false;
    }

    /** Turns an {@link #optional()} service on or off. */
    default void enable(boolean enabled) {
        throw new UnsupportedOperationException(service() + " always runs");
    }

    /** A copy with every default and generated secret filled in ({@code secrets}: random, derived or compose variables). */
    ServiceModule settled(SecretSource secrets);

    /** Checks these settings against the rest of the plan; {@link IllegalArgumentException} naming the setting. */
    default void validate(ClusterPlan plan) {}

    /** Makes the service's image ready (pulled, present or built) and returns its name. */
    String prepareImage(ClusterPlan plan, ClusterImages images);

    /** Every port the service can publish, whatever the settings (each with its usual host port). */
    List<PublishedPort> allPorts();

    /**
     * The image a compose file of the upstream set runs for the service: the upstream image, or the
     * tag compose gives the library's layer it builds ({@code datalake/spark:compose}).
     */
    String composeImage(ClusterPlan plan);

    /** The ports the service publishes with these settings; all of them unless a module says otherwise. */
    default List<PublishedPort> ports(ClusterPlan plan) {
        return allPorts();
    }

    /** What the service gives every container that consumes the others (Spark nodes, Airflow). */
    default Wiring wiring(ClusterPlan plan) {
        return Wiring.NONE;
    }

    /** The service's containers, configured and joined to the cluster, not started. */
    List<GenericContainer<?>> containers(ServiceContext context);

    /** The object users reach the service by ({@code cluster.kafka()}), made from its started containers. */
    Object api(ServiceContext context, List<GenericContainer<?>> containers);

    /**
     * The object users reach a part of the service of {@code type} by, made from what {@link #api}
     * made (Jupyter, in the Spark master's container); null when these settings leave it off.
     */
    default Object part(Class<?> type, Object api) {
        return null;
    }

    /** Its services in a compose file, from the same containers a start would run. */
    List<ComposeService> compose(ServiceContext context, List<GenericContainer<?>> containers);

    /** Where a user reaches the running service ({@code api} is what {@link #api} made). */
    default List<StartupReport.Endpoint> endpoints(Object api) {
        return List.of();
    }

    /** Generated and given secrets, to mask in every log. */
    default List<String> secrets() {
        return List.of();
    }

    /** The settings that define the cluster, without generated secrets: part of a reused cluster's id. */
    String fingerprint();
}
