package dev.datalake.cluster.cli;

import java.util.List;

/** What {@code down} and {@code status} ask of the Docker engine; the CLI's tests give it one without Docker. */
interface Engine {

    /** Whether a Docker engine answers. */
    boolean available();

    /** A one-line description of where the engine was looked for, for the error when there is none. */
    String where();

    /** Removes the clusters kept for reuse; how many containers and networks went. */
    int removeReused();

    /** Removes the clusters whose process is gone; how many containers and networks went. */
    int removeStale();

    /** Every container of a data lake cluster on this engine. */
    List<ClusterContainer> containers();

    /**
     * One container of a cluster, as its labels describe it.
     *
     * @param ports published ports as {@code host:port->containerPort}
     * @param owner the process that started it ({@code pid@host}), {@code reuse} for a reused cluster
     * @param stale whether that process is gone (what {@code down} removes)
     */
    record ClusterContainer(String cluster, String service, String state, List<String> ports, String owner,
            boolean reused, boolean stale) {}
}
