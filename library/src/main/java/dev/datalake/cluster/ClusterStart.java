package dev.datalake.cluster;

import dev.datalake.cluster.internal.ContainerLogs;
import dev.datalake.cluster.internal.ProbeFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Starts a cluster's containers all at once and waits for their probes. When one fails it stops the
 * others (whose probes then fail at once), waits for their start threads so that none creates a
 * container after the cluster is removed, and reports the first failure with the service, its probe
 * and its last log lines.
 */
final class ClusterStart {

    private static final Logger LOG = LoggerFactory.getLogger(DataLakeCluster.class);
    /** How long an aborted start waits for each other service's start thread to give up. */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(30);

    private final String clusterId;
    private volatile boolean aborted;

    ClusterStart(String clusterId) {
        this.clusterId = clusterId;
    }

    /** Starts every container of {@code services} (by service name) in parallel; the report counts {@code imageTime} too. */
    StartupReport run(Map<String, GenericContainer<?>> services, Duration imageTime) {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(services.size(), r -> {
            Thread t = new Thread(r, "datalake-start-" + clusterId);
            t.setDaemon(true);
            return t;
        });
        Map<String, CompletableFuture<StartupReport.Entry>> futures = new LinkedHashMap<>();
        try {
            services.forEach((service, container) -> futures.put(service,
                    CompletableFuture.supplyAsync(() -> start(service, container), pool)));
            List<StartupReport.Entry> entries = new ArrayList<>();
            for (var future : futures.values()) {
                try {
                    entries.add(future.get());
                } catch (ExecutionException e) {
                    abort(services.values(), futures.values());
                    throw (RuntimeException) e.getCause();
                }
            }
            return new StartupReport(imageTime, Duration.ofNanos(System.nanoTime() - started), entries, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataLakeStartException(clusterId, "cluster", "interrupted while starting the cluster", e);
        } finally {
            pool.shutdown();
        }
    }

    private void abort(Collection<GenericContainer<?>> containers,
            Collection<CompletableFuture<StartupReport.Entry>> starts) {
        aborted = true;
        stopAll(containers);
        for (var start : starts) {
            try {
                start.get(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // its own failure, or still stuck: removing the cluster sweeps by label after this
            }
        }
    }

    private StartupReport.Entry start(String service, GenericContainer<?> container) {
        if (aborted) {
            throw new DataLakeStartException(clusterId, service,
                    service + " was not started: another service failed first", null);
        }
        Instant requested = Instant.now();
        LOG.info("[{}] starting {} from {}", clusterId, service, container.getDockerImageName());
        try {
            container.start();
        } catch (RuntimeException e) {
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
        return new DataLakeStartException(clusterId, service, "[" + clusterId + "] " + service + " did not start: "
                + reason + "\n--- last " + ProbeFailedException.LOG_LINES + " log lines of " + service + " ---\n"
                + logs, e);
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
}
