package dev.datalake.cluster.postgres;

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
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;

/**
 * PostgreSQL as a module: one database and user with a password random per cluster, given to
 * every consumer by libpq's own variables, {@code POSTGRES_JDBC_URL} and Airflow's
 * {@code postgres_default}. Off unless the builder's {@code postgres(true)} turns it on. Not API.
 */
public final class PostgresModule extends OptionalModule {

    private static final Service SERVICE = Service.POSTGRES;
    private static final List<PublishedPort> PORTS = List.of(
            PublishedPort.of(SERVICE, PostgresServer.PORT, 5432, "PostgreSQL"));

    private String password;

    public PostgresModule() {
        super(SERVICE, PostgresServer.DEFAULT_IMAGE, PORTS);
    }

    @Override
    public ServiceModule settled(SecretSource secrets) {
        PostgresModule settled = new PostgresModule();
        settled.enable(enabled());
        settled.password = enabled() ? secrets.secret(SERVICE.id(), 12) : null;
        return settled;
    }

    @Override
    public String prepareImage(ClusterPlan plan, ClusterImages images) {
        return images.postgres(upstreamImage());
    }

    @Override
    public Wiring wiring(ClusterPlan plan) {
        String host = SERVICE.networkAlias();
        String database = PostgresServer.DEFAULT_DATABASE;
        String user = PostgresServer.DEFAULT_USERNAME;
        return Wiring.environment(PostgresServer.clientEnvironment(host, database, user, password), List.of(password))
                .withAirflowConnections(Map.of("postgres_default",
                        PostgresServer.airflowConnection(host, database, user, password)));
    }

    @Override
    public List<GenericContainer<?>> containers(ServiceContext context) {
        PostgresServer server = new PostgresServer(context.image(SERVICE))
                .withCredentials(PostgresServer.DEFAULT_DATABASE, PostgresServer.DEFAULT_USERNAME, password)
                .withNetworkHost(SERVICE.networkAlias());
        return List.of(context.join(server, SERVICE, SERVICE.networkAlias()));
    }

    /** The health check asks what the probe asks: an authenticated {@code SELECT 1} over TCP. */
    @Override
    public List<ComposeService> compose(ServiceContext context, List<GenericContainer<?>> containers) {
        PostgresServer server = (PostgresServer) containers.get(0);
        List<String> check = new java.util.ArrayList<>(List.of("CMD"));
        check.addAll(PostgresServer.PROBE_COMMAND);
        return List.of(ComposeService.ofImage(context, SERVICE, List.of(server.getCommandParts()), server.getEnvMap(),
                check));
    }

    @Override
    public List<StartupReport.Endpoint> endpoints(Object api) {
        PostgresServer server = (PostgresServer) api;
        return List.of(new StartupReport.Endpoint("PostgreSQL", server.jdbcUrl(), "user " + server.username()
                + ", password " + server.password() + "; from containers " + server.internalJdbcUrl()));
    }

    @Override
    public List<String> secrets() {
        return password == null ? List.of() : List.of(password);
    }

    @Override
    public String fingerprint() {
        return "postgres (database " + PostgresServer.DEFAULT_DATABASE + ", user " + PostgresServer.DEFAULT_USERNAME + ")";
    }
}
