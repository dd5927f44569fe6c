package dev.datalake.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.cli.Engine.ClusterContainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code down} and {@code status} against an engine this test describes (no Docker). */
class DownAndStatusTest {

    /** An engine with these containers; records what was asked of it. */
    static final class FakeEngine implements Engine {
        final boolean available;
        final List<ClusterContainer> containers;
        final List<String> calls = new ArrayList<>();

        FakeEngine(boolean available, List<ClusterContainer> containers) {
            this.available = available;
            this.containers = containers;
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public String where() {
            return "DOCKER_HOST=tcp://nowhere:2375";
        }

        @Override
        public int removeReused() {
            calls.add("removeReused");
            return 4;
        }

        @Override
        public int removeStale() {
            calls.add("removeStale");
            return 3;
        }

        @Override
        public List<ClusterContainer> containers() {
            calls.add("containers");
            return containers;
        }
    }

    record Result(int exitCode, String out, String err) {}

    static Result run(Engine engine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DataLakeCli.run(engine, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void downRemovesWhatDeadProcessesLeftAndKeepsReusedClusters() {
        FakeEngine engine = new FakeEngine(true, List.of());
        Result result = run(engine, "down");
        assertThat(result.exitCode()).isZero();
        assertThat(engine.calls).containsExactly("removeStale");
        assertThat(result.out()).isEqualTo("removed 3 containers and networks of clusters whose process is gone\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void downReusedRemovesReusedClustersToo() {
        FakeEngine engine = new FakeEngine(true, List.of());
        Result result = run(engine, "down", "--reused");
        assertThat(engine.calls).containsExactly("removeStale", "removeReused");
        assertThat(result.out()).isEqualTo("removed 3 containers and networks of clusters whose process is gone\n"
                + "removed 4 containers and networks of reused clusters\n");
    }

    @Test
    void downDryRunListsWhatWouldGoAndRemovesNothing() {
        FakeEngine engine = new FakeEngine(true, List.of(
                new ClusterContainer("a1b2c3d4", "object-store", "running", List.of(), "4242@host", false, false),
                new ClusterContainer("ffee0011", "spark-worker-1", "exited", List.of(), "17@host", false, true),
                new ClusterContainer("c0ffee00", "object-store", "running", List.of(), "reuse", true, false)));
        Result result = run(engine, "down", "--dry-run");
        assertThat(engine.calls).containsExactly("containers");
        assertThat(result.out().lines().toList()).containsExactly(
                "CLUSTER   SERVICE         STATE   REUSED  OWNER           PORTS",
                "ffee0011  spark-worker-1  exited  no      17@host (gone)  -",
                "would remove these 1 container(s) and their clusters' networks");

        FakeEngine withReused = new FakeEngine(true, engine.containers);
        assertThat(run(withReused, "down", "--dry-run", "--reused").out()).contains("c0ffee00").contains("ffee0011")
                .doesNotContain("a1b2c3d4");
        assertThat(withReused.calls).containsExactly("containers");
    }

    @Test
    void statusListsEachClustersServicesPortsOwnerAndReuse() {
        FakeEngine engine = new FakeEngine(true, List.of(
                new ClusterContainer("a1b2c3d4", "object-store", "running", List.of("127.0.0.1:9000->9000"),
                        "4242@host", false, false),
                new ClusterContainer("a1b2c3d4", "spark-master", "running",
                        List.of("127.0.0.1:8887->8080", "127.0.0.1:7077->7077"), "4242@host", false, false),
                new ClusterContainer("ffee0011", "spark-worker-1", "exited", List.of(), "17@host", false, true),
                new ClusterContainer("c0ffee00", "object-store", "running", List.of("127.0.0.1:32768->9000"),
                        "reuse", true, false)));
        Result result = run(engine, "status");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "CLUSTER   SERVICE         STATE    REUSED  OWNER           PORTS",
                "a1b2c3d4  object-store    running  no      4242@host       127.0.0.1:9000->9000",
                "a1b2c3d4  spark-master    running  no      4242@host       127.0.0.1:8887->8080 127.0.0.1:7077->7077",
                "ffee0011  spark-worker-1  exited   no      17@host (gone)  -",
                "c0ffee00  object-store    running  yes     reuse           127.0.0.1:32768->9000",
                "3 cluster(s), 4 container(s)");
    }

    @Test
    void statusWithNoClusterSaysSo() {
        Result result = run(new FakeEngine(true, List.of()), "status");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(StatusCommand.NONE + "\n");
    }

    @Test
    void withoutAnEngineDownAndStatusFailInOneLine() {
        for (String command : List.of("down", "status", "up")) {
            FakeEngine engine = new FakeEngine(false, List.of());
            Result result = run(engine, command);
            assertThat(result.exitCode()).as(command).isEqualTo(DataLakeCli.FAILURE);
            assertThat(result.out()).isEmpty();
            assertThat(result.err().lines().toList()).hasSize(1);
            assertThat(result.err()).startsWith("datalake: no Docker engine is reachable at DOCKER_HOST=tcp://nowhere:2375");
            assertThat(engine.calls).as("nothing is asked of a missing engine").isEmpty();
        }
    }
}
