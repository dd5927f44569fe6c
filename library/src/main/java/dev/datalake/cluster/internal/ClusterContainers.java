package dev.datalake.cluster.internal;

import dev.datalake.cluster.Service;
import dev.datalake.cluster.StartupReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The containers of one cluster, made by the enabled modules from the plan and nothing started:
 * each joined to the cluster's network under its alias, labelled, its ports published as asked.
 * The running cluster and the compose file are both made from it.
 */
public final class ClusterContainers implements ServiceContext {

    private final String clusterId;
    private final Network network;
    private final ClusterPlan plan;
    private final Map<Service, String> images;
    private final Map<ServiceModule, List<GenericContainer<?>>> containers = new LinkedHashMap<>();
    private final Map<ServiceModule, Object> apis = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> parts = new ConcurrentHashMap<>();
    /** The name each joined container goes by in reports, logs and labels. */
    private final Map<GenericContainer<?>, String> names = new ConcurrentHashMap<>();

    public ClusterContainers(String clusterId, Network network, ClusterPlan plan, Map<Service, String> images) {
        this.clusterId = clusterId;
        this.network = network;
        this.plan = plan;
        this.images = Map.copyOf(images);
        for (ServiceModule module : plan.enabled()) {
            containers.put(module, List.copyOf(module.containers(this)));
        }
    }

    /**
     * The compose file's model of {@code plan}: the services as a start would run them, on a
     * network of their own that is never created.
     */
    public static List<ComposeService> compose(ClusterPlan plan, Map<Service, String> images) {
        ClusterContainers model = new ClusterContainers("compose", ClusterResources.newNetwork("compose"), plan, images);
        List<ComposeService> services = new ArrayList<>();
        model.containers.forEach((module, list) -> services.addAll(module.compose(model, list)));
        return services;
    }

    @Override
    public ClusterPlan plan() {
        return plan;
    }

    @Override
    public String image(Service service) {
        String image = images.get(service);
        if (image == null) {
            throw new IllegalStateException("no image was made ready for " + service);
        }
        return image;
    }

    @Override
    public Wiring wiringFor(ServiceModule consumer) {
        Wiring wiring = Wiring.NONE;
        for (ServiceModule module : plan.enabled()) {
            if (module != consumer) {
                wiring = wiring.plus(module.wiring(plan));
            }
        }
        return wiring;
    }

    @Override
    public <T extends GenericContainer<?>> T join(T container, Service service, String alias) {
        ClusterResources.join(container, clusterId, network, alias, plan.bindAddress(), plan.fixedPorts(service),
                plan.loopbackOnlyPorts(service));
        // the service's own name for its one container (object-store, spark-master), the alias for each of many
        String name = alias.equals(service.networkAlias()) ? service.id() : alias;
        names.put(container, name);
        container.withLabel(ClusterResources.SERVICE_LABEL, name);
        ContainerOutput.attach(container, name);
        container.withStartupTimeout(plan.startupTimeout(ClusterPlan.DEFAULT_STARTUP_TIMEOUT));
        return container;
    }

    /** Testcontainers reuses a container whose creation request hashes the same: every part of it is derived. */
    public void markReusable() {
        byName().values().forEach(ClusterReuse::mark);
    }

    /** Whether the cluster runs the module of {@code type}. */
    public boolean runs(Class<? extends ServiceModule> type) {
        return containers.keySet().stream().anyMatch(type::isInstance);
    }

    /**
     * The object users reach the service of {@code type} by, or {@link IllegalStateException} with
     * {@code howToEnable} when the cluster runs without it.
     */
    public <T> T api(Class<? extends ServiceModule> type, Class<T> apiType, String howToEnable) {
        return apiType.cast(apiOf(running(type, howToEnable)));
    }

    /**
     * The object users reach a part of the service of {@code type} by (Jupyter, in the Spark
     * master's container), made once from the service's {@link #api}; {@link IllegalStateException}
     * naming {@code part} with {@code howToEnable} when the settings leave it off.
     */
    public <T> T part(Class<? extends ServiceModule> type, Class<T> partType, String part, String howToEnable) {
        ServiceModule module = running(type, howToEnable);
        Object made = parts.computeIfAbsent(partType, t -> module.part(t, apiOf(module)));
        if (made == null) {
            throw new IllegalStateException("this cluster runs without " + part + ": " + howToEnable);
        }
        return partType.cast(made);
    }

    /** Where a user reaches each running service, in start order. */
    public List<StartupReport.Endpoint> endpoints() {
        List<StartupReport.Endpoint> endpoints = new ArrayList<>();
        for (ServiceModule module : containers.keySet()) {
            endpoints.addAll(module.endpoints(apiOf(module)));
        }
        return endpoints;
    }

    private ServiceModule running(Class<? extends ServiceModule> type, String howToEnable) {
        return containers.keySet().stream().filter(type::isInstance).findFirst()
                .orElseThrow(() -> new IllegalStateException("this cluster runs without "
                        + plan.module(type).service() + ": " + howToEnable));
    }

    private Object apiOf(ServiceModule module) {
        return apis.computeIfAbsent(module, m -> m.api(this, containers.get(m)));
    }

    /**
     * Every container by its name ({@code object-store}, {@code spark-master}, {@code spark-worker-1},
     * ...), in start order (the workers as the settings ask for them).
     */
    public Map<String, GenericContainer<?>> byName() {
        Map<String, GenericContainer<?>> all = new LinkedHashMap<>();
        containers.values().forEach(list -> list.forEach(c -> all.put(names.get(c), c)));
        return all;
    }
}
