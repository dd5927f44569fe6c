package dev.datalake.cluster.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bridge to Jackson for the public methods that take or return a {@link JsonNode}. Jackson is an
 * optional dependency (a Spark project has its own version, which the library must not change):
 * only this class names it in code that runs, so the library works without it.
 */
public final class JacksonJson {

    private static final String ARTIFACT = "com.fasterxml.jackson.core:jackson-databind";

    private JacksonJson() {}

    /** {@code text} as a Jackson tree; {@link IllegalStateException} naming the artifact when Jackson is absent. */
    public static JsonNode tree(String text) {
        try {
            return Holder.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("this method returns a Jackson JsonNode: add " + ARTIFACT
                    + " to the classpath", e);
        }
    }

    /** A Jackson tree as the library's own {@link Json} (null as JSON's null). */
    public static Json of(JsonNode node) {
        return Json.parse(String.valueOf(node));
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
