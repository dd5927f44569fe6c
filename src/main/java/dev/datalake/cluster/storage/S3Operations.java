package dev.datalake.cluster.storage;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The object operations of {@link ObjectStore}, done with the AWS SDK v2 against any S3 endpoint, path-style. */
final class S3Operations implements AutoCloseable {

    private final S3Client client;

    S3Operations(URI endpoint, String accessKey, String secretKey, String region) {
        this.client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new NoExpectContinue()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    S3Client client() {
        return client;
    }

    void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(BucketNames.require(bucket)));
    }

    void putObject(String bucket, String key, byte[] content) {
        client.putObject(b -> b.bucket(BucketNames.require(bucket)).key(BucketNames.requireKey(key)),
                RequestBody.fromBytes(content));
    }

    byte[] getObject(String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(BucketNames.require(bucket)).key(BucketNames.requireKey(key)))
                .asByteArray();
    }

    List<String> listObjects(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        client.listObjectsV2Paginator(b -> b.bucket(BucketNames.require(bucket)).prefix(prefix == null ? "" : prefix))
                .contents().stream().map(S3Object::key).forEach(keys::add);
        keys.sort(null);
        return keys;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Drops the {@code Expect: 100-continue} the SDK puts on uploads: after such a PUT, the JDK's
     * HttpURLConnection reuses a connection s3proxy (Jetty) has closed, and the next PUT fails with
     * "Unexpected end of file from server" (seen on the second of two small puts in a row).
     */
    private static final class NoExpectContinue implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            return request.firstMatchingHeader("Expect").isPresent()
                    ? request.toBuilder().removeHeader("Expect").build()
                    : request;
        }
    }
}
