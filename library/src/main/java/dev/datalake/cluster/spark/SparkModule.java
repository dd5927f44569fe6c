package dev.datalake.cluster.spark;

import dev.datalake.cluster.MemorySize;
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
import dev.datalake.cluster.jupyter.JupyterServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Spark as a module: the master (with Jupyter and, on lines that have it, Spark Connect in its
 * container) and its workers, their image, ports and compose blocks. Not API: the builder's
 * switches set it.
 */
public final class SparkModule implements ServiceModule {

    public static final int DEFAULT_WORKERS = 2;
    public static final int DEFAULT_CORES = SparkWorkerContainer.DEFAULT_CORES;

    private static final Service MASTER = Service.SPARK_MASTER;
    private static final Service WORKER = Service.SPARK_WORKER;
    private static final List<PublishedPort> MASTER_PORTS = List.of(
            new PublishedPort(MASTER, SparkMasterContainer.MASTER_PORT, 7077, "Spark master", true),
            PublishedPort.of(MASTER, SparkMasterContainer.WEB_UI_PORT, 8887, "Spark master UI"),
            new PublishedPort(MASTER, SparkMasterContainer.REST_PORT, 0, "Spark REST submission", true),
            PublishedPort.of(MASTER, SparkMasterContainer.DRIVER_UI_PORT, 4040, "Spark driver UI"),
            PublishedPort.of(MASTER, SparkMasterContainer.JUPYTER_PORT, 8888, "Jupyter"),
            new PublishedPort(MASTER, SparkMasterContainer.CONNECT_PORT, 15002, "Spark Connect", true));
    private static final List<PublishedPort> WORKER_PORTS = List.of(
            PublishedPort.of(WORKER, SparkWorkerContainer.WEB_UI_PORT, 0, "Spark worker UI"));

    private int workers = DEFAULT_WORKERS;
    private int workerCores = DEFAULT_CORES;
    private MemorySize workerMemory = SparkWorkerContainer.DEFAULT_MEMORY;
    private MemorySize daemonMemory = SparkNodeContainer.DEFAULT_DAEMON_MEMORY;
    private boolean jupyter = true;
    private String jupyterToken;

    /** The builder's settings, each already checked there. */
    public SparkModule workers(int workers) {
        this.workers = workers;
        return this;
    }

    public SparkModule workerCores(int cores) {
        this.workerCores = cores;
        return this;
    }

    public SparkModule workerMemory(MemorySize memory) {
        this.workerMemory = memory;
        return this;
    }

    public SparkModule daemonMemory(MemorySize memory) {
        this.daemonMemory = memory;
        return this;
    }

    public SparkModule jupyter(boolean enabled, String token) {
        this.jupyter = enabled;
        this.jupyterToken = token;
        return this;
    }

    public int workers() {
        return workers;
    }

    public int workerCores() {
        return workerCores;
    }

    /** What each worker offers executors, and so what each executor asks for. */
    public MemorySize workerMemory() {
        return workerMemory;
    }

    public MemorySize daemonMemory() {
        return daemonMemory;
    }

    public boolean jupyter() {
        return jupyter;
    }

    public String jupyterToken() {
        return jupyterToken;
    }

    @Override
    public Service service() {
        return MASTER;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public ServiceModule settled(SecretSource secrets) {
        return new SparkModule().workers(workers).workerCores(workerCores).workerMemory(workerMemory)
                .daemonMemory(daemonMemory)
                .jupyter(jupyter, jupyter && jupyterToken == null ? secrets.secret("jupyter", 16) : jupyterToken);
    }

    @Override
    public String prepareImage(ClusterPlan plan, ClusterImages images) {
        return images.spark();
    }

    /** Compose builds the layer from images/spark and tags it so; the workers run that tag. */
    @Override
    public String composeImage(ClusterPlan plan) {
        return SparkCompose.composeTag("datalake/spark:compose", plan.sparkVersion());
    }

    @Override
    public List<PublishedPort> allPorts() {
        List<PublishedPort> all = new ArrayList<>(MASTER_PORTS);
        all.addAll(WORKER_PORTS);
        return all;
    }

    /** Jupyter's port only with Jupyter, Connect's only on a line that has it; workers' UIs on random ports. */
    @Override
    public List<PublishedPort> ports(ClusterPlan plan) {
        List<PublishedPort> ports = new ArrayList<>();
        for (PublishedPort port : allPorts()) {
            boolean off = (port.containerPort() == SparkMasterContainer.JUPYTER_PORT && port.service() == MASTER && !jupyter)
                    || (port.containerPort() == SparkMasterContainer.CONNECT_PORT && !plan.sparkVersion().hasConnect());
            if (!off) {
                ports.add(port);
            }
        }
        return ports;
    }

    /** Airflow and anything else that submits jobs reaches the master (and Connect) by these. */
    @Override
    public Wiring wiring(ClusterPlan plan) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_MASTER", SparkMasterContainer.MASTER_URL);
        if (plan.sparkVersion().hasConnect()) {
            // not SPARK_REMOTE: spark-submit (which SparkSubmitOperator runs) refuses a master beside it
            env.put("SPARK_CONNECT_URL", SparkMasterContainer.CONNECT_URL);
        }
        return Wiring.environment(env, List.of());
    }

    @Override
    public List<GenericContainer<?>> containers(ServiceContext context) {
        ClusterPlan plan = context.plan();
        Wiring services = context.wiringFor(this);
        SparkMasterContainer master = new SparkMasterContainer(DockerImageName.parse(context.image(MASTER)))
                .withExpectedWorkers(workers)
                .withExecutorMemory(workerMemory)
                .withJupyter(jupyter ? jupyterToken : null)
                .withSparkConnect(plan.sparkVersion().hasConnect())
                .withServiceSparkConf(services.sparkConf())
                .withServiceEnvironment(services.environment())
                .withDaemonMemory(daemonMemory);
        List<GenericContainer<?>> containers = new ArrayList<>();
        containers.add(context.join(master, MASTER, MASTER.networkAlias()));
        for (int i = 1; i <= workers; i++) {
            containers.add(newWorker(context, i));
        }
        return containers;
    }

    /** Worker number {@code index}, configured like every other worker of the cluster. */
    SparkWorkerContainer newWorker(ServiceContext context, int index) {
        SparkWorkerContainer worker = new SparkWorkerContainer(DockerImageName.parse(context.image(MASTER)), index)
                .withCores(workerCores)
                .withMemory(workerMemory)
                .withServiceEnvironment(context.wiringFor(this).environment())
                .withDaemonMemory(daemonMemory);
        return context.join(worker, WORKER, SparkWorkerContainer.networkAlias(index));
    }

    @Override
    public Object api(ServiceContext context, List<GenericContainer<?>> containers) {
        SparkMasterContainer master = (SparkMasterContainer) containers.get(0);
        List<SparkWorkerContainer> first = containers.subList(1, containers.size()).stream()
                .map(SparkWorkerContainer.class::cast).toList();
        return new SparkCluster(context.plan().sparkVersion(), master, first, i -> newWorker(context, i), workerMemory);
    }

    /** Jupyter runs in the master's container: one {@link JupyterServer} per cluster, when it is on. */
    @Override
    public Object part(Class<?> type, Object api) {
        if (type != JupyterServer.class) {
            throw new IllegalArgumentException("Spark has no part " + type.getName());
        }
        return jupyter ? new JupyterServer(((SparkCluster) api).master()) : null;
    }

    @Override
    public List<ComposeService> compose(ServiceContext context, List<GenericContainer<?>> containers) {
        return SparkCompose.services(context, containers, jupyter, workers);
    }

    @Override
    public List<StartupReport.Endpoint> endpoints(Object api) {
        SparkCluster spark = (SparkCluster) api;
        SparkMasterContainer master = spark.master();
        List<StartupReport.Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new StartupReport.Endpoint("Spark master", "spark://" + master.getHost() + ":"
                + master.getMappedPort(SparkMasterContainer.MASTER_PORT), "from containers " + spark.masterUrl() + "; "
                + spark.workers().size() + " worker(s)"));
        endpoints.add(new StartupReport.Endpoint("Spark master UI", spark.webUiUrl().toString(), ""));
        endpoints.add(new StartupReport.Endpoint("Spark driver UI", "http://" + master.getHost() + ":"
                + master.getMappedPort(SparkMasterContainer.DRIVER_UI_PORT), "while an application runs"));
        if (master.sparkConnectEnabled()) {
            endpoints.add(new StartupReport.Endpoint("Spark Connect", master.connectUrl(), "SPARK_REMOTE in notebooks"));
        }
        if (master.jupyterEnabled()) {
            endpoints.add(new StartupReport.Endpoint("Jupyter", "http://" + master.getHost() + ":"
                    + master.getMappedPort(SparkMasterContainer.JUPYTER_PORT) + "/?token=" + master.jupyterToken(),
                    "token " + master.jupyterToken()));
        }
        return endpoints;
    }

    @Override
    public List<String> secrets() {
        return jupyterToken == null ? List.of() : List.of(jupyterToken);
    }

    @Override
    public String fingerprint() {
        return workers + " Spark worker(s) of " + workerCores + " cores and " + workerMemory + ", daemons "
                + daemonMemory + ", jupyter " + jupyter;
    }
}
