package dev.datalake.cluster.storage;

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
import java.net.URI;
import java.util.List;
import org.testcontainers.containers.GenericContainer;

/**
 * The cluster's S3 object store as a module: MinIO upstream, s3proxy offline, its credentials,
 * and the S3 environment every consumer gets. Not API: the builder's switches set it.
 */
public final class ObjectStoreModule implements ServiceModule {

    private static final Service SERVICE = Service.OBJECT_STORE;
    private static final List<PublishedPort> PORTS = List.of(
            PublishedPort.of(SERVICE, ObjectStoreContainer.S3_PORT, 9000, "S3 API"),
            PublishedPort.of(SERVICE, MinioContainer.CONSOLE_PORT, 9001, "MinIO console"));

    private String accessKey = ObjectStoreContainer.DEFAULT_ACCESS_KEY;
    private String secretKey;

    /** Given by the builder, already checked there. */
    public ObjectStoreModule credentials(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        return this;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public Service service() {
        return SERVICE;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public ServiceModule settled(SecretSource secrets) {
        return new ObjectStoreModule().credentials(accessKey,
                secretKey != null ? secretKey : secrets.secret(SERVICE.id(), 12));
    }

    @Override
    public String prepareImage(ClusterPlan plan, ClusterImages images) {
        return images.objectStore();
    }

    @Override
    public String composeImage(ClusterPlan plan) {
        return plan.images().minioImage();
    }

    @Override
    public List<PublishedPort> allPorts() {
        return PORTS;
    }

    /** The console only with MinIO (upstream). */
    @Override
    public List<PublishedPort> ports(ClusterPlan plan) {
        return plan.images().isOffline() ? PORTS.subList(0, 1) : PORTS;
    }

    @Override
    public Wiring wiring(ClusterPlan plan) {
        URI endpoint = URI.create("http://" + SERVICE.networkAlias() + ":" + ObjectStoreContainer.S3_PORT);
        return Wiring.environment(ObjectStore.clientEnvironment(endpoint, accessKey, secretKey, ObjectStore.REGION),
                List.of(secretKey));
    }

    @Override
    public List<GenericContainer<?>> containers(ServiceContext context) {
        String image = context.image(SERVICE);
        ObjectStoreContainer<?> store = context.plan().images().isOffline()
                ? new S3ProxyContainer(image) : new MinioContainer(image);
        store.withCredentials(accessKey, secretKey);
        return List.of(context.join(store, SERVICE, SERVICE.networkAlias()));
    }

    @Override
    public Object api(ServiceContext context, List<GenericContainer<?>> containers) {
        return containers.get(0);
    }

    @Override
    public List<ComposeService> compose(ServiceContext context, List<GenericContainer<?>> containers) {
        ObjectStoreContainer<?> store = (ObjectStoreContainer<?>) containers.get(0);
        // MinIO's own client asks the server's health API (the image has no curl or Python); s3proxy's
        // image has bash: an anonymous GET / must get S3's AccessDenied, not just an open port
        List<String> check = context.plan().images().isOffline()
                ? List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/localhost/" + ObjectStoreContainer.S3_PORT
                        + " && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q AccessDenied <&3")
                : List.of("CMD", "mc", "ready", "local");
        return List.of(ComposeService.ofImage(context, SERVICE, store.command(), store.environment(), check));
    }

    @Override
    public List<StartupReport.Endpoint> endpoints(Object api) {
        ObjectStore store = (ObjectStore) api;
        List<StartupReport.Endpoint> endpoints = new java.util.ArrayList<>(List.of(new StartupReport.Endpoint(
                "object store (S3)", store.endpoint().toString(), "access key " + store.accessKey() + ", secret key "
                + store.secretKey() + "; from containers " + store.internalEndpoint())));
        if (store instanceof MinioContainer minio) {
            endpoints.add(new StartupReport.Endpoint("MinIO console", minio.consoleUrl().toString(), "the same keys"));
        }
        return endpoints;
    }

    @Override
    public List<String> secrets() {
        return secretKey == null ? List.of() : List.of(secretKey);
    }

    @Override
    public String fingerprint() {
        return "object store (access key " + accessKey + ")";
    }
}
