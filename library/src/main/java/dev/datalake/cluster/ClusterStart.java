package dev.datalake.cluster;

import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ContainerLogs;
import dev.datalake.cluster.internal.ProbeFailedException;
import dev.datalake.cluster.internal.SecretMask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Starts a cluster's containers all at once and waits for their probes, reading results in the
 * order they complete. The first failure stops the others (whose probes then fail at once), waits
 * for their start threads so that none creates a container after the cluster is removed, and is
 * reported with the service, its probe and its last log lines; failures of other services that
 * happened on their own come with it as suppressed exceptions. An interrupt aborts the same way and
 * leaves the thread's interrupt flag set.
 */
final class ClusterStart {

    private static final Logger LOG = LoggerFactory.getLogger(DataLakeCluster.class);
    /** How long an aborted start waits for the other services' start threads to give up. */
    static final Duration ABORT_WAIT = Duration.ofSeconds(30);
    /** How long a start thread still running after {@link #ABORT_WAIT} is watched, to sweep what it creates. */
    private static final Duration LATE_SWEEP_WAIT = Duration.ofMinutes(10);

    private final String clusterId;
    private volatile boolean aborted;

    ClusterStart(String clusterId) {
        this.clusterId = clusterId;
    }

    /** Starts every container of {@code services} (by service name) in parallel; the report counts {@code imageTime} too. */
    StartupReport run(Map<String, GenericContainer<?>> services, Duration imageTime) {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, services.size()), r -> {
            Thread t = new Thread(r, "datalake-start-" + clusterId);
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<CompletableFuture<StartupReport.Entry>> completed = new LinkedBlockingQueue<>();
        Map<String, CompletableFuture<StartupReport.Entry>> futures = new LinkedHashMap<>();
        services.forEach((service, container) -> {
            var future = CompletableFuture.supplyAsync(() -> start(service, container), pool);
            futures.put(service, future);
            future.whenComplete((entry, failure) -> completed.add(future));
        });
        pool.shutdown();
        try {
            for (int i = 0; i < futures.size(); i++) {
                CompletableFuture<StartupReport.Entry> next = completed.take();
                if (next.isCompletedExceptionally()) {
                    throw unchecked(abort(services.values(), futures.values(), pool, cause(next)));
                }
            }
        } catch (InterruptedException e) {
            DataLakeStartException interrupted = new DataLakeStartException(clusterId, "cluster",
                    "[" + clusterId + "] interrupted while starting the cluster; what was started is removed", e);
            try {
                throw abort(services.values(), futures.values(), pool, interrupted);
            } finally {
                Thread.currentThread().interrupt();
            }
        }
        List<StartupReport.Entry> entries = futures.values().stream().map(CompletableFuture::join).toList();
        return new StartupReport(imageTime, Duration.ofNanos(System.nanoTime() - started), entries, List.of());
    }

    /**
     * Stops every container, stops the start threads and waits for them (the interrupt flag cleared
     * meanwhile, so that waiting works), then returns {@code first} with the other services' own
     * failures suppressed. A start thread still running then is watched: what it creates is swept.
     */
    private <T extends Throwable> T abort(Collection<GenericContainer<?>> containers,
            Collection<CompletableFuture<StartupReport.Entry>> starts, ExecutorService pool, T first) {
        aborted = true;
        boolean interrupted = Thread.interrupted();
        pool.shutdownNow();
        stopAll(containers);
        try {
            if (!pool.awaitTermination(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("[{}] a start thread is still running {} s after the abort; what it creates is removed "
                        + "when it ends", clusterId, ABORT_WAIT.toSeconds());
                sweepWhenDone(pool);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            sweepWhenDone(pool);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (var start : starts) {
            if (start.isCompletedExceptionally()) {
                Throwable other = cause(start);
                if (other != first && !(other instanceof Aborted notStarted && notStarted.getCause() == null)) {
                    first.addSuppressed(other);
                }
            }
        }
        return first;
    }

    /** Removes the cluster's containers once the last start thread has ended (it may have created one). */
    private void sweepWhenDone(ExecutorService pool) {
        Thread sweeper = new Thread(() -> {
            try {
                pool.awaitTermination(LATE_SWEEP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int removed = ClusterResources.removeLabelled(clusterId);
            if (removed > 0) {
                LOG.info("[{}] removed {} container(s) and network(s) a late start thread created", clusterId, removed);
            }
        }, "datalake-sweep-" + clusterId);
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /** A start thread's failure as thrown: an {@code Error} stays one (only unchecked ones reach here). */
    private RuntimeException unchecked(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return failure instanceof RuntimeException e ? e
                : new DataLakeStartException(clusterId, "cluster", failure.toString(), failure);
    }

    private static Throwable cause(CompletableFuture<?> failed) {
        try {
            failed.join();
            throw new IllegalStateException("not a failed start");
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private StartupReport.Entry start(String service, GenericContainer<?> container) {
        if (aborted) {
            throw new Aborted(clusterId, service, null);
        }
        Instant requested = Instant.now();
        LOG.info("[{}] starting {} from {}", clusterId, service, container.getDockerImageName());
        try {
            container.start();
        } catch (RuntimeException e) {
            if (aborted) {
                throw new Aborted(clusterId, service, e);
            }
            throw failure(service, container, e);
        }
        Instant ready = Instant.now();
        Instant containerStarted = null;
        try {
            containerStarted = Instant.parse(container.getContainerInfo().getState().getStartedAt());
        } catch (RuntimeException ignored) {
            // the report then counts from the start request
        }
        if (containerStarted != null && containerStarted.isBefore(requested)) {
            containerStarted = null; // a reused container, started by an earlier run
        }
        LOG.info("[{}] {} ready in {} ms", clusterId, service, Duration.between(requested, ready).toMillis());
        return new StartupReport.Entry(service, requested, containerStarted, ready);
    }

    /** The service, what its probe waited on and last heard, and the container's last log lines. */
    private DataLakeStartException failure(String service, GenericContainer<?> container, RuntimeException e) {
        String reason = null;
        String logs = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProbeFailedException probe) {
                reason = probe.getMessage();
                logs = probe.logTail();
                break;
            }
        }
        if (reason == null) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            reason = root.getMessage();
        }
        if (logs == null) {
            logs = ContainerLogs.tail(container.getContainerId(), ProbeFailedException.LOG_LINES);
        }
        return new DataLakeStartException(clusterId, service, SecretMask.of(container).apply("[" + clusterId + "] "
                + service + " did not start: " + reason + "\n--- last " + ProbeFailedException.LOG_LINES
                + " log lines of " + service + " ---\n" + logs), e);
    }

    /**
     * Runs {@code cleanup} after {@code failure} and returns the failure, with what went wrong in
     * the cleanup suppressed: a cleanup problem never hides why the start failed. The interrupt flag
     * is cleared during the cleanup (Docker calls would fail on it) and set again after.
     */
    static <T extends Throwable> T cleanUpAfter(T failure, Runnable cleanup) {
        boolean interrupted = Thread.interrupted();
        try {
            cleanup.run();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return failure;
    }

    /** Stops every container at once; one that cannot be stopped is logged, not thrown. */
    static void stopAll(Collection<? extends GenericContainer<?>> containers) {
        CompletableFuture.allOf(containers.stream()
                .map(c -> CompletableFuture.runAsync(() -> stopQuietly(c)))
                .toArray(CompletableFuture[]::new)).join();
    }

    private static void stopQuietly(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("could not stop {}: {}", container.getDockerImageName(), e.getMessage());
        }
    }

    /**
     * A service stopped, or never started, because another one failed first: its cause (when it had
     * started) is how it ended when it was stopped.
     */
    static final class Aborted extends DataLakeStartException {
        Aborted(String clusterId, String service, Throwable cause) {
            super(clusterId, service, cause == null ? service + " was not started: another service failed first"
                    : service + " was stopped: another service failed first", cause);
        }
    }
}
