package dev.datalake.cluster.internal;

/**
 * A readiness probe gave up: the message names the probe and what the service last answered; the
 * container's last log lines, read before Testcontainers removed it, come with it, secrets masked.
 */
public final class ProbeFailedException extends RuntimeException {

    /** How many log lines a failure carries. */
    public static final int LOG_LINES = 50;

    private final String probe;
    private final String logTail;

    /** {@code mask} masks the container's secrets in the reason, the last answer and the log lines. */
    ProbeFailedException(ServiceProbe probe, String reason, String logTail, SecretMask mask) {
        super(mask.apply("probe '" + probe.description() + "' failed: " + reason + "; last answer: "
                + probe.lastAnswer()));
        this.probe = probe.description();
        this.logTail = mask.apply(logTail);
    }

    /** The probe's description. */
    public String probe() {
        return probe;
    }

    /** The container's last {@value #LOG_LINES} log lines when the probe gave up. */
    public String logTail() {
        return logTail;
    }
}
