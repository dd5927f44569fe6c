package dev.datalake.cluster.storage;

import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.Http;
import dev.datalake.cluster.internal.ServiceProbe;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.utility.DockerImageName;

/**
 * s3proxy, the object store of the offline image set: a real S3 server (from Maven Central) on
 * Debian's JRE, built locally by the library.
 */
public class S3ProxyContainer extends ObjectStoreContainer<S3ProxyContainer> {

    /** In-memory storage: the fastest (the filesystem backend spends 10 s on every S3A directory-marker delete). */
    public static final String BACKEND_TRANSIENT = "transient";
    /** Storage in {@code /data} inside the container. */
    public static final String BACKEND_FILESYSTEM = "filesystem";
    public static final String DEFAULT_HEAP = "256m";
    private static final MemorySize MIN_HEAP = MemorySize.ofMegabytes(64);

    private String backend = BACKEND_TRANSIENT;
    private MemorySize heap = MemorySize.parse(DEFAULT_HEAP);

    public S3ProxyContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public S3ProxyContainer(DockerImageName image) {
        super(image);
        // s3proxy has no health endpoint: ready when an authenticated ListBuckets succeeds, signed as
        // every other request of the library. The keys are read at each attempt, so the probe is set
        // once here and keeps any startup timeout given later.
        waitingFor(ServiceProbe.of("signed S3 ListBuckets on :" + S3_PORT + " answers 200", target -> {
            URI uri = URI.create("http://" + target.getHost() + ":" + target.getMappedPort(S3_PORT) + "/");
            return S3Operations.listBucketsAnswer(uri, accessKey(), secretKey(), region());
        }));
    }

    /** {@link #BACKEND_TRANSIENT} (default) or {@link #BACKEND_FILESYSTEM}. */
    public S3ProxyContainer withBackend(String backend) {
        if (!BACKEND_TRANSIENT.equals(backend) && !BACKEND_FILESYSTEM.equals(backend)) {
            throw new IllegalArgumentException("s3proxy backend must be '" + BACKEND_TRANSIENT + "' or '"
                    + BACKEND_FILESYSTEM + "', not '" + backend + "'");
        }
        this.backend = backend;
        return this;
    }

    /** The JVM heap of the server, in Java's size syntax (default {@value #DEFAULT_HEAP}). */
    public S3ProxyContainer withHeap(String heap) {
        return withHeap(MemorySize.parse("s3proxy heap", heap, MIN_HEAP));
    }

    /** The JVM heap of the server, at least 64m (default {@value #DEFAULT_HEAP}). */
    public S3ProxyContainer withHeap(MemorySize heap) {
        this.heap = heap.requireAtLeast("s3proxy heap", MIN_HEAP);
        return this;
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("S3PROXY_IDENTITY", accessKey());
        env.put("S3PROXY_CREDENTIAL", secretKey());
        env.put("S3PROXY_BACKEND", backend);
        env.put("JAVA_OPTS", "-Xmx" + heap + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        return env;
    }

    /** The image's own command: its entrypoint starts the server. */
    @Override
    public List<String> command() {
        return List.of();
    }
}
