package dev.datalake.cluster.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.datalake.cluster.internal.Http;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The object operations of {@link ObjectStore}: S3's REST API, path-style, signed with signature
 * version 4, over the library's one HTTP client. Small on purpose: a test dependency should not bring
 * an SDK of 29 jars onto its users' classpath for four calls.
 */
final class S3Operations implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI endpoint;
    private final S3SignatureV4 signer;

    S3Operations(URI endpoint, String accessKey, String secretKey, String region) {
        this.endpoint = endpoint;
        this.signer = new S3SignatureV4(accessKey, secretKey, region);
    }

    void createBucket(String bucket) {
        send("PUT", path(bucket, null), Map.of(), new byte[0]);
    }

    void putObject(String bucket, String key, byte[] content) {
        send("PUT", path(bucket, key), Map.of(), content);
    }

    byte[] getObject(String bucket, String key) {
        return send("GET", path(bucket, key), Map.of(), null);
    }

    List<String> listObjects(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix == null ? "" : prefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            Document page = xml(send("GET", path(bucket, null), query, null));
            NodeList contents = page.getDocumentElement().getElementsByTagName("Contents");
            for (int i = 0; i < contents.getLength(); i++) {
                keys.add(text((Element) contents.item(i), "Key"));
            }
            token = "true".equals(text(page.getDocumentElement(), "IsTruncated"))
                    ? text(page.getDocumentElement(), "NextContinuationToken")
                    : null;
        } while (token != null && !token.isEmpty());
        keys.sort(null);
        return keys;
    }

    @Override
    public void close() {
        // HttpURLConnection keeps its own connection cache; nothing of ours to release
    }

    /**
     * What a signed ListBuckets at {@code endpoint} answered: null when it listed the buckets, else
     * the answer in words (the probe of a store without a health endpoint).
     */
    static String listBucketsAnswer(URI endpoint, String accessKey, String secretKey, String region) {
        try {
            new S3Operations(endpoint, accessKey, secretKey, region).send("GET", "/", Map.of(), null);
            return null;
        } catch (ObjectStoreException | UncheckedIOException e) {
            return e.getMessage();
        }
    }

    private static String path(String bucket, String key) {
        String path = "/" + BucketNames.require(bucket);
        return key == null ? path : path + "/" + S3SignatureV4.uriEncode(BucketNames.requireKey(key), false);
    }

    /** Sends one signed request; the answer's body, or {@link ObjectStoreException} for a status of 300 or more. */
    private byte[] send(String method, String encodedPath, Map<String, String> query, byte[] body) {
        String queryString = S3SignatureV4.canonicalQuery(query);
        URI uri = URI.create(endpoint.toString().replaceAll("/+$", "") + encodedPath
                + (queryString.isEmpty() ? "" : "?" + queryString));
        String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        String payloadHash = body == null ? S3SignatureV4.EMPTY_SHA256 : S3SignatureV4.sha256Hex(body);
        Map<String, String> headers = signer.sign(method, encodedPath, query, Map.of("host", host),
                payloadHash, Instant.now());
        Map<String, String> request = new LinkedHashMap<>(headers);
        if (body != null) {
            // without it S3 would store what the client defaults to
            request.put("Content-Type", "application/octet-stream");
        }
        try {
            Http.Answer answer = Http.send(method, uri, request, body, TIMEOUT);
            if (answer.status() >= 300) {
                throw refused(method, encodedPath, answer.status(), answer.bytes());
            }
            return answer.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("S3 " + method + " " + uri + " failed: " + e.getMessage(), e);
        }
    }

    private static ObjectStoreException refused(String method, String path, int status, byte[] answer) {
        String code = "";
        String message = "";
        if (answer.length > 0) {
            try {
                Element error = xml(answer).getDocumentElement();
                code = text(error, "Code");
                message = text(error, "Message");
            } catch (IllegalStateException notXml) {
                message = new String(answer, java.nio.charset.StandardCharsets.UTF_8).strip();
            }
        }
        String detail = List.of(code, message).stream().filter(s -> !s.isEmpty()).collect(Collectors.joining(": "));
        return new ObjectStoreException("S3 " + method + " " + path + " answered " + status
                + (detail.isEmpty() ? "" : " " + detail), status, code);
    }

    private static Document xml(byte[] content) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(content));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("The object store answered something that is not S3's XML: " + e.getMessage(), e);
        }
    }

    /** The text of the first direct child element named {@code name}, or "". */
    private static String text(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e.getTextContent();
            }
        }
        return "";
    }
}
