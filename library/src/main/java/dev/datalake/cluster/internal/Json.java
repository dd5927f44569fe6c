package dev.datalake.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value, read the way the services' answers are read: {@code path("a").path("b").asText()}
 * never throws, a missing member is {@link #isMissing() missing}. Values are plain Java ({@link Map},
 * {@link List}, {@link String}, {@link Long} or {@link BigDecimal}, {@link Boolean}, {@code null}).
 * Own code rather than Jackson: a Jackson the library pinned would change what a Spark project resolves.
 */
public final class Json implements Iterable<Json> {

    private static final Object MISSING_VALUE = new Object();
    private static final Json MISSING = new Json(MISSING_VALUE);

    private final Object value;

    private Json(Object value) {
        this.value = value;
    }

    /** Parses one JSON document; {@link IllegalArgumentException} saying where when it is not JSON. */
    public static Json parse(String text) {
        return new Json(new JsonParser(text).document());
    }

    public static Json parse(InputStream in) {
        try {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain Java value (as {@link #value()} returns them) to read with {@link #path(String)}. */
    public static Json of(Object value) {
        return new Json(value);
    }

    /** The member {@code name} of an object; missing for anything else. */
    public Json path(String name) {
        return value instanceof Map<?, ?> map && map.containsKey(name) ? new Json(map.get(name)) : MISSING;
    }

    public boolean isMissing() {
        return value == MISSING_VALUE;
    }

    public boolean isArray() {
        return value instanceof List;
    }

    public boolean isObject() {
        return value instanceof Map;
    }

    /** True for an empty array or object, and for anything that is neither. */
    public boolean isEmpty() {
        if (value instanceof List<?> list) {
            return list.isEmpty();
        }
        return !(value instanceof Map<?, ?> map) || map.isEmpty();
    }

    /** The plain Java value; {@code null} for JSON null and for a missing member. */
    public Object value() {
        return isMissing() ? null : value;
    }

    /** A string's text, a number's or boolean's JSON form; {@code ""} for anything else. */
    public String asText() {
        return asText("");
    }

    public String asText(String otherwise) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return otherwise;
    }

    /** An integral number, or a string holding one; {@code otherwise} for anything else. */
    public int asInt(int otherwise) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    public int asInt() {
        return asInt(0);
    }

    /** The elements of an array; nothing for anything else. */
    @Override
    public Iterator<Json> iterator() {
        List<Json> elements = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(element -> elements.add(new Json(element)));
        }
        return elements.iterator();
    }

    @Override
    public String toString() {
        return isMissing() ? "<missing>" : write(value);
    }

    /** JSON text of a plain Java value: maps, iterables, strings, numbers, booleans and null. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(separator);
                quote(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            String separator = "";
            for (Object element : list) {
                out.append(separator);
                write(element, out);
                separator = ",";
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
