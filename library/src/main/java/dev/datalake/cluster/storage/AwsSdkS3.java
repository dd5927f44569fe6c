package dev.datalake.cluster.storage;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An AWS SDK v2 S3 client for a store, for what {@link ObjectStore} does not cover. The SDK is an
 * optional dependency of the library: this class is the only one that names its types, so the
 * library works without it and {@link ObjectStoreContainer#s3Client()} says what to add.
 */
final class AwsSdkS3 {

    static final String ARTIFACTS = "software.amazon.awssdk:s3 and software.amazon.awssdk:url-connection-client";

    private AwsSdkS3() {}

    static boolean available() {
        try {
            Class.forName("software.amazon.awssdk.services.s3.S3Client", false, AwsSdkS3.class.getClassLoader());
            Class.forName("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient", false,
                    AwsSdkS3.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Path-style, on {@code endpoint}, with the JDK's HTTP client. */
    static S3Client client(URI endpoint, String accessKey, String secretKey, String region) {
        return S3Client.builder()
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
