package dev.datalake.cluster.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.storage.ObjectStore;
import dev.datalake.cluster.storage.ObjectStoreException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The snippets of docs/object-store.md (compiled, not run). */
class ObjectStoreExamples {

    void basics(DataLakeCluster cluster) {
        // tag::basics[]
        ObjectStore s3 = cluster.objectStore();
        s3.createBucket("raw");
        s3.putObject("raw", "people/people.csv", "name,age\nada,36\n".getBytes(UTF_8));
        byte[] content = s3.getObject("raw", "people/people.csv");
        List<String> keys = s3.listObjects("raw", "people/");   // sorted; "" lists every key
        // end::basics[]
    }

    void endpoints(DataLakeCluster cluster) {
        // tag::endpoints[]
        ObjectStore s3 = cluster.objectStore();
        URI fromTheHost = s3.endpoint();                 // http://localhost:<random port>
        URI fromContainers = s3.internalEndpoint();      // http://minio:9000
        String accessKey = s3.accessKey();
        String secretKey = s3.secretKey();
        String region = s3.region();                     // us-east-1
        Map<String, String> env = s3.containerEnvironment();   // S3_ENDPOINT, AWS_* for your own containers
        // end::endpoints[]
    }

    void credentials() {
        // tag::credentials[]
        DataLakeCluster cluster = DataLakeCluster.builder()
                .objectStoreCredentials("datalake", "a-long-secret")   // default: a random secret per cluster
                .start();
        // end::credentials[]
        cluster.close();
    }

    void errors(ObjectStore s3) {
        // tag::errors[]
        try {
            s3.getObject("raw", "missing.csv");
        } catch (ObjectStoreException e) {
            int status = e.statusCode();      // 404
            String code = e.errorCode();      // NoSuchKey
        }
        // end::errors[]
    }
}
