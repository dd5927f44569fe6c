package dev.datalake.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterResourcesTest {

    @Test
    void ownerIsThisJvmOnThisHostWithItsStartAndNamespace() {
        ProcessOwner owner = ProcessOwner.parse(ClusterResources.OWNER).orElseThrow();
        assertThat(owner.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(owner.startMillis()).isEqualTo(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli());
        assertThat(owner.namespace()).isNotBlank().doesNotContain("unknown");
    }

    @Test
    void staleMeansVerifiablyGoneAndNothingElse() throws Exception {
        ProcessOwner self = ProcessOwner.parse(ClusterResources.OWNER).orElseThrow();
        Process done = new ProcessBuilder("sleep", "0.3").start();
        long doneStarted = done.info().startInstant().orElseThrow().toEpochMilli();
        done.waitFor();
        ProcessOwner dead = new ProcessOwner(done.pid(), self.host(), doneStarted, self.namespace());

        assertThat(ClusterResources.isStale(labels(ClusterResources.OWNER))).isFalse();
        assertThat(ClusterResources.isStale(labels(dead.label()))).isTrue();
        // the same pid, started at another time: the id was reused, the owner is gone
        assertThat(ClusterResources.isStale(labels(new ProcessOwner(self.pid(), self.host(), self.startMillis() - 1000,
                self.namespace()).label()))).isTrue();
        // what cannot be verified is not ours
        assertThat(ClusterResources.isStale(labels(new ProcessOwner(done.pid(), self.host(), doneStarted,
                "other-boot/pid:[1]").label()))).as("another PID namespace").isFalse();
        assertThat(ClusterResources.isStale(labels(new ProcessOwner(done.pid(), "some-other-host", doneStarted,
                self.namespace()).label()))).as("another host").isFalse();
        assertThat(ClusterResources.isStale(labels(done.pid() + "@" + self.host()))).as("pid@host only").isFalse();
        assertThat(ClusterResources.isStale(labels(null))).isFalse();
        assertThat(ClusterResources.isStale(null)).isFalse();
        assertThat(ClusterResources.isStale(labels("garbage"))).isFalse();
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
