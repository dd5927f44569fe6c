package dev.datalake.cluster.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class S3SignatureV2Test {

    /** The "Object GET" example of the S3 guide, "Signing and authenticating REST requests" (signature v2). */
    @Test
    void signsTheDocumentedExample() {
        assertThat(S3SignatureV2.signature("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg"))
                .isEqualTo("bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
    }

    @Test
    void headersCarryTheDateTheySign() {
        var headers = S3SignatureV2.headers("GET", "/", "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ZonedDateTime.of(2007, 3, 27, 19, 42, 41, 0, ZoneOffset.UTC));
        assertThat(headers).containsEntry("Date", "Tue, 27 Mar 2007 19:42:41 GMT");
        assertThat(headers.get("Authorization")).startsWith("AWS AKIAIOSFODNN7EXAMPLE:");
    }
}
