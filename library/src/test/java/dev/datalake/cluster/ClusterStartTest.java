package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** The parallel start without Docker: containers whose start() and stop() the test scripts. */
class ClusterStartTest {

    @Test
    void aWorkerThatFailsFirstIsReportedAtOnceAndTheMastersEndIsAttached() {
        Fake master = new Fake(self -> {
            self.awaitStop();
            throw new IllegalStateException("master stopped while waiting for its workers");
        });
        Fake worker = new Fake(self -> {
            sleep(100);
            throw new IllegalStateException("worker container exited with code 137");
        });
        Map<String, GenericContainer<?>> services = new LinkedHashMap<>();
        services.put("spark-master", master);
        services.put("spark-worker-1", worker);

        long started = System.nanoTime();
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> failure(services));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(thrown).isInstanceOf(DataLakeStartException.class)
                .hasMessageContaining("spark-worker-1 did not start")
                .hasMessageContaining("code 137");
        assertThat(((DataLakeStartException) thrown).service()).isEqualTo("spark-worker-1");
        assertThat(thrown.getSuppressed()).singleElement()
                .satisfies(s -> assertThat(((DataLakeStartException) s).service()).isEqualTo("spark-master"))
                .satisfies(s -> assertThat(s).hasMessageContaining("spark-master was stopped")
                        .hasRootCauseMessage("master stopped while waiting for its workers"));
        assertThat(master.stopped.getCount()).isZero();
    }

    @Test
    void theFailureMessageMasksTheContainersSecrets() {
        Fake airflow = new Fake(self -> {
            throw new IllegalStateException("login as admin/airflow-pass-1 failed; token jupyter-token-1");
        });
        airflow.withEnv("DATALAKE_AIRFLOW_ADMIN_PASSWORD", "airflow-pass-1").withEnv("JUPYTER_TOKEN", "jupyter-token-1");

        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> failure(Map.of("airflow", airflow)));

        assertThat(thrown).hasMessageContaining("airflow did not start")
                .hasMessageContaining("admin/**** failed; token ****")
                .message().doesNotContain("airflow-pass-1").doesNotContain("jupyter-token-1");
    }

    @Test
    void anErrorInAStartThreadIsThrownAsItIs() {
        Map<String, GenericContainer<?>> services = new LinkedHashMap<>();
        services.put("spark-master", new Fake(Fake::awaitStop));
        services.put("object-store", new Fake(self -> {
            throw new NoClassDefFoundError("com/example/Missing");
        }));

        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> failure(services));

        assertThat(thrown).isInstanceOf(NoClassDefFoundError.class).hasMessage("com/example/Missing");
    }

    @Test
    void anInterruptStopsEveryStartThreadBeforeItReturnsAndKeepsTheFlag() throws Exception {
        CountDownLatch creating = new CountDownLatch(1);
        AtomicBoolean created = new AtomicBoolean();
        // a start thread that ignores interrupts for a while, as one creating a container does
        Fake slow = new Fake(self -> {
            creating.countDown();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            created.set(true);
        });
        Map<String, GenericContainer<?>> services = new LinkedHashMap<>();
        services.put("spark-master", slow);
        services.put("spark-worker-1", new Fake(Fake::awaitStop));

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean createdWhenThrown = new AtomicBoolean();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread starter = new Thread(() -> {
            try {
                new ClusterStart("test").run(services, Duration.ZERO);
            } catch (Throwable e) {
                createdWhenThrown.set(created.get());
                thrown.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        starter.start();
        assertThat(creating.await(5, TimeUnit.SECONDS)).isTrue();
        starter.interrupt();
        starter.join(TimeUnit.SECONDS.toMillis(40));

        assertThat(starter.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(DataLakeStartException.class).hasMessageContaining("interrupted");
        assertThat(createdWhenThrown).as("the start thread had finished before start() gave up").isTrue();
        assertThat(flagAfter).as("the interrupt flag is set again").isTrue();
    }

    @Test
    void aCleanupProblemIsSuppressedNotThrownAndTheInterruptFlagStays() {
        DataLakeStartException failure = new DataLakeStartException("c", "spark-master", "did not start", null);
        Thread.currentThread().interrupt();
        AtomicBoolean interruptedDuringCleanup = new AtomicBoolean(true);

        DataLakeStartException returned = ClusterStart.cleanUpAfter(failure, () -> {
            interruptedDuringCleanup.set(Thread.currentThread().isInterrupted());
            throw new IllegalStateException("network in use");
        });

        assertThat(Thread.interrupted()).isTrue();
        assertThat(returned).isSameAs(failure);
        assertThat(returned.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("network in use"));
        assertThat(interruptedDuringCleanup).isFalse();
    }

    private static Throwable failure(Map<String, GenericContainer<?>> services) {
        try {
            new ClusterStart("test").run(services, Duration.ZERO);
            throw new AssertionError("the start should have failed");
        } catch (RuntimeException | Error e) {
            if (e instanceof AssertionError && "the start should have failed".equals(e.getMessage())) {
                throw e;
            }
            return e;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A container whose start() runs the test's script and whose stop() is only recorded. */
    static final class Fake extends GenericContainer<Fake> {
        interface Script {
            void run(Fake self);
        }

        private final Script script;
        final CountDownLatch stopped = new CountDownLatch(1);

        Fake(Script script) {
            super(DockerImageName.parse("example/fake:1"));
            this.script = script;
        }

        void awaitStop() {
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void start() {
            script.run(this);
        }

        @Override
        public void stop() {
            stopped.countDown();
        }

        @Override
        public String getDockerImageName() {
            return "example/fake:1";
        }
    }
}
