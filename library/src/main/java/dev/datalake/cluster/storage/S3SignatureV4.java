package dev.datalake.cluster.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS signature version 4 for S3 requests sent with headers (not presigned): the {@code Authorization},
 * {@code x-amz-date} and {@code x-amz-content-sha256} headers of one request. MinIO and s3proxy both
 * accept it, so the library needs no AWS SDK.
 */
final class S3SignatureV4 {

    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKey;
    private final String secretKey;
    private final String region;

    S3SignatureV4(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    /**
     * The headers to send, {@code headers} included.
     *
     * @param encodedPath the request path, each segment already URI-encoded as S3 wants it
     * @param query       the query parameters, not encoded
     * @param headers     the headers to sign besides the ones this adds; must hold {@code host}
     * @param payloadHash hex SHA-256 of the body ({@link #EMPTY_SHA256} for none)
     */
    Map<String, String> sign(String method, String encodedPath, Map<String, String> query,
            Map<String, String> headers, String payloadHash, Instant at) {
        String amzDate = AMZ_DATE.format(at);
        String day = amzDate.substring(0, 8);
        SortedMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(java.util.Locale.ROOT), value.trim()));
        signed.put("x-amz-date", amzDate);
        signed.put("x-amz-content-sha256", payloadHash);
        String signedNames = String.join(";", signed.keySet());
        String canonicalRequest = method + "\n"
                + encodedPath + "\n"
                + canonicalQuery(query) + "\n"
                + signed.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n").collect(Collectors.joining())
                + "\n"
                + signedNames + "\n"
                + payloadHash;
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(bytes(canonicalRequest));
        byte[] key = hmac(bytes("AWS4" + secretKey), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, toSign));
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("x-amz-date", amzDate);
        all.put("x-amz-content-sha256", payloadHash);
        all.put("Authorization", ALGORITHM + " Credential=" + accessKey + "/" + scope
                + ",SignedHeaders=" + signedNames + ",Signature=" + signature);
        return all;
    }

    static String canonicalQuery(Map<String, String> query) {
        return new TreeMap<>(query).entrySet().stream()
                .map(e -> uriEncode(e.getKey(), true) + "=" + uriEncode(e.getValue(), true))
                .collect(Collectors.joining("&"));
    }

    /** S3's URI encoding: every byte but the unreserved characters percent-encoded; '/' kept when {@code slash} is false. */
    static String uriEncode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes(value)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b).toUpperCase(java.util.Locale.ROOT));
            }
        }
        return out.toString();
    }

    static String sha256Hex(byte[] content) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
