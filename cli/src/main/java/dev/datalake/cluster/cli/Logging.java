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
        Map.of(
                "defaultLogLevel", "info",
                "showDateTime", "true",
                "dateTimeFormat", "HH:mm:ss",
                "showThreadName", "false",
                "showLogName", "false",
                "log.org.testcontainers", "warn",
                "log.tc", "warn",
                "log.com.github.dockerjava", "warn",
                "log.org.eclipse.aether", "warn",
                "log.org.apache.maven", "warn")
                .forEach((key, value) -> {
                    if (System.getProperty(PREFIX + key) == null) {
                        System.setProperty(PREFIX + key, value);
                    }
                });
    }
}
