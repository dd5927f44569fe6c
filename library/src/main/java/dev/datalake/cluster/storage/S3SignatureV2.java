package dev.datalake.cluster.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers of an S3 request signed with AWS signature version 2, for a request without body,
 * content type or {@code x-amz-} headers: enough for a readiness probe without the AWS SDK.
 */
final class S3SignatureV2 {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private S3SignatureV2() {}

    static Map<String, String> headers(String method, String resource, String accessKey, String secretKey) {
        return headers(method, resource, accessKey, secretKey, ZonedDateTime.now(ZoneOffset.UTC));
    }

    static Map<String, String> headers(String method, String resource, String accessKey, String secretKey,
            ZonedDateTime at) {
        String date = HTTP_DATE.format(at.withZoneSameInstant(ZoneOffset.UTC));
        // StringToSign = verb \n Content-MD5 \n Content-Type \n Date \n CanonicalizedAmzHeaders CanonicalizedResource
        String toSign = method + "\n\n\n" + date + "\n" + resource;
        return Map.of("Date", date, "Authorization", "AWS " + accessKey + ":" + signature(secretKey, toSign));
    }

    /** Base64 of the HMAC-SHA1 of {@code stringToSign} with the secret key. */
    static String signature(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }
}
