package dev.datalake.cluster.storage;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.datalake.cluster.internal.Require;
import java.net.URI;
import java.util.List;
import java.util.Map;
import dev.datalake.cluster.internal.ContainerOutput;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * What the S3 servers of both image sets share: the S3 port, the network alias other containers
 * use, credentials, and the object operations over a real S3 client.
 *
 * @param <SELF> the concrete container type, for fluent setters
 */
public abstract class ObjectStoreContainer<SELF extends ObjectStoreContainer<SELF>>
        extends GenericContainer<SELF> implements ObjectStore {

    public static final int S3_PORT = 9000;
    /** The alias other containers reach the store by, whatever implements it. */
    public static final String NETWORK_ALIAS = "minio";
    public static final String DEFAULT_ACCESS_KEY = "datalake";

    private String accessKey = DEFAULT_ACCESS_KEY;
    private String secretKey = "datalake-secret";
    private volatile S3Operations operations;

    protected ObjectStoreContainer(DockerImageName image) {
        super(image);
        addExposedPort(S3_PORT);
    }

    /** Sets the credentials; MinIO's own limits apply (access key 3+ characters, secret key 8+). */
    public SELF withCredentials(String accessKey, String secretKey) {
        Require.objectStoreCredentials(accessKey, secretKey);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        return self();
    }

    /** Testcontainers' lines about this container, secrets masked; its dump of a failed container at DEBUG. */
    @Override
    protected org.slf4j.Logger logger() {
        return ContainerOutput.testcontainersLogger(this, super.logger());
    }

    /** The wait strategy as Testcontainers will run it (the probe, with the startup timeout given since). */
    WaitStrategy waitStrategy() {
        return getWaitStrategy();
    }

    /** The container's environment, as {@link #configure()} sets it. */
    public abstract Map<String, String> environment();

    /** The container's command, as {@link #configure()} sets it; empty for the image's own. */
    public abstract List<String> command();

    @Override
    protected void configure() {
        environment().forEach(this::addEnv);
        if (!command().isEmpty()) {
            setCommand(command().toArray(String[]::new));
        }
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public URI endpoint() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(S3_PORT));
    }

    @Override
    public URI internalEndpoint() {
        List<String> aliases = getNetworkAliases();
        String host = aliases.isEmpty() ? NETWORK_ALIAS : aliases.get(aliases.size() - 1);
        return URI.create("http://" + host + ":" + S3_PORT);
    }

    @Override
    public void createBucket(String bucket) {
        BucketNames.require(bucket);
        operations().createBucket(bucket);
    }

    @Override
    public void putObject(String bucket, String key, byte[] content) {
        operations().putObject(bucket, key, content);
    }

    @Override
    public byte[] getObject(String bucket, String key) {
        return operations().getObject(bucket, key);
    }

    @Override
    public List<String> listObjects(String bucket, String prefix) {
        return operations().listObjects(bucket, prefix);
    }

    private S3Operations operations() {
        S3Operations current = operations;
        if (current == null) {
            synchronized (this) {
                if (operations == null) {
                    if (!isRunning()) {
                        throw new IllegalStateException("the object store is not running");
                    }
                    operations = new S3Operations(endpoint(), accessKey, secretKey, region());
                }
                current = operations;
            }
        }
        return current;
    }

    @Override
    protected void containerIsStopping(InspectContainerResponse containerInfo) {
        synchronized (this) {
            if (operations != null) {
                operations.close();
                operations = null;
            }
        }
    }
}
