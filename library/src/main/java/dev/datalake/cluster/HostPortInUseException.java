package dev.datalake.cluster;

/**
 * A fixed host port the cluster should publish is already taken. Thrown by
 * {@link DataLakeCluster.Builder#start()} before anything starts.
 */
public class HostPortInUseException extends IllegalStateException {

    private final transient HostPort hostPort;
    private final String address;

    public HostPortInUseException(HostPort hostPort, String address) {
        super("host port " + hostPort.hostPort() + " on " + address + " (" + hostPort.description() + " of "
                + hostPort.service() + ") is already in use: stop what listens there, publish on another port "
                + "with hostPort(...), or leave fixed ports out for random ones. Nothing was started.");
        this.hostPort = hostPort;
        this.address = address;
    }

    /** The port that is taken. */
    public HostPort hostPort() {
        return hostPort;
    }

    /** The address the port was to be bound on. */
    public String address() {
        return address;
    }
}
