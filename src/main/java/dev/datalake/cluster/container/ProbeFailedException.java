package dev.datalake.cluster.container;

/** A readiness probe gave up: the message names the probe and what the service last answered. */
public final class ProbeFailedException extends RuntimeException {

    private final String probe;

    ProbeFailedException(ServiceProbe probe, String reason) {
        super("probe '" + probe.description() + "' failed: " + reason + "; last answer: " + probe.lastAnswer());
        this.probe = probe.description();
    }

    /** The probe's description. */
    public String probe() {
        return probe;
    }
}
