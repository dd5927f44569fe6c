package dev.datalake.cluster.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked examples of the S3 API reference, "Signature calculations for the Authorization header". */
class S3SignatureV4Test {

    private static final S3SignatureV4 SIGNER =
            new S3SignatureV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    private static final Instant AT = Instant.parse("2013-05-24T00:00:00Z");

    @Test
    void signsTheGetObjectExample() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");
        Map<String, String> signed = SIGNER.sign("GET", "/test.txt", Map.of(), headers, S3SignatureV4.EMPTY_SHA256, AT);
        assertThat(signed.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(signed).containsEntry("x-amz-date", "20130524T000000Z");
    }

    @Test
    void signsTheListObjectsExample() {
        Map<String, String> signed = SIGNER.sign("GET", "/", Map.of("max-keys", "2", "prefix", "J"),
                Map.of("Host", "examplebucket.s3.amazonaws.com"), S3SignatureV4.EMPTY_SHA256, AT);
        assertThat(signed.get("Authorization"))
                .endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void encodesKeysAsS3Wants() {
        assertThat(S3SignatureV4.uriEncode("a b/ü+*~.csv", false)).isEqualTo("a%20b/%C3%BC%2B%2A~.csv");
        assertThat(S3SignatureV4.canonicalQuery(Map.of("prefix", "a/b", "list-type", "2")))
                .isEqualTo("list-type=2&prefix=a%2Fb");
    }
}
