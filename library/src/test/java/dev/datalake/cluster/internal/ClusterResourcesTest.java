package dev.datalake.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterResourcesTest {

    @Test
    void ownerIsThisJvmOnThisHost() {
        assertThat(ClusterResources.OWNER).startsWith(ProcessHandle.current().pid() + "@");
    }

    @Test
    void staleMeansTheOwningJvmIsGoneOrUnknown() throws Exception {
        String host = ClusterResources.OWNER.substring(ClusterResources.OWNER.indexOf('@') + 1);
        Process done = new ProcessBuilder("true").start();
        done.waitFor();

        assertThat(ClusterResources.isStale(labels(ClusterResources.OWNER))).isFalse();
        assertThat(ClusterResources.isStale(labels(done.pid() + "@" + host))).isTrue();
        assertThat(ClusterResources.isStale(labels(null))).isTrue();
        assertThat(ClusterResources.isStale(null)).isTrue();
        assertThat(ClusterResources.isStale(labels("garbage"))).isTrue();
        // another machine's JVM cannot be checked from here: left alone
        assertThat(ClusterResources.isStale(labels("1@some-other-host"))).isFalse();
    }

    private static Map<String, String> labels(String owner) {
        Map<String, String> labels = new HashMap<>();
        labels.put(ClusterResources.LABEL, "abc");
        if (owner != null) {
            labels.put(ClusterResources.OWNER_LABEL, owner);
        }
        return labels;
    }
}
