package dev.datalake.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsWhatTheServicesAnswer() {
        Json master = Json.parse("""
                {"url":"spark://spark-master:7077","aliveworkers":2,"cores":4.5,"status":"ALIVE",
                 "workers":[{"id":"w1","state":"ALIVE"},{"id":"w2","state":"DEAD"}],"activeapps":[],"ok":true,"none":null}
                """);
        assertThat(master.path("status").asText()).isEqualTo("ALIVE");
        assertThat(master.path("aliveworkers").asInt(-1)).isEqualTo(2);
        assertThat(master.path("cores").asText()).isEqualTo("4.5");
        assertThat(master.path("ok").asText()).isEqualTo("true");
        assertThat(master.path("none").asText("x")).isEqualTo("x");
        assertThat(master.path("workers").isArray()).isTrue();
        List<String> states = new ArrayList<>();
        master.path("workers").forEach(w -> states.add(w.path("state").asText()));
        assertThat(states).containsExactly("ALIVE", "DEAD");
        assertThat(master.path("activeapps")).isEmpty();
        assertThat(master.value()).isInstanceOf(Map.class);
    }

    @Test
    void aMissingPathNeverThrows() {
        Json health = Json.parse("{}");
        assertThat(health.path("scheduler").path("status").isMissing()).isTrue();
        assertThat(health.path("scheduler").path("status").asText()).isEmpty();
        assertThat(health.path("a").asInt(-1)).isEqualTo(-1);
        assertThat(Json.parse("\"42\"").asInt(-1)).isEqualTo(42);
        assertThat(Json.parse("[1]").path("x").isMissing()).isTrue();
    }

    @Test
    void decodesEscapes() {
        assertThat(Json.parse("\"a\\\"b\\\\c\\n\\u00e9\\/\"").asText()).isEqualTo("a\"b\\c\né/");
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conf", Map.of());
        body.put("note", "line\n\"quoted\"\u0001");
        body.put("list", List.of(1, 2.5, true));
        body.put("none", null);
        String text = Json.write(body);
        assertThat(text).isEqualTo("{\"conf\":{},\"note\":\"line\\n\\\"quoted\\\"\\u0001\",\"list\":[1,2.5,true],\"none\":null}");
        assertThat(Json.parse(text).path("note").asText()).isEqualTo("line\n\"quoted\"\u0001");
    }

    @Test
    void saysWhereTextIsNotJson() {
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at character 5");
        assertThatThrownBy(() -> Json.parse("<html>")).hasMessageStartingWith("Not JSON");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("[1,")).hasMessageContaining("unexpected end");
    }
}
