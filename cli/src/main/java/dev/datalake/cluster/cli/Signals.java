package dev.datalake.cluster.cli;

import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM handled by the CLI itself rather than by the JVM's shutdown: so
 * that {@code up} removes the cluster on the main thread and exits 0. Where the signals cannot
 * be handled, a shutdown hook still removes the cluster (the library's own).
 */
final class Signals {

    private Signals() {}

    static void onTermination(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this JVM keeps the signal: its shutdown hooks remove the cluster, the exit code is its own
            }
        }
    }
}
