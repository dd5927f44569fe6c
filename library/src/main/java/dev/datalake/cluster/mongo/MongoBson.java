package dev.datalake.cluster.mongo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** The BSON the MongoDB probe sends and reads: documents, arrays, strings, numbers, booleans, binary, null. */
final class MongoBson {

    private MongoBson() {
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
