package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ProcessOwner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Failures explain themselves and leave nothing behind; bad input starts nothing. */
class HardeningIT {

    private static final Logger LOG = LoggerFactory.getLogger(HardeningIT.class);
    private static final DockerClient DOCKER = DockerClientFactory.lazyClient();

    @Test
    void badInputCreatesNoContainerAndNoNetwork() {
        int before = ownedByThisJvm();
        assertThatThrownBy(() -> DataLakeCluster.builder().sparkWorkers(-1).start())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataLakeCluster.builder().airflowDags(Path.of("missing-dags")).start())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ownedByThisJvm()).isEqualTo(before);
    }

    @Test
    void aProbeThatTimesOutNamesServiceProbeAndLogsAndLeavesNothing() {
        DataLakeStartException e = catchStartFailure(DataLakeCluster.builder()
                .sparkWorkers(1).sparkWorkerMemory("512m").jupyter(false).airflow(false)
                .startupTimeout(Duration.ofSeconds(1)));

        LOG.info("the expected failure:\n{}", e.getMessage());
        assertThat(e.service()).isIn(Service.OBJECT_STORE.id(), Service.SPARK_MASTER.id(), "spark-worker-1");
        assertThat(e.getMessage())
                .contains(e.service() + " did not start")
                .contains("probe '")
                .contains("not ready after 1 s")
                .contains("--- last 50 log lines of " + e.service() + " ---");
        assertNothingLeft(e.clusterId());
    }

    @Test
    void aServiceWhoseProcessExitsFailsAtOnceWithItsLastLogLines() {
        long started = System.nanoTime();
        // a heap no machine has: the master's JVM refuses to start and the container exits
        DataLakeStartException e = catchStartFailure(DataLakeCluster.builder()
                .sparkWorkers(0).jupyter(false).airflow(false).sparkDaemonMemory("200000g"));

        LOG.info("the expected failure after {} ms:\n{}", (System.nanoTime() - started) / 1_000_000, e.getMessage());
        assertThat(e.service()).isEqualTo(Service.SPARK_MASTER.id());
        assertThat(e.getMessage())
                .contains("spark-master did not start")
                .contains("GET :8080/json/")
                .contains("the container exited with code 1")
                .containsPattern("--- last 50 log lines of spark-master ---\n(.*\n)*.*Error occurred during initialization of VM");
        assertNothingLeft(e.clusterId());
    }

    @Test
    void anInterruptedStartLeavesNoContainerOfTheClusterAMinuteLater() throws Exception {
        Set<String> before = ownContainerIds();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread starter = new Thread(() -> {
            try {
                DataLakeCluster.builder().sparkWorkers(2).jupyter(false).airflow(false).start().close();
            } catch (Throwable e) {
                thrown.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        }, "interrupted-start");
        starter.start();
        // interrupted as soon as the first container exists, while the others are being created
        Container first = awaitContainer(c -> !before.contains(c.getId()), Duration.ofMinutes(15));
        String clusterId = first.getLabels().get(ClusterResources.LABEL);
        long interrupted = System.nanoTime();
        starter.interrupt();
        starter.join(TimeUnit.MINUTES.toMillis(2));

        LOG.info("the interrupted start returned after {} ms: {}", (System.nanoTime() - interrupted) / 1_000_000,
                String.valueOf(thrown.get()));
        assertThat(starter.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(DataLakeStartException.class).hasMessageContaining("interrupted");
        assertThat(flagAfter).as("the interrupt flag is set again").isTrue();
        Thread.sleep(TimeUnit.SECONDS.toMillis(60));
        assertNothingLeft(clusterId);
    }

    @Test
    void aWorkerKilledDuringStartIsNamedWithinThirtySeconds() throws Exception {
        Set<String> before = ownContainerIds();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                DataLakeCluster.builder().sparkWorkers(1).jupyter(false).airflow(false).start().close();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "killed-worker-start");
        starter.start();
        Container worker = awaitContainer(c -> !before.contains(c.getId()) && "running".equals(c.getState())
                && "spark-worker-1".equals(c.getLabels().get(ClusterResources.SERVICE_LABEL)), Duration.ofMinutes(15));
        DOCKER.killContainerCmd(worker.getId()).exec();
        long killed = System.nanoTime();
        starter.join(TimeUnit.MINUTES.toMillis(5));
        Duration toFailure = Duration.ofNanos(System.nanoTime() - killed);

        LOG.info("the start failed {} ms after the worker was killed:\n{}", toFailure.toMillis(),
                thrown.get() == null ? "(no failure)" : thrown.get().getMessage());
        assertThat(thrown.get()).isInstanceOf(DataLakeStartException.class);
        DataLakeStartException e = (DataLakeStartException) thrown.get();
        assertThat(e.service()).isEqualTo("spark-worker-1");
        assertThat(e.getMessage()).contains("spark-worker-1 did not start");
        assertThat(toFailure).isLessThan(Duration.ofSeconds(30));
        assertNothingLeft(e.clusterId());
    }

    private static Set<String> ownContainerIds() {
        return DOCKER.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ClusterResources.OWNER_LABEL + "=" + ClusterResources.OWNER)).exec().stream()
                .map(Container::getId).collect(Collectors.toSet());
    }

    /** Polls this JVM's containers until one matches. */
    private static Container awaitContainer(Predicate<Container> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Container c : DOCKER.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(ClusterResources.OWNER_LABEL + "=" + ClusterResources.OWNER)).exec()) {
                if (which.test(c)) {
                    return c;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such container after " + timeout);
    }

    @Test
    void aJvmEndedWithSigtermLeavesNoContainerAndNoNetwork() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                HoldCluster.class.getName())
                .redirectErrorStream(true)
                .start();
        String id = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith(HoldCluster.READY)) {
                    id = line.substring(HoldCluster.READY.length());
                    break;
                }
            }
            assertThat(id).as("the child's output:\n%s", String.join("\n", output)).isNotNull();
            assertThat(labelled(id)).isNotEmpty();

            // SIGTERM, as a CI runner or Ctrl-C would end it (Process.destroy() would also close our end of its output)
            new ProcessBuilder("kill", "-TERM", String.valueOf(child.pid())).inheritIO().start().waitFor();
            out.lines().forEach(output::add);
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        LOG.info("child JVM after SIGTERM:\n{}", String.join("\n", output.subList(Math.max(0, output.size() - 5), output.size())));
        assertNothingLeft(id);
    }

    @Test
    void removeStaleRemovesWhatADeadJvmLeftAndKeepsLiveClusters() throws Exception {
        Process dead = new ProcessBuilder("sleep", "0.3").start();
        long deadStarted = dead.info().startInstant().orElseThrow().toEpochMilli();
        dead.waitFor();
        ProcessOwner self = ProcessOwner.parse(ClusterResources.OWNER).orElseThrow();
        String deadOwner = new ProcessOwner(dead.pid(), self.host(), deadStarted, self.namespace()).label();
        String staleId = "stale" + dev.datalake.cluster.internal.Secrets.randomHex(3);
        String liveId = "live" + dev.datalake.cluster.internal.Secrets.randomHex(3);
        String staleContainer = sleeper(staleId, deadOwner);
        String liveContainer = sleeper(liveId, ClusterResources.OWNER);
        String staleNetwork = DOCKER.createNetworkCmd().withName("datalake-" + staleId)
                .withLabels(Map.of(ClusterResources.LABEL, staleId, ClusterResources.OWNER_LABEL, deadOwner))
                .exec().getId();
        try {
            int removed = DataLakeCluster.removeStale();

            assertThat(removed).isGreaterThanOrEqualTo(2);
            assertNothingLeft(staleId);
            assertThat(labelled(liveId)).extracting(Container::getId).containsExactly(liveContainer);
        } finally {
            ClusterResources.removeLabelled(liveId);
            ClusterResources.removeLabelled(staleId);
        }
        assertThat(staleContainer).isNotBlank();
        assertThat(staleNetwork).isNotBlank();
    }

    private static String sleeper(String clusterId, String owner) {
        String id = DOCKER.createContainerCmd("debian:bookworm-slim").withCmd("sleep", "300")
                .withLabels(Map.of(ClusterResources.LABEL, clusterId, ClusterResources.OWNER_LABEL, owner))
                .exec().getId();
        DOCKER.startContainerCmd(id).exec();
        return id;
    }

    private static DataLakeStartException catchStartFailure(DataLakeCluster.Builder builder) {
        try {
            DataLakeCluster cluster = builder.start();
            cluster.close();
            throw new AssertionError("the cluster started although it should not have");
        } catch (DataLakeStartException e) {
            return e;
        }
    }

    static void assertNothingLeft(String clusterId) {
        assertThat(labelled(clusterId)).as("containers of cluster %s", clusterId).isEmpty();
        assertThat(DOCKER.listNetworksCmd().withFilter("label", List.of(ClusterResources.LABEL + "=" + clusterId)).exec())
                .as("networks of cluster %s", clusterId).isEmpty();
    }

    private static List<Container> labelled(String clusterId) {
        return DOCKER.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ClusterResources.LABEL + "=" + clusterId)).exec();
    }

    private static int ownedByThisJvm() {
        String owner = ClusterResources.OWNER_LABEL + "=" + ClusterResources.OWNER;
        return DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(List.of(owner)).exec().size()
                + DOCKER.listNetworksCmd().withFilter("label", List.of(owner)).exec().size();
    }

    /** Run in a child JVM: starts a small cluster, says its id, and waits to be killed. */
    public static final class HoldCluster {
        static final String READY = "HOLD-CLUSTER-READY ";

        public static void main(String[] args) throws InterruptedException {
            DataLakeCluster cluster = DataLakeCluster.builder().sparkWorkers(0).jupyter(false).airflow(false).start();
            System.out.println(READY + cluster.id());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
