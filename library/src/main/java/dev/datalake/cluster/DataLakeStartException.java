package dev.datalake.cluster;

/**
 * A service did not come up. The message names the service and the probe it was waiting on, and
 * ends with that container's last log lines; everything the cluster had started is removed.
 */
public class DataLakeStartException extends RuntimeException {

    private final String clusterId;
    private final String service;

    public DataLakeStartException(String clusterId, String service, String message, Throwable cause) {
        super(message, cause);
        this.clusterId = clusterId;
        this.service = service;
    }

    /** The id of the cluster that failed (already removed). */
    public String clusterId() {
        return clusterId;
    }

    /** The service that failed, e.g. {@code spark-master}. */
    public String service() {
        return service;
    }
}
