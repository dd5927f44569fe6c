package dev.datalake.cluster.mongo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Just enough of MongoDB's wire protocol for a readiness probe without the Mongo driver on the
 * library's classpath: OP_MSG commands with a minimal BSON codec, and SCRAM-SHA-256 authentication
 * (RFC 5802 / 7677, as MongoDB runs it through {@code saslStart} and {@code saslContinue}).
 */
final class MongoWire implements AutoCloseable {

    private static final int OP_MSG = 2013;
    private static final int MAX_MESSAGE = 48 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int requestId;

    private MongoWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static MongoWire connect(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return new MongoWire(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Runs {@code command} (its first key names it) against {@code database}; returns the reply document. */
    Map<String, Object> command(Map<String, Object> command, String database) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>(command);
        body.put("$db", database);
        byte[] document = MongoBson.encode(body);
        ByteBuffer message = ByteBuffer.allocate(16 + 4 + 1 + document.length).order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(message.capacity()).putInt(++requestId).putInt(0).putInt(OP_MSG);
        message.putInt(0).put((byte) 0).put(document);
        out.write(message.array());
        out.flush();
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[16];
        data.readFully(header);
        ByteBuffer head = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int length = head.getInt();
        head.getInt();
        int responseTo = head.getInt();
        int opCode = head.getInt();
        if (length < 21 || length > MAX_MESSAGE || opCode != OP_MSG || responseTo != requestId) {
            throw new IOException("not an OP_MSG reply to request " + requestId + " (length " + length + ", opCode "
                    + opCode + ", responseTo " + responseTo + ")");
        }
        byte[] rest = new byte[length - 16];
        data.readFully(rest);
        ByteBuffer reply = ByteBuffer.wrap(rest).order(ByteOrder.LITTLE_ENDIAN);
        reply.getInt(); // flag bits
        if (reply.get() != 0) {
            throw new IOException("an OP_MSG reply without a body section");
        }
        return MongoBson.decode(reply);
    }

    /**
     * Authenticates as {@code username} in {@code database} with SCRAM-SHA-256. Returns null when
     * the server accepted (and proved it knows the password too), else what it answered.
     */
    String authenticate(String database, String username, String password) throws IOException {
        String clientNonce = Base64.getEncoder().encodeToString(randomBytes(24));
        String clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("saslStart", 1);
        start.put("mechanism", "SCRAM-SHA-256");
        start.put("payload", ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8));
        start.put("autoAuthorize", 1);
        start.put("options", Map.of("skipEmptyExchange", true));
        Map<String, Object> answer = command(start, database);
        if (!isOk(answer)) {
            return "saslStart: " + answer;
        }
        String serverFirst = new String((byte[]) answer.get("payload"), StandardCharsets.UTF_8);
        Map<String, String> first = attributes(serverFirst);
        String nonce = first.get("r");
        if (nonce == null || !nonce.startsWith(clientNonce) || first.get("s") == null || first.get("i") == null) {
            return "saslStart answered '" + serverFirst + "'";
        }
        Scram scram = new Scram(password, clientFirstBare, serverFirst);
        Object conversation = answer.get("conversationId");
        answer = command(saslContinue(conversation, scram.clientFinal().getBytes(StandardCharsets.UTF_8)), database);
        if (!isOk(answer)) {
            return "saslContinue: " + answer;
        }
        String serverFinal = new String((byte[]) answer.get("payload"), StandardCharsets.UTF_8);
        if (!scram.serverSignature().equals(attributes(serverFinal).get("v"))) {
            return "the server's SCRAM signature did not match ('" + serverFinal + "')";
        }
        // servers that ignore skipEmptyExchange want one more, empty, round
        while (!Boolean.TRUE.equals(answer.get("done"))) {
            answer = command(saslContinue(conversation, new byte[0]), database);
            if (!isOk(answer)) {
                return "saslContinue: " + answer;
            }
        }
        return null;
    }

    /** SCRAM-SHA-256's client proof and the server signature it expects, for one exchange. */
    record Scram(String password, String clientFirstBare, String serverFirst) {

        String clientFinalBare() {
            return "c=biws,r=" + attributes(serverFirst).get("r");
        }

        private String authMessage() {
            return clientFirstBare + "," + serverFirst + "," + clientFinalBare();
        }

        private byte[] salted() {
            Map<String, String> first = attributes(serverFirst);
            return pbkdf2(password, Base64.getDecoder().decode(first.get("s")), Integer.parseInt(first.get("i")));
        }

        String clientFinal() {
            byte[] clientKey = hmac(salted(), "Client Key");
            byte[] signature = hmac(sha256(clientKey), authMessage());
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            return clientFinalBare() + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        String serverSignature() {
            return Base64.getEncoder().encodeToString(hmac(hmac(salted(), "Server Key"), authMessage()));
        }
    }

    private static Map<String, Object> saslContinue(Object conversation, byte[] payload) {
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("saslContinue", 1);
        next.put("conversationId", conversation);
        next.put("payload", payload);
        return next;
    }

    /** {@code ok: 1} (a double, an int or a long, as servers differ). */
    static boolean isOk(Map<String, Object> answer) {
        return answer.get("ok") instanceof Number ok && ok.doubleValue() == 1.0;
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : message.split(",")) {
            int eq = part.indexOf('=');
            if (eq == 1) {
                values.put(part.substring(0, 1), part.substring(2));
            }
        }
        return values;
    }

    static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        }
    }

    static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
