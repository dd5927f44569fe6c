package dev.datalake.cluster.cli;

import java.util.Map;

/**
 * The CLI's log output (slf4j-simple, shaded into the CLI jar): what the library does, one short
 * line each, on stderr; Testcontainers' and docker-java's own chatter only when it is a warning.
 * System properties set on the command line win.
 */
final class Logging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {}

    static void configure() {
        Map.ofEntries(
                Map.entry("defaultLogLevel", "info"),
                Map.entry("showDateTime", "true"),
                Map.entry("dateTimeFormat", "HH:mm:ss"),
                Map.entry("showThreadName", "false"),
                Map.entry("showLogName", "false"),
                Map.entry("log.org.testcontainers", "warn"),
                // its search for an engine logs every strategy it tried at ERROR; the CLI says it in one line
                Map.entry("log.org.testcontainers.dockerclient", "off"),
                Map.entry("log.tc", "warn"),
                Map.entry("log.com.github.dockerjava", "warn"),
                Map.entry("log.org.eclipse.aether", "warn"),
                Map.entry("log.org.apache.maven", "warn"))
                .forEach((key, value) -> {
                    if (System.getProperty(PREFIX + key) == null) {
                        System.setProperty(PREFIX + key, value);
                    }
                });
    }
}
