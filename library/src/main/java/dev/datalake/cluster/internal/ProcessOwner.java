package dev.datalake.cluster.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who made a cluster's containers and network, as its owner label says: the process id, the host,
 * the process's start time and the id of the boot and PID namespace it ran in. A process id alone
 * names another process in another PID namespace (CI jobs in containers sharing the engine and the
 * host name) or after the id was reused; with all four, a process that is gone can be told apart
 * from one this process cannot see. Only what is verifiably dead counts as stale.
 *
 * @param pid the process id in its namespace
 * @param host the host name it ran on
 * @param startMillis when it started (epoch milliseconds), or -1 when unknown
 * @param namespace the boot id and PID namespace it ran in ({@link #currentNamespace()})
 */
public record ProcessOwner(long pid, String host, long startMillis, String namespace) {

    private static final String UNKNOWN = "unknown";

    /** This process. */
    public static ProcessOwner current(String host) {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessOwner(self.pid(), host, startMillis(self).orElse(-1L), currentNamespace());
    }

    /** The label value: {@code <pid>@<host>;start=<millis>;ns=<namespace>}. */
    public String label() {
        return pid + "@" + host + ";start=" + startMillis + ";ns=" + namespace;
    }

    /** The owner a label names, or empty for an older or unknown format (which is then never stale). */
    public static Optional<ProcessOwner> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String[] parts = label.split(";");
        int at = parts[0].indexOf('@');
        if (parts.length != 3 || at < 1 || !parts[1].startsWith("start=") || !parts[2].startsWith("ns=")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessOwner(Long.parseLong(parts[0].substring(0, at)), parts[0].substring(at + 1),
                    Long.parseLong(parts[1].substring(6)), parts[2].substring(3)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this owner is verifiably gone, as seen from {@code observer}: same host and same boot
     * and PID namespace (else its processes are not visible here), and either no process of its id
     * exists while this process can see other users' processes, or the process of that id started at
     * another time (the id was reused).
     */
    public boolean isGone(ProcessOwner observer) {
        if (!host.equals(observer.host) || !namespace.equals(observer.namespace) || namespace.contains(UNKNOWN)
                || startMillis < 0) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            // with /proc mounted hidepid, other users' processes are invisible: absent is not dead
            return canSeeOtherUsersProcesses();
        }
        return startMillis(process.get()).map(started -> started != startMillis).orElse(false);
    }

    /** The boot id and the PID namespace of this process, where the system says them (Linux). */
    static String currentNamespace() {
        String boot = read(Path.of("/proc/sys/kernel/random/boot_id"));
        String pidNamespace;
        try {
            pidNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            pidNamespace = UNKNOWN;
        }
        if (boot.equals(UNKNOWN)) {
            // elsewhere: the start of process 1 stands for the boot (no PID namespaces there)
            boot = ProcessHandle.of(1).flatMap(ProcessOwner::startMillis).map(String::valueOf).orElse(UNKNOWN);
            pidNamespace = "host";
        }
        return (boot + "/" + pidNamespace).replaceAll("[^A-Za-z0-9:/\\[\\]._-]", "");
    }

    private static boolean canSeeOtherUsersProcesses() {
        return ProcessHandle.of(1).isPresent();
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException | SecurityException e) {
            return UNKNOWN;
        }
    }
}
