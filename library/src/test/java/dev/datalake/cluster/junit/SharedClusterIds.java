package dev.datalake.cluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The cluster id each configuration got first in this JVM, for ITs that check sharing across classes. */
final class SharedClusterIds {

    private static final Map<String, String> FIRST = new ConcurrentHashMap<>();

    private SharedClusterIds() {}

    static void sameAsBefore(String configuration, String id) {
        assertThat(FIRST.computeIfAbsent(configuration, key -> id))
                .as("cluster id of '%s' in this run", configuration).isEqualTo(id);
    }
}
