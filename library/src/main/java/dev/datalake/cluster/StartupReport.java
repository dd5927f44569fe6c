package dev.datalake.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When each service of a cluster started and became ready. {@link #toString()} is the table that
 * {@code start()} logs.
 */
public record StartupReport(Duration images, Duration total, List<Entry> services, List<Endpoint> endpoints) {

    /**
     * Where a user reaches something of the cluster from this machine: a URL and what it takes
     * ({@code notes} may hold credentials: {@link #toString()} leaves them out).
     */
    public record Endpoint(String name, String url, String notes) {}

    /** One service: when {@code start()} began for it, when Docker ran its container, and when its probe passed. */
    public record Entry(String service, Instant requested, Instant containerStarted, Instant ready) {

        /** From the start request to the passing probe. */
        public Duration duration() {
            return Duration.between(requested, ready);
        }

        /** From the running container to the passing probe: the service's own time to ready. */
        public Duration serviceReady() {
            return containerStarted == null ? duration() : Duration.between(containerStarted, ready);
        }
    }

    public StartupReport {
        services = List.copyOf(services);
        endpoints = List.copyOf(endpoints);
    }

    /** This report with the endpoints of the ready cluster. */
    public StartupReport withEndpoints(List<Endpoint> endpoints) {
        return new StartupReport(images, total, services, endpoints);
    }

    /** The slowest service's own time from start request to ready: the floor of a parallel start. */
    public Duration slowest() {
        return services.stream().map(Entry::duration).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public String toString() {
        Instant origin = services.stream().map(Entry::requested).min(Instant::compareTo).orElse(Instant.EPOCH);
        StringBuilder table = new StringBuilder();
        table.append(String.format("%-16s %10s %10s %10s%n", "service", "started", "ready", "duration"));
        for (Entry e : services) {
            table.append(String.format("%-16s %9.1fs %9.1fs %9.1fs%n", e.service(),
                    seconds(origin, e.containerStarted() == null ? e.requested() : e.containerStarted()),
                    seconds(origin, e.ready()), e.duration().toMillis() / 1000.0));
        }
        table.append(String.format("images %.1fs, services %.1fs (slowest %.1fs)", images.toMillis() / 1000.0,
                total.toMillis() / 1000.0, slowest().toMillis() / 1000.0));
        return table.toString();
    }

    private static double seconds(Instant origin, Instant at) {
        return Duration.between(origin, at).toMillis() / 1000.0;
    }
}
