package dev.datalake.cluster.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.spark.SparkVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library's own S3 client (signature v4 over HttpURLConnection) against the real S3 server of the image set. */
class S3OperationsIT {

    private static ObjectStoreContainer<?> store;

    @BeforeAll
    static void startStore() {
        ImageSet set = ImageSet.fromEnvironment();
        ImageSet decided = ClusterImages.decide(set);
        String image = ClusterImages.of(decided, SparkVersion.DEFAULT).objectStore();
        store = decided.isOffline() ? new S3ProxyContainer(image) : new MinioContainer(image);
        store.withCredentials("s3-client-it", "a-secret-with/slash+plus");
        store.start();
    }

    @AfterAll
    static void stopStore() {
        if (store != null) {
            store.stop();
        }
    }

    @Test
    void roundTripsKeysThatNeedEncoding() {
        store.createBucket("encoding");
        List<String> keys = List.of("plain.txt", "with space/and+plus.csv", "ünïcode/日本.txt", "a=b&c/~tilde*star");
        for (String key : keys) {
            store.putObject("encoding", key, ("content of " + key).getBytes(StandardCharsets.UTF_8));
        }
        for (String key : keys) {
            assertThat(new String(store.getObject("encoding", key), StandardCharsets.UTF_8)).isEqualTo("content of " + key);
        }
        assertThat(store.listObjects("encoding", "")).containsExactlyElementsOf(keys.stream().sorted().toList());
        assertThat(store.listObjects("encoding", "with space/")).containsExactly("with space/and+plus.csv");
        assertThat(store.getObject("encoding", "plain.txt")).hasSize("content of plain.txt".length());
        store.putObject("encoding", "empty", new byte[0]);
        assertThat(store.getObject("encoding", "empty")).isEmpty();
    }

    @Test
    void listsPastOnePageOfAThousandKeys() {
        store.createBucket("pages");
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 1005).forEach(i -> {
            String key = String.format("k/%04d", i);
            store.putObject("pages", key, new byte[] {(byte) i});
            expected.add(key);
        });
        assertThat(store.listObjects("pages", "k/")).containsExactlyElementsOf(expected);
    }

    @Test
    void refusalsCarryS3sErrorCode() {
        assertThatThrownBy(() -> store.getObject("no-such-bucket", "x"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo("NoSuchBucket");
                });
        store.createBucket("errors");
        assertThatThrownBy(() -> store.getObject("errors", "missing"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.errorCode()).isEqualTo("NoSuchKey"))
                .hasMessageContaining("GET /errors/missing answered 404");
    }

    @Test
    void theAwsSdkClientSeesWhatTheLibrarysClientWrote() {
        store.createBucket("sdk-view");
        store.putObject("sdk-view", "a/b.txt", "written by ObjectStore".getBytes(StandardCharsets.UTF_8));
        var sdk = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(store.endpoint())
                .region(software.amazon.awssdk.regions.Region.of(store.region()))
                .forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(store.accessKey(),
                                store.secretKey())))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
        assertThat(sdk.listObjectsV2(b -> b.bucket("sdk-view")).contents()).extracting(o -> o.key())
                .containsExactly("a/b.txt");
        sdk.putObject(b -> b.bucket("sdk-view").key("from-sdk.txt"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("written by the SDK"));
        assertThat(new String(store.getObject("sdk-view", "from-sdk.txt"), StandardCharsets.UTF_8))
                .isEqualTo("written by the SDK");
        sdk.close();
    }
}
