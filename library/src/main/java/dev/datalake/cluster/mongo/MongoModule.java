package dev.datalake.cluster.mongo;

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
 * MongoDB as a module: a root user with a password random per cluster, given to every consumer as
 * {@code MONGODB_URI}, the MongoDB Spark connector's connection URIs and Airflow's
 * {@code mongo_default}. Off unless the builder's {@code mongo(true)} turns it on. Not API.
 */
public final class MongoModule extends OptionalModule {

    private static final Service SERVICE = Service.MONGO;
    private static final List<PublishedPort> PORTS = List.of(
            PublishedPort.of(SERVICE, MongoServer.PORT, 27017, "MongoDB"));

    private String password;

    public MongoModule() {
        super(SERVICE, MongoServer.DEFAULT_IMAGE, PORTS);
    }

    @Override
    public ServiceModule settled(SecretSource secrets) {
        MongoModule settled = new MongoModule();
        settled.enable(enabled());
        settled.password = enabled() ? secrets.secret(SERVICE.id(), 12) : null;
        return settled;
    }

    @Override
    public String prepareImage(ClusterPlan plan, ClusterImages images) {
        return images.mongo(upstreamImage());
    }

    @Override
    public Wiring wiring(ClusterPlan plan) {
        String uri = MongoServer.connectionString(SERVICE.networkAlias(), MongoServer.PORT,
                MongoServer.DEFAULT_USERNAME, password);
        return Wiring.environment(MongoServer.clientEnvironment(uri), List.of(password))
                .withSparkConf(MongoServer.sparkConf(uri))
                .withAirflowConnections(Map.of("mongo_default",
                        MongoServer.airflowConnection(SERVICE.networkAlias(), MongoServer.DEFAULT_USERNAME, password)));
    }

    @Override
    public List<GenericContainer<?>> containers(ServiceContext context) {
        MongoServer server = new MongoServer(context.image(SERVICE))
                .withCredentials(MongoServer.DEFAULT_USERNAME, password)
                .withNetworkHost(SERVICE.networkAlias());
        return List.of(context.join(server, SERVICE, SERVICE.networkAlias()));
    }

    /**
     * The compose health check asks what the probe asks (hello, authentication, ping) with the
     * image's own shell, mongosh: the official image has it. The offline image (FerretDB) has none:
     * its check is FerretDB's readiness endpoint, which pings with the same credentials.
     */
    @Override
    public List<ComposeService> compose(ServiceContext context, List<GenericContainer<?>> containers) {
        MongoServer server = (MongoServer) containers.get(0);
        List<String> check = context.plan().images().isOffline()
                ? List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8088 && printf 'GET /debug/readyz "
                        + "HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '")
                : List.of("CMD-SHELL", "mongosh --quiet --username \"$MONGO_INITDB_ROOT_USERNAME\" --password "
                        + "\"$MONGO_INITDB_ROOT_PASSWORD\" --authenticationDatabase " + MongoServer.AUTH_DATABASE
                        + " --eval 'quit(db.adminCommand({ping: 1}).ok ? 0 : 1)'");
        return List.of(ComposeService.ofImage(context, SERVICE, List.of(), server.getEnvMap(), check));
    }

    @Override
    public List<StartupReport.Endpoint> endpoints(Object api) {
        MongoServer server = (MongoServer) api;
        return List.of(new StartupReport.Endpoint("MongoDB", server.connectionString(),
                "root user in admin; from containers " + server.internalConnectionString()));
    }

    @Override
    public List<String> secrets() {
        return password == null ? List.of() : List.of(password);
    }

    @Override
    public String fingerprint() {
        return "mongo (user " + MongoServer.DEFAULT_USERNAME + ")";
    }
}
