package dev.datalake.cluster.mongo;

import java.io.ByteArrayOutputStream;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
        byte[] document = Bson.encode(body);
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
        return Bson.decode(reply);
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

    /** The BSON this probe sends and reads: documents, arrays, strings, numbers, booleans, binary, null. */
    static final class Bson {

        private Bson() {
        }

        static byte[] encode(Map<String, Object> document) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Map.Entry<String, Object> entry : document.entrySet()) {
                element(body, entry.getKey(), entry.getValue());
            }
            body.write(0);
            ByteBuffer size = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.size() + 4);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.writeBytes(size.array());
            whole.writeBytes(body.toByteArray());
            return whole.toByteArray();
        }

        @SuppressWarnings("unchecked")
        private static void element(ByteArrayOutputStream out, String name, Object value) {
            ByteBuffer number = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (value instanceof String text) {
                out.write(0x02);
                cstring(out, name);
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                out.write(number.putInt(bytes.length + 1).array(), 0, 4);
                out.writeBytes(bytes);
                out.write(0);
            } else if (value instanceof Integer i) {
                out.write(0x10);
                cstring(out, name);
                out.write(number.putInt(i).array(), 0, 4);
            } else if (value instanceof Long l) {
                out.write(0x12);
                cstring(out, name);
                out.writeBytes(number.putLong(l).array());
            } else if (value instanceof Double d) {
                out.write(0x01);
                cstring(out, name);
                out.writeBytes(number.putDouble(d).array());
            } else if (value instanceof Boolean b) {
                out.write(0x08);
                cstring(out, name);
                out.write(b ? 1 : 0);
            } else if (value instanceof byte[] bytes) {
                out.write(0x05);
                cstring(out, name);
                out.write(number.putInt(bytes.length).array(), 0, 4);
                out.write(0x00);
                out.writeBytes(bytes);
            } else if (value instanceof Map<?, ?> map) {
                out.write(0x03);
                cstring(out, name);
                out.writeBytes(encode((Map<String, Object>) map));
            } else {
                throw new IllegalArgumentException("no BSON for " + name + " = " + value);
            }
        }

        private static void cstring(ByteArrayOutputStream out, String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }

        /** Reads one document at the buffer's position (little-endian). */
        static Map<String, Object> decode(ByteBuffer in) throws IOException {
            int start = in.position();
            int size = in.getInt();
            int end = start + size;
            if (size < 5 || end > in.limit()) {
                throw new IOException("a BSON document of " + size + " bytes");
            }
            Map<String, Object> document = new LinkedHashMap<>();
            while (in.position() < end - 1) {
                byte type = in.get();
                String name = cstring(in);
                document.put(name, value(in, type, name));
            }
            in.position(end);
            return document;
        }

        private static Object value(ByteBuffer in, byte type, String name) throws IOException {
            switch (type) {
                case 0x01: return in.getDouble();
                case 0x02: {
                    byte[] bytes = new byte[in.getInt() - 1];
                    in.get(bytes);
                    in.get();
                    return new String(bytes, StandardCharsets.UTF_8);
                }
                case 0x03: return decode(in);
                case 0x04: return new ArrayList<>(decode(in).values());
                case 0x05: {
                    byte[] bytes = new byte[in.getInt()];
                    in.get(); // subtype
                    in.get(bytes);
                    return bytes;
                }
                case 0x07: {
                    byte[] id = new byte[12];
                    in.get(id);
                    return java.util.HexFormat.of().formatHex(id);
                }
                case 0x08: return in.get() != 0;
                case 0x09, 0x11, 0x12: return in.getLong();
                case 0x0A: return null;
                case 0x10: return in.getInt();
                case 0x13: {
                    byte[] decimal = new byte[16];
                    in.get(decimal);
                    return decimal;
                }
                default: throw new IOException("BSON type " + type + " of field " + name + " is not read by the probe");
            }
        }

        private static String cstring(ByteBuffer in) {
            int start = in.position();
            while (in.get() != 0) {
                // up to the terminating zero
            }
            byte[] bytes = new byte[in.position() - start - 1];
            in.position(start);
            in.get(bytes);
            in.get();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
