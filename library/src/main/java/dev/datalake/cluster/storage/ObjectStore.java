package dev.datalake.cluster.storage;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's S3 object store, whatever implements it (MinIO upstream, s3proxy offline).
 * Operations go through a real S3 client, path-style.
 */
public interface ObjectStore {

    /** The S3 endpoint as the host reaches it. */
    URI endpoint();

    /** The S3 endpoint as other containers on the cluster's network reach it ({@code http://minio:9000}). */
    URI internalEndpoint();

    String accessKey();

    String secretKey();

    /** The region the store's clients are configured with unless it says otherwise. */
    String REGION = "us-east-1";

    /** The region the store's clients are configured with. */
    default String region() {
        return REGION;
    }

    /**
     * The environment a client in another container needs to reach this store: {@code S3_ENDPOINT},
     * {@code AWS_ENDPOINT_URL} (read by boto3), {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}
     * and {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}. Sorted by name: the order reaches a
     * container's creation request, which Testcontainers' reuse compares across JVMs ({@code Map.of}
     * iterates in an order that differs from JVM to JVM).
     */
    default SortedMap<String, String> containerEnvironment() {
        return clientEnvironment(internalEndpoint(), accessKey(), secretKey(), region());
    }

    /** {@link #containerEnvironment()} of a store at {@code internalEndpoint} with these keys. */
    static SortedMap<String, String> clientEnvironment(URI internalEndpoint, String accessKey, String secretKey,
            String region) {
        String endpoint = internalEndpoint.toString();
        return Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
                "S3_ENDPOINT", endpoint,
                "AWS_ENDPOINT_URL", endpoint,
                "AWS_ACCESS_KEY_ID", accessKey,
                "AWS_SECRET_ACCESS_KEY", secretKey,
                "AWS_REGION", region,
                "AWS_DEFAULT_REGION", region)));
    }

    /** Creates a bucket; the name must follow S3's bucket naming rules. */
    void createBucket(String bucket);

    void putObject(String bucket, String key, byte[] content);

    byte[] getObject(String bucket, String key);

    /** The keys in {@code bucket} that start with {@code prefix} (all of them for an empty prefix), sorted. */
    List<String> listObjects(String bucket, String prefix);
}
