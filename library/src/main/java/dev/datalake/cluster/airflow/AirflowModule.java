package dev.datalake.cluster.airflow;

import dev.datalake.cluster.Service;
import dev.datalake.cluster.StartupReport;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ComposeService;
import dev.datalake.cluster.internal.PublishedPort;
import dev.datalake.cluster.internal.SecretSource;
import dev.datalake.cluster.internal.ServiceContext;
import dev.datalake.cluster.internal.ServiceModule;
import dev.datalake.cluster.internal.Wiring;
import dev.datalake.cluster.spark.SparkCompose;
import dev.datalake.cluster.spark.SparkModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.testcontainers.containers.GenericContainer;

/**
 * Airflow as a module: its image (the library's layer for the cluster's Spark line), admin user,
 * DAG folder, the cluster's services as environment and connections, and its compose block. Not
 * API: the builder's switches set it.
 */
public final class AirflowModule implements ServiceModule {

    private static final Service SERVICE = Service.AIRFLOW;
    private static final List<PublishedPort> PORTS = List.of(
            PublishedPort.of(SERVICE, AirflowContainer.PORT, 8081, "Airflow UI"));
    /** The repository's example DAGs, which the compose file mounts. */
    static final String COMPOSE_DAGS = "examples/dags";

    private boolean enabled = true;
    private AirflowVersion version = AirflowVersion.DEFAULT;
    private Path dags;
    private String username = AirflowContainer.DEFAULT_ADMIN_USERNAME;
    private String password;
    private String webserverSecret;

    /** The builder's settings, each already checked there. */
    public AirflowModule enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    @Override
    public boolean optional() {
        return true;
    }

    @Override
    public void enable(boolean enabled) {
        this.enabled = enabled;
    }

    /** The Airflow version, as the builder was given it. */
    public AirflowModule version(AirflowVersion version) {
        this.version = version;
        return this;
    }

    public AirflowVersion version() {
        return version;
    }

    public AirflowModule dags(Path folder) {
        this.dags = folder;
        return this;
    }

    public AirflowModule credentials(String username, String password) {
        this.username = username;
        this.password = password;
        return this;
    }

    public Path dags() {
        return dags;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    @Override
    public Service service() {
        return SERVICE;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public ServiceModule settled(SecretSource secrets) {
        AirflowModule settled = new AirflowModule().enabled(enabled).version(version).dags(dags)
                .credentials(username, password != null ? password : secrets.secret(SERVICE.id(), 12));
        // derived like the others, so a reused cluster's creation request is the same in the next JVM
        settled.webserverSecret = secrets.secret("airflow-webserver", 32);
        return settled;
    }

    /**
     * One Python on both sides of a Spark job: on the upstream images Airflow's must be that of the
     * line's Spark image, or {@link IllegalArgumentException} naming a combination that works.
     */
    @Override
    public void validate(ClusterPlan plan) {
        if (enabled && !plan.images().isOffline() && !plan.images().isAuto()) {
            plan.images().airflowImage(plan.sparkVersion(), version);
        }
    }

    @Override
    public String prepareImage(ClusterPlan plan, ClusterImages images) {
        return images.airflow(version);
    }

    @Override
    public String composeImage(ClusterPlan plan) {
        return SparkCompose.composeTag("datalake/airflow:compose", plan.sparkVersion());
    }

    @Override
    public List<PublishedPort> allPorts() {
        return PORTS;
    }

    @Override
    public List<GenericContainer<?>> containers(ServiceContext context) {
        Wiring services = context.wiringFor(this);
        Map<String, String> env = new LinkedHashMap<>(services.environment());
        // the container sets Spark's own variables (SPARK_MASTER and its REST URL) itself
        String master = env.remove("SPARK_MASTER");
        String connect = env.remove("SPARK_CONNECT_URL");
        AirflowContainer airflow = new AirflowContainer(context.image(SERVICE))
                .withAirflowVersion(version)
                .withAdminCredentials(username, password)
                .withWebserverSecretKey(webserverSecret)
                .withSparkExecutorMemory(context.plan().module(SparkModule.class).workerMemory())
                .withServiceEnvironment(env)
                .withServiceSparkConf(services.sparkConf())
                .withConnections(services.airflowConnections());
        if (master != null) {
            airflow.withSparkMaster(master);
        }
        if (connect != null) {
            airflow.withSparkConnect(connect);
        }
        if (dags != null) {
            airflow.withDags(dags);
        }
        context.join(airflow, SERVICE, SERVICE.networkAlias())
                .withStartupTimeout(context.plan().startupTimeout(AirflowContainer.STARTUP_TIMEOUT));
        return List.of(airflow);
    }

    @Override
    public Object api(ServiceContext context, List<GenericContainer<?>> containers) {
        return new AirflowServer((AirflowContainer) containers.get(0));
    }

    @Override
    public List<ComposeService> compose(ServiceContext context, List<GenericContainer<?>> containers) {
        AirflowContainer airflow = (AirflowContainer) containers.get(0);
        ClusterPlan plan = context.plan();
        boolean offline = plan.images().isOffline();
        Map<String, String> args = new LinkedHashMap<>();
        if (!offline) {
            args.put("BASE_IMAGE", plan.images().airflowImage(plan.sparkVersion(), version));
            args.put("SPARK_LINE", plan.sparkVersion().line());
            args.put("SPARK_VERSION", plan.sparkVersion().version());
        }
        List<String> volumes = new ArrayList<>(List.of(COMPOSE_DAGS + ":" + AirflowContainer.DAGS_PATH + ":ro"));
        return List.of(new ComposeService(SERVICE.networkAlias(), context.image(SERVICE),
                offline ? null : "images/airflow", args, offline, airflow.command(), airflow.environment(), volumes,
                List.of(), ComposeService.pythonCheck(AirflowContainer.PORT, airflow.healthPath(),
                        airflow.healthyComponents().stream().map(c -> "d['" + c + "']['status'] == 'healthy'")
                                .collect(Collectors.joining(" and "))),
                plan.startupTimeout(AirflowContainer.STARTUP_TIMEOUT)));
    }

    @Override
    public List<StartupReport.Endpoint> endpoints(Object api) {
        AirflowServer airflow = (AirflowServer) api;
        return List.of(new StartupReport.Endpoint("Airflow", airflow.url().toString(),
                "user " + airflow.username() + ", password " + airflow.password()));
    }

    @Override
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (password != null) {
            secrets.add(password);
        }
        if (webserverSecret != null) {
            secrets.add(webserverSecret);
        }
        return secrets;
    }

    @Override
    public String fingerprint() {
        // whether there is a DAG folder, not its path: a temporary folder is new in every run
        return "airflow " + version.version() + " (admin " + username + ", dags " + (dags != null ? "given" : "none") + ")";
    }
}
